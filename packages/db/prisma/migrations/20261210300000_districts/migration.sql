-- One installation for a whole city (issue 25), step 1: the tenancy in the database (docs/ARCHITECTURE.md,
-- "Tenancy"). A city has districts; every district-owned row names its district, a row points only at rows
-- of its own district (composite foreign keys on ("districtId", id)), and row-level security shows a
-- transaction the rows of the district in `app.district_id` (read and write) and, for reading, the rows of
-- the districts of the city in `app.city_id`. The API's role is `learnweek_app` (NOLOGIN, NOBYPASSRLS); the
-- owner that runs the migrations is a superuser (the compose file's, PGlite's) and is not limited.
-- Every existing row goes to 新北区 (XB) of 常州市. The ids are fixed, so the new columns are added with a
-- constant default (no table rewrite, and the append-only tables' triggers do not fire).

CREATE TABLE "City" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "City_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "City_code_key" ON "City"("code");

CREATE TABLE "District" (
    "id" UUID NOT NULL,
    "cityId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "District_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "District_cityId_code_key" ON "District"("cityId", "code");
ALTER TABLE "District" ADD CONSTRAINT "District_cityId_fkey" FOREIGN KEY ("cityId") REFERENCES "City"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

INSERT INTO "City" ("id", "code", "name") VALUES ('7c3a1e00-0519-4c2a-8000-000000000001', 'CZ', '常州市');
INSERT INTO "District" ("id", "cityId", "code", "name") VALUES ('7c3a1e00-0519-4c2a-8000-000000000411', '7c3a1e00-0519-4c2a-8000-000000000001', 'XB', '新北区');

-- The district of a row nobody named: the transaction's `app.district_id`. Transitional (step 1: the API does
-- not set it yet): when it is unset, a caller other than learnweek_app gets the one district while there is
-- only one; with two districts, or as learnweek_app, an unscoped insert is refused (NOT NULL, or the policy).
CREATE FUNCTION learnweek_district_default() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT COALESCE(
    NULLIF(current_setting('app.district_id', true), '')::uuid,
    (SELECT d."id" FROM "District" d WHERE current_user <> 'learnweek_app' AND (SELECT count(*) FROM "District") = 1)
  )
$$;

-- The district column of every district-owned table (User's is null for the city office's accounts, none yet).

ALTER TABLE "Campaign" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "Campaign" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Town" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "Town" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "Town" ADD CONSTRAINT "Town_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Unit" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "Unit" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "Unit" ADD CONSTRAINT "Unit_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "User" ADD COLUMN "districtId" UUID DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "User" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "User" ADD CONSTRAINT "User_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PasswordResetToken" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "PasswordResetToken" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "PasswordResetToken" ADD CONSTRAINT "PasswordResetToken_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "KioskDevice" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "KioskDevice" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "KioskDevice" ADD CONSTRAINT "KioskDevice_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Participation" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "Participation" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "Participation" ADD CONSTRAINT "Participation_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Plan" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "Plan" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PlanRevision" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "PlanRevision" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "PlanRevision" ADD CONSTRAINT "PlanRevision_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Activity" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "Activity" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ActivityRecord" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "ActivityRecord" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "ActivityRecord" ADD CONSTRAINT "ActivityRecord_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Summary" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "Summary" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "Summary" ADD CONSTRAINT "Summary_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "SummaryRevision" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "SummaryRevision" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "SummaryRevision" ADD CONSTRAINT "SummaryRevision_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "StoredFile" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "StoredFile" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "StoredFile" ADD CONSTRAINT "StoredFile_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Photo" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "Photo" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "Photo" ADD CONSTRAINT "Photo_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Transition" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "Transition" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "Transition" ADD CONSTRAINT "Transition_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "OutboxEvent" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "OutboxEvent" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "OutboxEvent" ADD CONSTRAINT "OutboxEvent_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "CheckinSession" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "CheckinSession" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "CheckinSession" ADD CONSTRAINT "CheckinSession_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Attendee" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "Attendee" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "Attendee" ADD CONSTRAINT "Attendee_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Checkin" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "Checkin" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "Checkin" ADD CONSTRAINT "Checkin_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "CheckinHold" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "CheckinHold" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "CheckinHold" ADD CONSTRAINT "CheckinHold_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Nomination" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "Nomination" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "Nomination" ADD CONSTRAINT "Nomination_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ExemplarNotice" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "ExemplarNotice" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "ExemplarNotice" ADD CONSTRAINT "ExemplarNotice_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "NominationPhoto" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "NominationPhoto" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "NominationPhoto" ADD CONSTRAINT "NominationPhoto_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "NominationTransition" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "NominationTransition" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "NominationTransition" ADD CONSTRAINT "NominationTransition_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "NominationQuota" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "NominationQuota" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "NominationQuota" ADD CONSTRAINT "NominationQuota_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PanelMember" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "PanelMember" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "PanelMember" ADD CONSTRAINT "PanelMember_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "NominationScore" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "NominationScore" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "NominationScore" ADD CONSTRAINT "NominationScore_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Notification" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "Notification" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "EmailMessage" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "EmailMessage" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "NoticePreference" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "NoticePreference" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "NoticePreference" ADD CONSTRAINT "NoticePreference_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "AuditEntry" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "AuditEntry" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "TownDigest" ADD COLUMN "districtId" UUID NOT NULL DEFAULT '7c3a1e00-0519-4c2a-8000-000000000411';
ALTER TABLE "TownDigest" ALTER COLUMN "districtId" SET DEFAULT learnweek_district_default();
ALTER TABLE "TownDigest" ADD CONSTRAINT "TownDigest_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Unit codes and town names are unique within their district.
DROP INDEX "Town_name_key";
DROP INDEX "Unit_code_key";
CREATE UNIQUE INDEX "Town_districtId_name_key" ON "Town"("districtId", "name");
CREATE UNIQUE INDEX "Unit_districtId_code_key" ON "Unit"("districtId", "code");

-- ("districtId", id) of every table other rows point at, for the composite foreign keys.
CREATE UNIQUE INDEX "Campaign_districtId_id_key" ON "Campaign"("districtId", "id");
CREATE UNIQUE INDEX "Town_districtId_id_key" ON "Town"("districtId", "id");
CREATE UNIQUE INDEX "Unit_districtId_id_key" ON "Unit"("districtId", "id");
CREATE UNIQUE INDEX "CheckinSession_districtId_id_key" ON "CheckinSession"("districtId", "id");
CREATE UNIQUE INDEX "Participation_districtId_id_key" ON "Participation"("districtId", "id");
CREATE UNIQUE INDEX "Activity_districtId_id_key" ON "Activity"("districtId", "id");
CREATE UNIQUE INDEX "StoredFile_districtId_id_key" ON "StoredFile"("districtId", "id");
CREATE UNIQUE INDEX "Attendee_districtId_id_key" ON "Attendee"("districtId", "id");
CREATE UNIQUE INDEX "Nomination_districtId_id_key" ON "Nomination"("districtId", "id");
CREATE UNIQUE INDEX "Notification_districtId_id_key" ON "Notification"("districtId", "id");
CREATE UNIQUE INDEX "EmailMessage_districtId_id_key" ON "EmailMessage"("districtId", "id");

-- A row points only at rows of its own district: beside each foreign key Prisma models (on the id alone),
-- one on ("districtId", <column>) with the same ON DELETE (SET NULL only clears the pointing column).
-- References to "User" stay on the id alone: the city office's accounts (no district) act in every district.
-- Prisma does not model these (nor the RLS below); scripts/migration-new.mjs keeps its diff from dropping them.
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_clonedFromId_district_fkey" FOREIGN KEY ("districtId", "clonedFromId") REFERENCES "Campaign"("districtId", "id") ON DELETE SET NULL ("clonedFromId") ON UPDATE NO ACTION;
ALTER TABLE "Unit" ADD CONSTRAINT "Unit_townId_district_fkey" FOREIGN KEY ("districtId", "townId") REFERENCES "Town"("districtId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "User" ADD CONSTRAINT "User_unitId_district_fkey" FOREIGN KEY ("districtId", "unitId") REFERENCES "Unit"("districtId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "KioskDevice" ADD CONSTRAINT "KioskDevice_campaignId_district_fkey" FOREIGN KEY ("districtId", "campaignId") REFERENCES "Campaign"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "KioskDevice" ADD CONSTRAINT "KioskDevice_sessionId_district_fkey" FOREIGN KEY ("districtId", "sessionId") REFERENCES "CheckinSession"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "Participation" ADD CONSTRAINT "Participation_campaignId_district_fkey" FOREIGN KEY ("districtId", "campaignId") REFERENCES "Campaign"("districtId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "Participation" ADD CONSTRAINT "Participation_unitId_district_fkey" FOREIGN KEY ("districtId", "unitId") REFERENCES "Unit"("districtId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_participationId_district_fkey" FOREIGN KEY ("districtId", "participationId") REFERENCES "Participation"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "PlanRevision" ADD CONSTRAINT "PlanRevision_participationId_district_fkey" FOREIGN KEY ("districtId", "participationId") REFERENCES "Participation"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_participationId_district_fkey" FOREIGN KEY ("districtId", "participationId") REFERENCES "Participation"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "ActivityRecord" ADD CONSTRAINT "ActivityRecord_activityId_district_fkey" FOREIGN KEY ("districtId", "activityId") REFERENCES "Activity"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "Summary" ADD CONSTRAINT "Summary_participationId_district_fkey" FOREIGN KEY ("districtId", "participationId") REFERENCES "Participation"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "SummaryRevision" ADD CONSTRAINT "SummaryRevision_participationId_district_fkey" FOREIGN KEY ("districtId", "participationId") REFERENCES "Participation"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "Photo" ADD CONSTRAINT "Photo_participationId_district_fkey" FOREIGN KEY ("districtId", "participationId") REFERENCES "Participation"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "Photo" ADD CONSTRAINT "Photo_fileId_district_fkey" FOREIGN KEY ("districtId", "fileId") REFERENCES "StoredFile"("districtId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "Photo" ADD CONSTRAINT "Photo_activityId_district_fkey" FOREIGN KEY ("districtId", "activityId") REFERENCES "Activity"("districtId", "id") ON DELETE SET NULL ("activityId") ON UPDATE NO ACTION;
ALTER TABLE "Transition" ADD CONSTRAINT "Transition_participationId_district_fkey" FOREIGN KEY ("districtId", "participationId") REFERENCES "Participation"("districtId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "OutboxEvent" ADD CONSTRAINT "OutboxEvent_campaignId_district_fkey" FOREIGN KEY ("districtId", "campaignId") REFERENCES "Campaign"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "OutboxEvent" ADD CONSTRAINT "OutboxEvent_checkinSessionId_district_fkey" FOREIGN KEY ("districtId", "checkinSessionId") REFERENCES "CheckinSession"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "CheckinSession" ADD CONSTRAINT "CheckinSession_campaignId_district_fkey" FOREIGN KEY ("districtId", "campaignId") REFERENCES "Campaign"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "Attendee" ADD CONSTRAINT "Attendee_sessionId_district_fkey" FOREIGN KEY ("districtId", "sessionId") REFERENCES "CheckinSession"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "Attendee" ADD CONSTRAINT "Attendee_unitId_district_fkey" FOREIGN KEY ("districtId", "unitId") REFERENCES "Unit"("districtId", "id") ON DELETE SET NULL ("unitId") ON UPDATE NO ACTION;
ALTER TABLE "Checkin" ADD CONSTRAINT "Checkin_sessionId_district_fkey" FOREIGN KEY ("districtId", "sessionId") REFERENCES "CheckinSession"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "Checkin" ADD CONSTRAINT "Checkin_unitId_district_fkey" FOREIGN KEY ("districtId", "unitId") REFERENCES "Unit"("districtId", "id") ON DELETE SET NULL ("unitId") ON UPDATE NO ACTION;
ALTER TABLE "Checkin" ADD CONSTRAINT "Checkin_attendeeId_district_fkey" FOREIGN KEY ("districtId", "attendeeId") REFERENCES "Attendee"("districtId", "id") ON DELETE SET NULL ("attendeeId") ON UPDATE NO ACTION;
ALTER TABLE "CheckinHold" ADD CONSTRAINT "CheckinHold_sessionId_district_fkey" FOREIGN KEY ("districtId", "sessionId") REFERENCES "CheckinSession"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "CheckinHold" ADD CONSTRAINT "CheckinHold_unitId_district_fkey" FOREIGN KEY ("districtId", "unitId") REFERENCES "Unit"("districtId", "id") ON DELETE SET NULL ("unitId") ON UPDATE NO ACTION;
ALTER TABLE "Nomination" ADD CONSTRAINT "Nomination_campaignId_district_fkey" FOREIGN KEY ("districtId", "campaignId") REFERENCES "Campaign"("districtId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "Nomination" ADD CONSTRAINT "Nomination_unitId_district_fkey" FOREIGN KEY ("districtId", "unitId") REFERENCES "Unit"("districtId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "ExemplarNotice" ADD CONSTRAINT "ExemplarNotice_campaignId_district_fkey" FOREIGN KEY ("districtId", "campaignId") REFERENCES "Campaign"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "NominationPhoto" ADD CONSTRAINT "NominationPhoto_nominationId_district_fkey" FOREIGN KEY ("districtId", "nominationId") REFERENCES "Nomination"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "NominationPhoto" ADD CONSTRAINT "NominationPhoto_fileId_district_fkey" FOREIGN KEY ("districtId", "fileId") REFERENCES "StoredFile"("districtId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "NominationTransition" ADD CONSTRAINT "NominationTransition_nominationId_district_fkey" FOREIGN KEY ("districtId", "nominationId") REFERENCES "Nomination"("districtId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "NominationQuota" ADD CONSTRAINT "NominationQuota_campaignId_district_fkey" FOREIGN KEY ("districtId", "campaignId") REFERENCES "Campaign"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "PanelMember" ADD CONSTRAINT "PanelMember_campaignId_district_fkey" FOREIGN KEY ("districtId", "campaignId") REFERENCES "Campaign"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "NominationScore" ADD CONSTRAINT "NominationScore_nominationId_district_fkey" FOREIGN KEY ("districtId", "nominationId") REFERENCES "Nomination"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_campaignId_district_fkey" FOREIGN KEY ("districtId", "campaignId") REFERENCES "Campaign"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_participationId_district_fkey" FOREIGN KEY ("districtId", "participationId") REFERENCES "Participation"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_notificationId_district_fkey" FOREIGN KEY ("districtId", "notificationId") REFERENCES "Notification"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_digestId_district_fkey" FOREIGN KEY ("districtId", "digestId") REFERENCES "EmailMessage"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_campaignId_district_fkey" FOREIGN KEY ("districtId", "campaignId") REFERENCES "Campaign"("districtId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_unitId_district_fkey" FOREIGN KEY ("districtId", "unitId") REFERENCES "Unit"("districtId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;
ALTER TABLE "TownDigest" ADD CONSTRAINT "TownDigest_campaignId_district_fkey" FOREIGN KEY ("districtId", "campaignId") REFERENCES "Campaign"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "TownDigest" ADD CONSTRAINT "TownDigest_townId_district_fkey" FOREIGN KEY ("districtId", "townId") REFERENCES "Town"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- The API's role. Roles are the cluster's: made once, whichever database migrates first. NOBYPASSRLS and owning
-- nothing, it is held to the policies; the owner (who connects) may take it per transaction with
-- set_config('role', 'learnweek_app', true).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'learnweek_app') THEN
    CREATE ROLE learnweek_app NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT pg_has_role(current_user, 'learnweek_app', 'MEMBER') THEN
    EXECUTE format('GRANT learnweek_app TO %I', current_user);
  END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO learnweek_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO learnweek_app;
REVOKE INSERT, UPDATE, DELETE ON "City", "District" FROM learnweek_app;
DO $$
BEGIN
  IF to_regclass('"_prisma_migrations"') IS NOT NULL THEN
    REVOKE ALL ON "_prisma_migrations" FROM learnweek_app;
  END IF;
END
$$;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO learnweek_app;
GRANT EXECUTE ON FUNCTION learnweek_district_default() TO learnweek_app;

-- Row-level security on every district-owned table, forced (the owner too, unless a superuser):
--   district_rw  reads and writes the rows of the transaction's district (app.district_id);
--   city_read    reads the rows of every district of the transaction's city (app.city_id).
-- Unset, both are NULL: nothing is visible and nothing can be written.
ALTER TABLE "Campaign" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Campaign" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "Campaign" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "Campaign" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "Town" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Town" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "Town" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "Town" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "Unit" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Unit" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "Unit" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "Unit" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "User" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "User" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "User" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "User" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "PasswordResetToken" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "PasswordResetToken" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "PasswordResetToken" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "PasswordResetToken" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "KioskDevice" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "KioskDevice" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "KioskDevice" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "KioskDevice" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "Participation" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Participation" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "Participation" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "Participation" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "Plan" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Plan" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "Plan" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "Plan" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "PlanRevision" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "PlanRevision" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "PlanRevision" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "PlanRevision" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "Activity" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Activity" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "Activity" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "Activity" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "ActivityRecord" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ActivityRecord" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "ActivityRecord" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "ActivityRecord" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "Summary" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Summary" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "Summary" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "Summary" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "SummaryRevision" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "SummaryRevision" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "SummaryRevision" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "SummaryRevision" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "StoredFile" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "StoredFile" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "StoredFile" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "StoredFile" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "Photo" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Photo" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "Photo" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "Photo" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "Transition" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Transition" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "Transition" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "Transition" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "OutboxEvent" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "OutboxEvent" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "OutboxEvent" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "OutboxEvent" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "CheckinSession" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CheckinSession" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "CheckinSession" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "CheckinSession" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "Attendee" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Attendee" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "Attendee" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "Attendee" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "Checkin" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Checkin" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "Checkin" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "Checkin" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "CheckinHold" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CheckinHold" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "CheckinHold" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "CheckinHold" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "Nomination" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Nomination" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "Nomination" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "Nomination" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "ExemplarNotice" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ExemplarNotice" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "ExemplarNotice" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "ExemplarNotice" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "NominationPhoto" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "NominationPhoto" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "NominationPhoto" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "NominationPhoto" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "NominationTransition" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "NominationTransition" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "NominationTransition" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "NominationTransition" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "NominationQuota" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "NominationQuota" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "NominationQuota" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "NominationQuota" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "PanelMember" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "PanelMember" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "PanelMember" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "PanelMember" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "NominationScore" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "NominationScore" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "NominationScore" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "NominationScore" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "Notification" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Notification" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "Notification" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "Notification" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "EmailMessage" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "EmailMessage" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "EmailMessage" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "EmailMessage" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "NoticePreference" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "NoticePreference" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "NoticePreference" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "NoticePreference" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "AuditEntry" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "AuditEntry" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "AuditEntry" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "AuditEntry" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
ALTER TABLE "TownDigest" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "TownDigest" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "TownDigest" USING ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid)
  WITH CHECK ("districtId" = NULLIF(current_setting('app.district_id', true), '')::uuid);
CREATE POLICY city_read ON "TownDigest" FOR SELECT USING ("districtId" IN (
  SELECT d."id" FROM "District" d WHERE d."cityId" = NULLIF(current_setting('app.city_id', true), '')::uuid));
