-- Installation-level audit entries (docs/ARCHITECTURE.md, "Tenancy"): a failed sign-in of a name that no
-- account has belongs to no district (the district is known only once an account is found). With two
-- districts the transaction's default gave it none and the NOT NULL refused the entry (a 500 for a
-- mistyped name). Such an entry now has no district: no district's policy shows it (its organizer's
-- log does not list it), the installation's operator reads it in the database. Nothing else may be
-- recorded without a district.
ALTER TABLE "AuditEntry" ALTER COLUMN "districtId" DROP NOT NULL;
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_installation_check"
  CHECK ("districtId" IS NOT NULL OR ("actorKind" = 'anonymous' AND "kind" = 'signIn.failed'));
-- learnweek_app may append such an entry outside any district (the sign-in's look-up runs before the
-- district is known); it reads none (no policy of SELECT matches a null district).
CREATE POLICY installation_append ON "AuditEntry" FOR INSERT
  WITH CHECK ("districtId" IS NULL AND (SELECT NULLIF(current_setting('app.district_id', true), '')) IS NULL);
