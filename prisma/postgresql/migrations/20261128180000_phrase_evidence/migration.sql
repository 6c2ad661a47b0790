-- AlterTable
ALTER TABLE "Phrase" ADD COLUMN     "authoritativeDocumentCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "collectionCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "quotedAuthoritativeDocumentCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "quotedDocumentCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "thingFollowedCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "titleMarkedCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "yearCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "PhraseForm" ADD COLUMN     "quotedCount" INTEGER NOT NULL DEFAULT 0;


-- The new columns are empty: the next ingest recounts every phrase's figures and evidence
-- once (lib/ingest/stats.ts) and rescores it; from then on new documents add to them.
UPDATE "Phrase" SET "statsStale" = true, "scored" = false;
