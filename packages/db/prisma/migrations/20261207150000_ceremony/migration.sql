-- AlterTable
ALTER TABLE "KioskDevice" ADD COLUMN     "disconnectedAt" TIMESTAMPTZ(3),
ADD COLUMN     "expiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'screen',
ADD COLUMN     "lastSyncAt" TIMESTAMPTZ(3),
ADD COLUMN     "offlineAlertedAt" TIMESTAMPTZ(3),
ADD COLUMN     "presenceSocket" TEXT,
ADD COLUMN     "queueLength" INTEGER,
ADD COLUMN     "sessionId" UUID,
ADD COLUMN     "version" TEXT;

-- CreateIndex
CREATE INDEX "KioskDevice_sessionId_idx" ON "KioskDevice"("sessionId");

-- AddForeignKey
ALTER TABLE "KioskDevice" ADD CONSTRAINT "KioskDevice_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "CheckinSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: a device is a ceremony screen or a check-in desk; a desk link belongs to a venue's session and ends.
ALTER TABLE "KioskDevice" ADD CONSTRAINT "KioskDevice_kind_check" CHECK ("kind" IN ('screen', 'desk'));
ALTER TABLE "KioskDevice" ADD CONSTRAINT "KioskDevice_desk_check" CHECK ("kind" <> 'desk' OR ("sessionId" IS NOT NULL AND "expiresAt" IS NOT NULL));
ALTER TABLE "KioskDevice" ADD CONSTRAINT "KioskDevice_queueLength_check" CHECK ("queueLength" IS NULL OR "queueLength" >= 0);

-- CreateIndex: the wall's newest arrivals, as received.
CREATE INDEX "Checkin_sessionId_receivedAt_idx" ON "Checkin"("sessionId", "receivedAt");
