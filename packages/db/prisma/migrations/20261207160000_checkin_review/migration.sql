-- Self check-ins held for the organiser's review (a burst from one address): counted only once approved.
CREATE TABLE "CheckinHold" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "personKey" TEXT NOT NULL,
    "campaignPersonKey" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unitId" UUID,
    "phoneHash" TEXT,
    "addressHash" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CheckinHold_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "CheckinHold_sessionId_idempotencyKey_key" ON "CheckinHold"("sessionId", "idempotencyKey");
CREATE INDEX "CheckinHold_sessionId_at_idx" ON "CheckinHold"("sessionId", "at");
ALTER TABLE "CheckinHold" ADD CONSTRAINT "CheckinHold_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "CheckinSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "CheckinHold" ADD CONSTRAINT "CheckinHold_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "CheckinHold" ADD CONSTRAINT "CheckinHold_name_check" CHECK (length("name") BETWEEN 1 AND 40);

