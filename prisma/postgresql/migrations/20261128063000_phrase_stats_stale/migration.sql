-- AlterTable
ALTER TABLE "Phrase" ADD COLUMN     "statsStale" BOOLEAN NOT NULL DEFAULT false;

