-- AlterTable
ALTER TABLE "CheckinSession" ADD COLUMN     "checkinCount" INTEGER NOT NULL DEFAULT 0;

-- Existing check-ins, and the counter never goes below zero.
UPDATE "CheckinSession" s SET "checkinCount" = (SELECT count(*) FROM "Checkin" c WHERE c."sessionId" = s."id");
ALTER TABLE "CheckinSession" ADD CONSTRAINT "CheckinSession_count_check" CHECK ("checkinCount" >= 0);
