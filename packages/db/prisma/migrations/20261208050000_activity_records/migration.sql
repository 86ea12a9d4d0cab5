-- AlterTable
ALTER TABLE "Activity" ADD COLUMN     "cancelReason" TEXT;

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "enquiryContact" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "ActivityRecord" (
    "id" BIGSERIAL NOT NULL,
    "activityId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "actualParticipants" INTEGER,
    "report" TEXT,
    "cancelReason" TEXT,
    "actorId" UUID,
    "actorLabel" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ActivityRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ActivityRecord_activityId_id_idx" ON "ActivityRecord"("activityId", "id");

-- AddForeignKey
ALTER TABLE "ActivityRecord" ADD CONSTRAINT "ActivityRecord_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What happened at an activity (docs/PRODUCT.md §3, "Held, cancelled, corrected").
-- Records made before this release: one stamped held before its activity started is moved to the
-- start when that has since come (the earliest it can be true), and withdrawn otherwise, its values
-- kept as the first entry of its history; a cancellation without a reason says so.
INSERT INTO "ActivityRecord" ("activityId", "action", "status", "actualParticipants", "report", "actorLabel", "at")
  SELECT "id", 'withdrawn', 'planned', "actualParticipants", "report", '系统：登记早于活动开始，已撤回', now()
  FROM "Activity" WHERE "status" = 'held' AND ("heldAt" IS NULL OR "heldAt" < "startsAt") AND "startsAt" > now();
UPDATE "Activity" SET "status" = 'planned', "heldAt" = NULL, "actualParticipants" = NULL, "report" = NULL
  WHERE "status" = 'held' AND ("heldAt" IS NULL OR "heldAt" < "startsAt") AND "startsAt" > now();
UPDATE "Activity" SET "heldAt" = "startsAt" WHERE "status" = 'held' AND ("heldAt" IS NULL OR "heldAt" < "startsAt");
UPDATE "Activity" SET "heldAt" = NULL WHERE "status" <> 'held' AND "heldAt" IS NOT NULL;
UPDATE "Activity" SET "cancelReason" = '（未记录原因）' WHERE "status" = 'cancelled' AND coalesce(btrim("cancelReason"), '') = '';
UPDATE "Activity" SET "cancelReason" = NULL WHERE "status" <> 'cancelled' AND "cancelReason" IS NOT NULL;

-- Held only from its start, with how many came (the first check asked only for the figures); cancelled only with a reason.
ALTER TABLE "Activity" DROP CONSTRAINT "Activity_held_check";
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_held_check" CHECK (("status" = 'held') = ("heldAt" IS NOT NULL) AND ("status" <> 'held' OR ("heldAt" >= "startsAt" AND "actualParticipants" IS NOT NULL)));
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_cancel_check" CHECK (("status" = 'cancelled') = ("cancelReason" IS NOT NULL) AND ("cancelReason" IS NULL OR length(btrim("cancelReason")) > 0));
ALTER TABLE "ActivityRecord" ADD CONSTRAINT "ActivityRecord_action_check" CHECK ("action" IN ('held', 'corrected', 'withdrawn', 'cancelled', 'reinstated'));
ALTER TABLE "ActivityRecord" ADD CONSTRAINT "ActivityRecord_status_check" CHECK ("status" IN ('planned', 'held', 'cancelled'));
-- The history is kept: an entry is never changed (it goes only with its activity).
CREATE TRIGGER "ActivityRecord_append_only" BEFORE UPDATE ON "ActivityRecord"
  FOR EACH ROW EXECUTE FUNCTION learnweek_append_only();
