-- AlterTable
ALTER TABLE "Checkin" ADD COLUMN     "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "OutboxEvent" ADD COLUMN     "unitId" UUID;

-- CreateIndex
CREATE INDEX "OutboxEvent_campaignId_unitId_seq_idx" ON "OutboxEvent"("campaignId", "unitId", "seq");

-- Workflow events of a unit carry it in the column (the live feed filters by it); older rows get it from their data.
UPDATE "OutboxEvent" SET "unitId" = ("data"->>'unitId')::uuid WHERE "data" ? 'unitId' AND "unitId" IS NULL;
