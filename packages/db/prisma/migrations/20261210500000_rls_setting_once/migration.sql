-- Row-level security's tests read the transaction's district (and city) once per statement, as an
-- InitPlan, instead of once per row: `(SELECT current_setting(…))` rather than `current_setting(…)`
-- (bench/console.mjs measures the policies' cost on the review list). Same meaning, every district table.
DO $$
DECLARE
  t text;
BEGIN
  FOR t IN SELECT tablename FROM pg_policies WHERE schemaname = 'public' AND policyname = 'district_rw' ORDER BY tablename LOOP
    EXECUTE format(
      $f$ALTER POLICY district_rw ON %I
           USING ("districtId" = (SELECT NULLIF(current_setting('app.district_id', true), '')::uuid))
           WITH CHECK ("districtId" = (SELECT NULLIF(current_setting('app.district_id', true), '')::uuid))$f$, t);
  END LOOP;
  FOR t IN SELECT tablename FROM pg_policies WHERE schemaname = 'public' AND policyname = 'city_read' ORDER BY tablename LOOP
    EXECUTE format(
      $f$ALTER POLICY city_read ON %I
           USING ("districtId" IN (SELECT d."id" FROM "District" d
                                    WHERE d."cityId" = (SELECT NULLIF(current_setting('app.city_id', true), '')::uuid)))$f$, t);
  END LOOP;
END $$;
