-- CreateTable
CREATE TABLE "Document" (
    "id" SERIAL NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "date" TEXT,
    "year" INTEGER,
    "source" TEXT NOT NULL,
    "url" TEXT,
    "format" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "charCount" INTEGER NOT NULL,
    "ingestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Section" (
    "id" SERIAL NOT NULL,
    "documentId" INTEGER NOT NULL,
    "parentId" INTEGER,
    "ordinal" INTEGER NOT NULL,
    "depth" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "path" TEXT NOT NULL,

    CONSTRAINT "Section_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sentence" (
    "id" SERIAL NOT NULL,
    "documentId" INTEGER NOT NULL,
    "sectionId" INTEGER,
    "paragraph" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "heading" BOOLEAN NOT NULL DEFAULT false,
    "text" TEXT NOT NULL,

    CONSTRAINT "Sentence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Phrase" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "simplified" TEXT NOT NULL,
    "traditional" TEXT NOT NULL,
    "pinyin" TEXT NOT NULL,
    "pinyinPlain" TEXT NOT NULL,
    "pinyinInitials" TEXT NOT NULL,
    "pinyinSort" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "kindSource" TEXT NOT NULL DEFAULT 'auto',
    "origin" TEXT NOT NULL DEFAULT 'quoted',
    "pinyinOverride" TEXT,
    "translation" TEXT,
    "definition" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "occurrenceCount" INTEGER NOT NULL DEFAULT 0,
    "quotedCount" INTEGER NOT NULL DEFAULT 0,
    "documentCount" INTEGER NOT NULL DEFAULT 0,
    "firstDocumentId" INTEGER,
    "firstDate" TEXT,
    "lastDocumentId" INTEGER,
    "lastDate" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Phrase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PhraseForm" (
    "phraseId" INTEGER NOT NULL,
    "form" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "PhraseForm_pkey" PRIMARY KEY ("phraseId","form")
);

-- CreateTable
CREATE TABLE "Occurrence" (
    "id" SERIAL NOT NULL,
    "phraseId" INTEGER NOT NULL,
    "sentenceId" INTEGER NOT NULL,
    "documentId" INTEGER NOT NULL,
    "sectionId" INTEGER,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "quoted" BOOLEAN NOT NULL,

    CONSTRAINT "Occurrence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Note" (
    "id" SERIAL NOT NULL,
    "phraseId" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NoteRevision" (
    "id" SERIAL NOT NULL,
    "noteId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NoteRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PhraseRevision" (
    "id" SERIAL NOT NULL,
    "phraseId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PhraseRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SearchGram" (
    "gram" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "ranks" BYTEA NOT NULL,

    CONSTRAINT "SearchGram_pkey" PRIMARY KEY ("gram")
);

-- CreateTable
CREATE TABLE "SearchMeta" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "blob" BYTEA,

    CONSTRAINT "SearchMeta_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Document_sourceKey_key" ON "Document"("sourceKey");

-- CreateIndex
CREATE INDEX "Document_date_idx" ON "Document"("date");

-- CreateIndex
CREATE INDEX "Document_ingestedAt_idx" ON "Document"("ingestedAt");

-- CreateIndex
CREATE INDEX "Section_documentId_ordinal_idx" ON "Section"("documentId", "ordinal");

-- CreateIndex
CREATE INDEX "Sentence_documentId_ordinal_idx" ON "Sentence"("documentId", "ordinal");

-- CreateIndex
CREATE INDEX "Sentence_sectionId_idx" ON "Sentence"("sectionId");

-- CreateIndex
CREATE UNIQUE INDEX "Phrase_key_key" ON "Phrase"("key");

-- CreateIndex
CREATE INDEX "Phrase_occurrenceCount_idx" ON "Phrase"("occurrenceCount");

-- CreateIndex
CREATE INDEX "Phrase_pinyinSort_idx" ON "Phrase"("pinyinSort");

-- CreateIndex
CREATE INDEX "Phrase_firstDate_idx" ON "Phrase"("firstDate");

-- CreateIndex
CREATE INDEX "Phrase_kind_occurrenceCount_idx" ON "Phrase"("kind", "occurrenceCount");

-- CreateIndex
CREATE INDEX "Occurrence_phraseId_documentId_sentenceId_idx" ON "Occurrence"("phraseId", "documentId", "sentenceId");

-- CreateIndex
CREATE INDEX "Occurrence_sentenceId_idx" ON "Occurrence"("sentenceId");

-- CreateIndex
CREATE INDEX "Occurrence_documentId_sectionId_idx" ON "Occurrence"("documentId", "sectionId");

-- CreateIndex
CREATE INDEX "Note_phraseId_createdAt_idx" ON "Note"("phraseId", "createdAt");

-- CreateIndex
CREATE INDEX "Note_updatedAt_idx" ON "Note"("updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "NoteRevision_noteId_version_key" ON "NoteRevision"("noteId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "PhraseRevision_phraseId_version_key" ON "PhraseRevision"("phraseId", "version");

-- AddForeignKey
ALTER TABLE "Section" ADD CONSTRAINT "Section_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Section" ADD CONSTRAINT "Section_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sentence" ADD CONSTRAINT "Sentence_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sentence" ADD CONSTRAINT "Sentence_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhraseForm" ADD CONSTRAINT "PhraseForm_phraseId_fkey" FOREIGN KEY ("phraseId") REFERENCES "Phrase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Occurrence" ADD CONSTRAINT "Occurrence_phraseId_fkey" FOREIGN KEY ("phraseId") REFERENCES "Phrase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Occurrence" ADD CONSTRAINT "Occurrence_sentenceId_fkey" FOREIGN KEY ("sentenceId") REFERENCES "Sentence"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Occurrence" ADD CONSTRAINT "Occurrence_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Occurrence" ADD CONSTRAINT "Occurrence_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_phraseId_fkey" FOREIGN KEY ("phraseId") REFERENCES "Phrase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoteRevision" ADD CONSTRAINT "NoteRevision_noteId_fkey" FOREIGN KEY ("noteId") REFERENCES "Note"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhraseRevision" ADD CONSTRAINT "PhraseRevision_phraseId_fkey" FOREIGN KEY ("phraseId") REFERENCES "Phrase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

