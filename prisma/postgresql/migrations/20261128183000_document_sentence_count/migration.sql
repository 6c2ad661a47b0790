-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "firstSentenceId" INTEGER,
ADD COLUMN     "sentenceCount" INTEGER NOT NULL DEFAULT 0;


-- From the stored sentences: a document's last ordinal and its first sentence's id.
UPDATE "Document" SET
  "sentenceCount" = coalesce((SELECT max("ordinal") + 1 FROM "Sentence" WHERE "Sentence"."documentId" = "Document"."id"), 0),
  "firstSentenceId" = (SELECT "id" FROM "Sentence" WHERE "Sentence"."documentId" = "Document"."id" AND "Sentence"."ordinal" = 0);
