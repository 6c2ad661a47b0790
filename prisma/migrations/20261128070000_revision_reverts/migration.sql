-- Reverts are revisions too: which version a revert brought back, and (for the
-- entry fields, whose rows had no action) what kind of revision each is.
-- Existing rows are kept as they are: notes keep their actions, entry-field rows are edits.
ALTER TABLE "NoteRevision" ADD COLUMN "revertOf" INTEGER;
ALTER TABLE "PhraseRevision" ADD COLUMN "action" TEXT NOT NULL DEFAULT 'edit';
ALTER TABLE "PhraseRevision" ADD COLUMN "revertOf" INTEGER;
