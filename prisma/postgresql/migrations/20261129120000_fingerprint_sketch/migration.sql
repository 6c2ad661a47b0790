-- A document's fingerprint keeps the low 32 bits of each clause hash, not the whole hash
-- (lib/dedupe/store.ts). The rows go; the next ingest computes every document's fingerprint
-- from its sentences (the catch-up) and leaves DocumentHash as it is.
DELETE FROM "DocumentFingerprint";

-- AlterTable
ALTER TABLE "DocumentFingerprint" DROP COLUMN "hashes",
ADD COLUMN     "sketch" BYTEA NOT NULL;
