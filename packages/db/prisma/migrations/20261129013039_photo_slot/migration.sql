-- AlterTable
ALTER TABLE "Photo" ALTER COLUMN "sortNo" DROP DEFAULT;

-- CreateIndex
CREATE UNIQUE INDEX "Photo_participationId_sortNo_key" ON "Photo"("participationId", "sortNo");

-- A photo's slot is 1..9 (the campaign rule, photos required, is 3); with the unique index
-- above, a summary can never hold more photos than slots.
ALTER TABLE "Photo" ADD CONSTRAINT "Photo_sortNo_check" CHECK ("sortNo" BETWEEN 1 AND 9);
