-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DocumentHash" (
    "hash" BIGINT NOT NULL,
    "documentId" INTEGER NOT NULL,

    PRIMARY KEY ("hash", "documentId"),
    CONSTRAINT "DocumentHash_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_DocumentHash" ("documentId", "hash") SELECT "documentId", "hash" FROM "DocumentHash";
DROP TABLE "DocumentHash";
ALTER TABLE "new_DocumentHash" RENAME TO "DocumentHash";
CREATE INDEX "DocumentHash_documentId_idx" ON "DocumentHash"("documentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

