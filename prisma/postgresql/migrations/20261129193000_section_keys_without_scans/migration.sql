-- DropForeignKey
ALTER TABLE "Section" DROP CONSTRAINT "Section_parentId_fkey";

-- DropForeignKey
ALTER TABLE "Occurrence" DROP CONSTRAINT "Occurrence_sectionId_fkey";

