-- The campaign's notice (通知) and the register of document numbers (发文字号), issue 26
-- (docs/ARCHITECTURE.md, "The notice").

-- The notice's words (TNotice of @learnweek/contracts); its dates and duties are the campaign's, by token.
ALTER TABLE "Campaign" ADD COLUMN "notice" JSONB;

-- One issuing body's numbers of a year, issued in order: 新教〔2017〕12号. A number is never issued
-- twice (the unique key), never skipped (issued as the last one + 1 under the body's lock, in the
-- transaction that records it), and a campaign's notice takes one.
CREATE TABLE "DocumentNumber" (
    "districtId" UUID NOT NULL DEFAULT learnweek_district_default(),
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "issuerCode" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "campaignId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "issuedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "DocumentNumber_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "DocumentNumber_number_check" CHECK ("number" >= 1)
);
CREATE UNIQUE INDEX "DocumentNumber_districtId_issuerCode_year_number_key" ON "DocumentNumber"("districtId", "issuerCode", "year", "number");
CREATE UNIQUE INDEX "DocumentNumber_campaignId_key" ON "DocumentNumber"("campaignId");
CREATE UNIQUE INDEX "DocumentNumber_districtId_id_key" ON "DocumentNumber"("districtId", "id");
ALTER TABLE "DocumentNumber" ADD CONSTRAINT "DocumentNumber_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "DocumentNumber" ADD CONSTRAINT "DocumentNumber_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "DocumentNumber" ADD CONSTRAINT "DocumentNumber_campaignId_district_fkey" FOREIGN KEY ("districtId", "campaignId") REFERENCES "Campaign"("districtId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;

GRANT SELECT, INSERT, UPDATE, DELETE ON "DocumentNumber" TO learnweek_app;
ALTER TABLE "DocumentNumber" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "DocumentNumber" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "DocumentNumber"
  USING ("districtId" = (SELECT NULLIF(current_setting('app.district_id', true), '')::uuid))
  WITH CHECK ("districtId" = (SELECT NULLIF(current_setting('app.district_id', true), '')::uuid));
CREATE POLICY city_read ON "DocumentNumber" FOR SELECT
  USING ("districtId" IN (SELECT d."id" FROM "District" d
                          WHERE d."cityId" = (SELECT NULLIF(current_setting('app.city_id', true), '')::uuid)));
