-- CreateIndex
CREATE INDEX "Document_year_idx" ON "Document"("year");

