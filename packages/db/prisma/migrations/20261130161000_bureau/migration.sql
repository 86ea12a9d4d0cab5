-- AlterTable
ALTER TABLE "User" ADD COLUMN     "email" TEXT;

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" UUID NOT NULL,
    "notificationId" UUID NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL,
    "lastError" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "EmailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" UUID,
    "actorLabel" TEXT NOT NULL,
    "campaignId" UUID,
    "target" TEXT NOT NULL DEFAULT '',
    "changes" JSONB NOT NULL,
    "counts" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_notificationId_key" ON "EmailMessage"("notificationId");

-- CreateIndex
CREATE INDEX "EmailMessage_status_nextAttemptAt_idx" ON "EmailMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_kind_at_idx" ON "AuditEntry"("kind", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_actorId_at_idx" ON "AuditEntry"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_campaignId_at_idx" ON "AuditEntry"("campaignId", "at");

-- AddForeignKey
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_notificationId_fkey" FOREIGN KEY ("notificationId") REFERENCES "Notification"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A user's language is one the apps speak; an address has one "@" with something on each side.
ALTER TABLE "User" ADD CONSTRAINT "User_locale_check" CHECK ("locale" IN ('zh-CN', 'en'));
ALTER TABLE "User" ADD CONSTRAINT "User_email_check"
  CHECK ("email" IS NULL OR (length("email") <= 254 AND "email" ~ '^[^@[:space:]]+@[^@[:space:]]+$'));

-- An email is pending, sent or given up on (after its last attempt); attempts only count up.
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_status_check" CHECK ("status" IN ('pending', 'sent', 'failed'));
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_attempts_check" CHECK ("attempts" >= 0);
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_sent_check" CHECK (("status" = 'sent') = ("sentAt" IS NOT NULL));

-- The audit log knows its kinds and, like the transitions, is append-only.
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_kind_check" CHECK ("kind" IN (
  'campaign.updated', 'campaign.published', 'campaign.closed', 'units.imported', 'unit.deactivated',
  'unit.reactivated', 'reminders.sent', 'export.downloaded', 'screen.issued', 'screen.revoked'));
CREATE TRIGGER "AuditEntry_append_only" BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION learnweek_append_only();
