-- Occurrence.sectionId and Section.parentId are no longer foreign keys: deleting a section
-- looked for rows naming it in both tables, which no index serves (see schema.prisma).
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Section" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "documentId" INTEGER NOT NULL,
    "parentId" INTEGER,
    "ordinal" INTEGER NOT NULL,
    "depth" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    CONSTRAINT "Section_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Section" ("depth", "documentId", "id", "label", "ordinal", "parentId", "path", "title") SELECT "depth", "documentId", "id", "label", "ordinal", "parentId", "path", "title" FROM "Section";
DROP TABLE "Section";
ALTER TABLE "new_Section" RENAME TO "Section";
CREATE INDEX "Section_documentId_ordinal_idx" ON "Section"("documentId", "ordinal");
CREATE TABLE "new_Occurrence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "phraseId" INTEGER NOT NULL,
    "sentenceId" INTEGER NOT NULL,
    "documentId" INTEGER NOT NULL,
    "sectionId" INTEGER,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "quoted" BOOLEAN NOT NULL,
    CONSTRAINT "Occurrence_phraseId_fkey" FOREIGN KEY ("phraseId") REFERENCES "Phrase" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Occurrence_sentenceId_fkey" FOREIGN KEY ("sentenceId") REFERENCES "Sentence" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Occurrence_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Occurrence" ("documentId", "end", "id", "phraseId", "quoted", "sectionId", "sentenceId", "start") SELECT "documentId", "end", "id", "phraseId", "quoted", "sectionId", "sentenceId", "start" FROM "Occurrence";
DROP TABLE "Occurrence";
ALTER TABLE "new_Occurrence" RENAME TO "Occurrence";
CREATE INDEX "Occurrence_phraseId_documentId_sentenceId_quoted_idx" ON "Occurrence"("phraseId", "documentId", "sentenceId", "quoted");
CREATE INDEX "Occurrence_sentenceId_idx" ON "Occurrence"("sentenceId");
CREATE INDEX "Occurrence_documentId_sectionId_idx" ON "Occurrence"("documentId", "sectionId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

