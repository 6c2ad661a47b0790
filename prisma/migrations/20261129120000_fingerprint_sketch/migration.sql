-- A document's fingerprint keeps the low 32 bits of each clause hash (what near-duplicate
-- detection asks of a candidate), not the whole hash: the whole hashes are worked out again
-- from the document's sentences when needed (lib/dedupe/store.ts). The rows go; the next
-- ingest computes every document's fingerprint from its sentences (the catch-up) and
-- leaves DocumentHash as it is.
DROP TABLE "DocumentFingerprint";
CREATE TABLE "DocumentFingerprint" (
    "documentId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sketch" BLOB NOT NULL,
    "clauses" INTEGER NOT NULL,
    "indexed" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "DocumentFingerprint_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "DocumentFingerprint_indexed_idx" ON "DocumentFingerprint"("indexed");
