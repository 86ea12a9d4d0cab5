-- CreateTable
CREATE TABLE "TownDigest" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "townId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "units" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TownDigest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TownDigest_campaignId_townId_day_key" ON "TownDigest"("campaignId", "townId", "day");

-- AddForeignKey
ALTER TABLE "TownDigest" ADD CONSTRAINT "TownDigest_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TownDigest" ADD CONSTRAINT "TownDigest_townId_fkey" FOREIGN KEY ("townId") REFERENCES "Town"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A digest names at least one late unit.
ALTER TABLE "TownDigest" ADD CONSTRAINT "TownDigest_units_check" CHECK ("units" > 0);
