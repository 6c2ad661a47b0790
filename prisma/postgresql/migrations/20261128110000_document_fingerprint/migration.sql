-- CreateTable
CREATE TABLE "DocumentFingerprint" (
    "documentId" INTEGER NOT NULL,
    "hashes" BYTEA NOT NULL,
    "clauses" INTEGER NOT NULL,
    "indexed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "DocumentFingerprint_pkey" PRIMARY KEY ("documentId")
);

-- CreateIndex
CREATE INDEX "DocumentFingerprint_indexed_idx" ON "DocumentFingerprint"("indexed");

-- AddForeignKey
ALTER TABLE "DocumentFingerprint" ADD CONSTRAINT "DocumentFingerprint_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The clause hash changed (SHA-1 → xxHash64, lib/dedupe/fingerprint.ts): the old hashes match no
-- new document. The next ingest computes every stored document's fingerprint from its sentences
-- and writes the lookup table again in one sorted batch (lib/dedupe/store.ts).
DELETE FROM "DocumentHash";
