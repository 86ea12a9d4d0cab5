-- A campaign's year and title are unique within its district (the standard title "{year}年全民终身学习推进周" is every district's).
-- DropIndex
DROP INDEX "Campaign_year_title_key";

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_districtId_year_title_key" ON "Campaign"("districtId", "year", "title");
