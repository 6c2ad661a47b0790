-- CreateIndex
CREATE INDEX "Document_textCounted_idx" ON "Document"("textCounted");
