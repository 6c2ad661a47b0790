-- CreateIndex
CREATE INDEX "Phrase_quotedCount_idx" ON "Phrase"("quotedCount");
