-- History (reverts) and promotions.
-- Reverts are revisions too: which version a revert brought back, and (for the
-- entry fields, whose rows had no action) what kind of revision each is.
-- Existing rows are kept as they are: notes keep their actions, entry-field rows are edits.
ALTER TABLE "NoteRevision" ADD COLUMN "revertOf" INTEGER;
ALTER TABLE "PhraseRevision" ADD COLUMN "action" TEXT NOT NULL DEFAULT 'edit';
ALTER TABLE "PhraseRevision" ADD COLUMN "revertOf" INTEGER;

-- Promotions of search strings, kept so that an editor can undo one.
CREATE TABLE "Promotion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "phraseId" INTEGER NOT NULL,
    "query" TEXT NOT NULL,
    "created" BOOLEAN NOT NULL,
    "previousOrigin" TEXT,
    "firstOccurrenceId" INTEGER,
    "lastOccurrenceId" INTEGER,
    "occurrences" INTEGER NOT NULL DEFAULT 0,
    "author" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoneAt" DATETIME,
    "undoneBy" TEXT
);
CREATE INDEX "Promotion_phraseId_idx" ON "Promotion"("phraseId");
