-- AlterTable
ALTER TABLE "CheckinSession" ADD COLUMN     "rehearsal" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "rehearsalReport" JSONB;

-- Hand-written: only a rehearsal's session carries a rehearsal report.
ALTER TABLE "CheckinSession" ADD CONSTRAINT "CheckinSession_rehearsal_report_check" CHECK ("rehearsalReport" IS NULL OR "rehearsal");
