-- AlterTable
ALTER TABLE "DocumentHash" DROP CONSTRAINT "DocumentHash_pkey",
ALTER COLUMN "hash" SET DATA TYPE BIGINT,
ADD CONSTRAINT "DocumentHash_pkey" PRIMARY KEY ("hash", "documentId");

