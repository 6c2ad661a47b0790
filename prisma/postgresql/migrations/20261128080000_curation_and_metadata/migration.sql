-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "collection" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "duplicateOf" INTEGER,
ADD COLUMN     "duplicateScore" DOUBLE PRECISION,
ADD COLUMN     "editedDate" TEXT,
ADD COLUMN     "editedTitle" TEXT,
ADD COLUMN     "genre" TEXT NOT NULL DEFAULT 'other',
ADD COLUMN     "region" TEXT,
ADD COLUMN     "speaker" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Phrase" ADD COLUMN     "mergedIntoId" INTEGER,
ADD COLUMN     "score" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "scored" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'candidate',
ADD COLUMN     "textUses" INTEGER;

-- CreateTable
CREATE TABLE "DocumentHash" (
    "hash" INTEGER NOT NULL,
    "documentId" INTEGER NOT NULL,

    CONSTRAINT "DocumentHash_pkey" PRIMARY KEY ("hash","documentId")
);

-- CreateTable
CREATE TABLE "DocumentRevision" (
    "id" SERIAL NOT NULL,
    "documentId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentRevision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DocumentHash_documentId_idx" ON "DocumentHash"("documentId");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentRevision_documentId_version_key" ON "DocumentRevision"("documentId", "version");

-- CreateIndex
CREATE INDEX "Document_duplicateOf_idx" ON "Document"("duplicateOf");

-- CreateIndex
CREATE INDEX "Document_collection_genre_idx" ON "Document"("collection", "genre");

-- CreateIndex
CREATE INDEX "Phrase_status_score_idx" ON "Phrase"("status", "score");

-- AddForeignKey
ALTER TABLE "DocumentHash" ADD CONSTRAINT "DocumentHash_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentRevision" ADD CONSTRAINT "DocumentRevision_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

