-- AlterTable
ALTER TABLE "EmailMessage" ADD COLUMN     "digestId" UUID,
ADD COLUMN     "html" TEXT,
ALTER COLUMN "notificationId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "NoticePreference" (
    "userId" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NoticePreference_pkey" PRIMARY KEY ("userId","topic")
);

-- CreateIndex
CREATE INDEX "EmailMessage_digestId_idx" ON "EmailMessage"("digestId");

-- AddForeignKey
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_digestId_fkey" FOREIGN KEY ("digestId") REFERENCES "EmailMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticePreference" ADD CONSTRAINT "NoticePreference_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Held (waiting for its digest) and digested (carried by one) emails.
ALTER TABLE "EmailMessage" DROP CONSTRAINT "EmailMessage_status_check";
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_status_check" CHECK ("status" IN ('pending', 'held', 'digested', 'sent', 'failed'));
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_digest_check" CHECK (("status" = 'digested') = ("digestId" IS NOT NULL));
-- Only a digest has no notification, and a digest is never held or carried by another.
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_notification_check" CHECK ("notificationId" IS NOT NULL OR "status" IN ('pending', 'sent', 'failed'));

ALTER TABLE "NoticePreference" ADD CONSTRAINT "NoticePreference_topic_check" CHECK ("topic" IN ('submitted', 'review', 'deadline', 'escalation', 'campaign', 'nomination', 'system'));
ALTER TABLE "NoticePreference" ADD CONSTRAINT "NoticePreference_email_check" CHECK ("email" IN ('instant', 'digest', 'off'));
