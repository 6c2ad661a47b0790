-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "linked" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Phrase" ADD COLUMN     "linked" BOOLEAN NOT NULL DEFAULT false;

-- DropTable
DROP TABLE "SearchGram";

-- CreateIndex
CREATE INDEX "Phrase_quotedCount_idx" ON "Phrase"("quotedCount");

