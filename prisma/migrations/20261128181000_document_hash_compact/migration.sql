-- DocumentHash as one B-tree: a WITHOUT ROWID table keyed by (hash, documentId), without the
-- rowid table beside the key's index, and without the index on documentId (a document's rows
-- are deleted by their keys, read from its fingerprint: lib/dedupe/store.ts). About 40 % of the
-- near-duplicate tables' size.
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DocumentHash" (
    "hash" BIGINT NOT NULL,
    "documentId" INTEGER NOT NULL,

    PRIMARY KEY ("hash", "documentId"),
    CONSTRAINT "DocumentHash_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_DocumentHash" ("hash", "documentId") SELECT "hash", "documentId" FROM "DocumentHash" ORDER BY "hash", "documentId";
DROP TABLE "DocumentHash";
ALTER TABLE "new_DocumentHash" RENAME TO "DocumentHash";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
