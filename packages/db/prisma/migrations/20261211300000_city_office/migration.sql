-- The city office's accounts (issue 25; docs/ARCHITECTURE.md, "Tenancy"): an account of no district
-- belongs to a city, and reads every district of it (the API sets app.city_id for it, never
-- app.district_id, so district_rw lets it write nothing of a district's).
ALTER TABLE "User" ADD COLUMN "cityId" UUID;
ALTER TABLE "User" ADD CONSTRAINT "User_cityId_fkey" FOREIGN KEY ("cityId") REFERENCES "City"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- Every account belongs to a district or to a city, never both: an insert that names neither (outside a
-- district, with more than one district, the default is null) is refused rather than made an account of
-- nowhere. The city office's accounts hold the role `city` alone; a district's never hold it.
ALTER TABLE "User" ADD CONSTRAINT "User_district_or_city" CHECK (
  CASE WHEN "districtId" IS NULL THEN "cityId" IS NOT NULL AND "roles" = ARRAY['city']::text[]
       ELSE "cityId" IS NULL AND NOT ('city' = ANY ("roles")) END);
ALTER TABLE "User" DROP CONSTRAINT "User_roles_check";
ALTER TABLE "User" ADD CONSTRAINT "User_roles_check"
  CHECK ("roles" <@ ARRAY['organizer', 'approver', 'coordinator', 'checkinStaff', 'city']::text[] AND cardinality("roles") > 0);

-- The city reads its districts' accounts and its own office's.
ALTER POLICY city_read ON "User"
  USING ("districtId" IN (SELECT d."id" FROM "District" d
                           WHERE d."cityId" = (SELECT NULLIF(current_setting('app.city_id', true), '')::uuid))
         OR ("districtId" IS NULL AND "cityId" = (SELECT NULLIF(current_setting('app.city_id', true), '')::uuid)));
