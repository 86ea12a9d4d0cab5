-- Exemplars (issue 24): the public notice (公示) before commendation, a brand project's required figures,
-- and the coordinator's word that the photo disc (光盘) was sent.
-- AlterTable
ALTER TABLE "Summary" ADD COLUMN     "discNote" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "discSentAt" TIMESTAMPTZ(3),
ADD COLUMN     "discSentById" UUID;

-- CreateTable
CREATE TABLE "ExemplarNotice" (
    "campaignId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "contact" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ExemplarNotice_pkey" PRIMARY KEY ("campaignId")
);

-- AddForeignKey
ALTER TABLE "ExemplarNotice" ADD CONSTRAINT "ExemplarNotice_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ExemplarNotice" ADD CONSTRAINT "ExemplarNotice_period_check" CHECK ("endsAt" > "startsAt");
ALTER TABLE "ExemplarNotice" ADD CONSTRAINT "ExemplarNotice_contact_check" CHECK (length("contact") BETWEEN 1 AND 200);

-- A brand project leaves its unit's hands (submitted and after) only with its years running and people reached.
ALTER TABLE "Nomination" ADD CONSTRAINT "Nomination_brandProject_check" CHECK (
  "kind" <> 'brandProject' OR "state" IN ('draft', 'returned') OR ("yearsRunning" IS NOT NULL AND "participantsReached" IS NOT NULL)
) NOT VALID;
-- NOT VALID: brand projects submitted before this rule may lack the two figures and are kept as they
-- were (nobody can invent them); every row written from now on is held to it.

-- A note only with the disc sent.
ALTER TABLE "Summary" ADD CONSTRAINT "Summary_discNote_check" CHECK (length("discNote") <= 500 AND ("discSentAt" IS NOT NULL OR "discNote" = ''));
