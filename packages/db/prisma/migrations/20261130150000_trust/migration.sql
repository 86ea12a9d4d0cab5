-- AlterTable
ALTER TABLE "Checkin" ADD COLUMN     "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "OutboxEvent" ADD COLUMN     "unitId" UUID;

-- CreateIndex
CREATE INDEX "OutboxEvent_campaignId_unitId_seq_idx" ON "OutboxEvent"("campaignId", "unitId", "seq");

-- Workflow events of a unit carry it in the column (the live feed filters by it); older rows get it from their data.
UPDATE "OutboxEvent" SET "unitId" = ("data"->>'unitId')::uuid WHERE "data" ? 'unitId' AND "unitId" IS NULL;
UPDATE "OutboxEvent" o SET "unitId" = p."unitId"
  FROM "Activity" a JOIN "Participation" p ON p."id" = a."participationId"
 WHERE o."type" = 'activity.held' AND o."unitId" IS NULL AND a."id" = (o."data"->>'activityId')::uuid;
UPDATE "OutboxEvent" o SET "unitId" = n."unitId"
  FROM "Nomination" n
 WHERE o."type" = 'nomination.transitioned' AND o."unitId" IS NULL AND n."id" = (o."data"->>'nominationId')::uuid;
