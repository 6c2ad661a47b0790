-- DropIndex
DROP INDEX "DocumentHash_documentId_idx";

