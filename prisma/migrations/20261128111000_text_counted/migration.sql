-- AlterTable
ALTER TABLE "Document" ADD COLUMN "textCounted" BOOLEAN NOT NULL DEFAULT false;

-- No document is counted yet: the next ingest counts every short wording afresh, from the
-- search index's gram counts, and marks the kept documents counted (lib/curation/text-uses.ts).
UPDATE "Phrase" SET "textUses" = NULL;
