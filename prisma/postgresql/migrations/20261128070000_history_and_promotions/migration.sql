-- AlterTable
ALTER TABLE "NoteRevision" ADD COLUMN     "revertOf" INTEGER;

-- AlterTable
ALTER TABLE "PhraseRevision" ADD COLUMN     "action" TEXT NOT NULL DEFAULT 'edit',
ADD COLUMN     "revertOf" INTEGER;

-- CreateTable
CREATE TABLE "Promotion" (
    "id" SERIAL NOT NULL,
    "phraseId" INTEGER NOT NULL,
    "query" TEXT NOT NULL,
    "created" BOOLEAN NOT NULL,
    "previousOrigin" TEXT,
    "firstOccurrenceId" INTEGER,
    "lastOccurrenceId" INTEGER,
    "occurrences" INTEGER NOT NULL DEFAULT 0,
    "author" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoneAt" TIMESTAMP(3),
    "undoneBy" TEXT,

    CONSTRAINT "Promotion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Promotion_phraseId_idx" ON "Promotion"("phraseId");

