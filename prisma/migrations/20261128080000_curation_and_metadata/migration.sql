-- Documents you can place: collection, genre, region, speaker; near-duplicates; editor-set metadata.
ALTER TABLE "Document" ADD COLUMN "collection" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Document" ADD COLUMN "genre" TEXT NOT NULL DEFAULT 'other';
ALTER TABLE "Document" ADD COLUMN "region" TEXT;
ALTER TABLE "Document" ADD COLUMN "speaker" TEXT;
ALTER TABLE "Document" ADD COLUMN "duplicateOf" INTEGER;
ALTER TABLE "Document" ADD COLUMN "duplicateScore" REAL;
ALTER TABLE "Document" ADD COLUMN "editedTitle" TEXT;
ALTER TABLE "Document" ADD COLUMN "editedDate" TEXT;
ALTER TABLE "Document" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
CREATE INDEX "Document_duplicateOf_idx" ON "Document"("duplicateOf");
CREATE INDEX "Document_collection_genre_idx" ON "Document"("collection", "genre");

-- Curation: status set by editors, a computed score, corpus uses of short wordings, merges.
ALTER TABLE "Phrase" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'candidate';
ALTER TABLE "Phrase" ADD COLUMN "score" REAL NOT NULL DEFAULT 0;
ALTER TABLE "Phrase" ADD COLUMN "scored" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Phrase" ADD COLUMN "textUses" INTEGER;
ALTER TABLE "Phrase" ADD COLUMN "mergedIntoId" INTEGER;
CREATE INDEX "Phrase_status_score_idx" ON "Phrase"("status", "score");

-- CreateTable
CREATE TABLE "DocumentHash" (
    "hash" INTEGER NOT NULL,
    "documentId" INTEGER NOT NULL,

    PRIMARY KEY ("hash", "documentId"),
    CONSTRAINT "DocumentHash_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "DocumentHash_documentId_idx" ON "DocumentHash"("documentId");

-- CreateTable
CREATE TABLE "DocumentRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "documentId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DocumentRevision_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "DocumentRevision_documentId_version_key" ON "DocumentRevision"("documentId", "version");
