-- Invariants Prisma's schema language cannot express. Hand-written; `migrate diff`
-- ignores CHECK constraints and triggers, so later generated migrations keep them.

-- Campaign: a known status, a coherent timeline, three photos or more.
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_status_check" CHECK ("status" IN ('draft', 'published', 'closed'));
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_week_check" CHECK ("weekStartsAt" < "weekEndsAt");
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_summary_due_check" CHECK ("summaryDueAt" >= "weekEndsAt");
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_year_check" CHECK ("year" BETWEEN 2000 AND 2999);

ALTER TABLE "Unit" ADD CONSTRAINT "Unit_kind_check"
  CHECK ("kind" IN ('school', 'communityCentre', 'trainingCollege', 'nonDegree', 'publicVenue', 'other'));

-- Users: known roles only, and every coordinator belongs to a unit.
ALTER TABLE "User" ADD CONSTRAINT "User_roles_check"
  CHECK ("roles" <@ ARRAY['organizer', 'approver', 'coordinator', 'checkinStaff']::text[] AND cardinality("roles") > 0);
ALTER TABLE "User" ADD CONSTRAINT "User_coordinator_unit_check"
  CHECK (NOT ('coordinator' = ANY ("roles")) OR "unitId" IS NOT NULL);

ALTER TABLE "Participation" ADD CONSTRAINT "Participation_version_check" CHECK ("version" >= 1);
ALTER TABLE "Participation" ADD CONSTRAINT "Participation_state_check" CHECK ("state" IN (
  'invited', 'drafting', 'planSubmitted', 'planReturned', 'planApproved', 'weekRunning',
  'summaryDue', 'summarySubmitted', 'summaryReturned', 'reviewed'));

ALTER TABLE "Plan" ADD CONSTRAINT "Plan_revision_check" CHECK ("revision" >= 1);
ALTER TABLE "PlanRevision" ADD CONSTRAINT "PlanRevision_revision_check" CHECK ("revision" >= 1);

ALTER TABLE "Activity" ADD CONSTRAINT "Activity_type_check" CHECK ("type" IN (
  'lecture', 'training', 'visit', 'forum', 'openDay', 'themeDay', 'reading', 'volunteer',
  'classMeeting', 'poster', 'freeClass', 'other'));
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_status_check" CHECK ("status" IN ('planned', 'held', 'cancelled'));
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_time_check" CHECK ("endsAt" >= "startsAt");
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_expected_check" CHECK ("expectedParticipants" >= 0);
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_actual_check" CHECK ("actualParticipants" IS NULL OR "actualParticipants" >= 0);
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_held_check"
  CHECK ("status" <> 'held' OR ("actualParticipants" IS NOT NULL AND "heldAt" IS NOT NULL));
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_audiences_check" CHECK ("audiences" <@ ARRAY[
  'residents', 'elderly', 'students', 'migrantWorkers', 'zeroEmploymentFamilies', 'disabled',
  'farmers', 'workers']::text[]);

ALTER TABLE "Summary" ADD CONSTRAINT "Summary_figures_check" CHECK ("activitiesHeld" >= 0 AND "participants" >= 0);
ALTER TABLE "StoredFile" ADD CONSTRAINT "StoredFile_size_check" CHECK ("size" > 0);
ALTER TABLE "Photo" ADD CONSTRAINT "Photo_date_check" CHECK ("dateCheck" IN ('insideWeek', 'outsideWeek', 'noExif'));

ALTER TABLE "CheckinSession" ADD CONSTRAINT "CheckinSession_kind_check" CHECK ("kind" IN ('main', 'sub'));
ALTER TABLE "CheckinSession" ADD CONSTRAINT "CheckinSession_window_check" CHECK ("opensAt" < "closesAt");
ALTER TABLE "Checkin" ADD CONSTRAINT "Checkin_source_check" CHECK ("source" IN ('self', 'staff', 'import'));
ALTER TABLE "Checkin" ADD CONSTRAINT "Checkin_name_check" CHECK (length("name") BETWEEN 1 AND 40);

ALTER TABLE "Nomination" ADD CONSTRAINT "Nomination_kind_check" CHECK ("kind" IN ('learningStar', 'brandProject'));
ALTER TABLE "Nomination" ADD CONSTRAINT "Nomination_state_check" CHECK ("state" IN (
  'draft', 'submitted', 'returned', 'shortlisted', 'declined', 'selected', 'published'));
ALTER TABLE "NominationQuota" ADD CONSTRAINT "NominationQuota_max_check" CHECK ("max" >= 0);
ALTER TABLE "NominationScore" ADD CONSTRAINT "NominationScore_score_check" CHECK ("score" BETWEEN 0 AND 100);

-- The audit trails are append-only.
CREATE FUNCTION learnweek_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER "Transition_append_only" BEFORE UPDATE OR DELETE ON "Transition"
  FOR EACH ROW EXECUTE FUNCTION learnweek_append_only();
CREATE TRIGGER "NominationTransition_append_only" BEFORE UPDATE OR DELETE ON "NominationTransition"
  FOR EACH ROW EXECUTE FUNCTION learnweek_append_only();
