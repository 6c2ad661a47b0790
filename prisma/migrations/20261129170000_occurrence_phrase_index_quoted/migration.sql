-- DropIndex
DROP INDEX "Occurrence_phraseId_documentId_sentenceId_idx";

-- CreateIndex
CREATE INDEX "Occurrence_phraseId_documentId_sentenceId_quoted_idx" ON "Occurrence"("phraseId", "documentId", "sentenceId", "quoted");
