-- The city's board (issue 25, roll-ups; docs/ARCHITECTURE.md, "Tenancy"): each campaign's totals, kept
-- by the database as the rows they count change, so that the board reads one row per campaign and
-- never counts a district's participations, activities, check-ins or nominations per request.
--
-- The totals are kept by deferred constraint triggers: each change adds its difference when its
-- transaction commits, in that transaction (a rolled-back change adds nothing), and the campaign's
-- totals row is locked from then to the commit only, after every row the transaction changed: two
-- transactions of one campaign wait on each other for that moment, never in a cycle.

CREATE TABLE "CampaignTotals" (
    "campaignId" UUID NOT NULL,
    "districtId" UUID NOT NULL DEFAULT learnweek_district_default(),
    -- Units invited (participations).
    "units" INTEGER NOT NULL DEFAULT 0,
    -- Participations whose plan is submitted and not sent back: under review, approved or beyond.
    "plansSubmitted" INTEGER NOT NULL DEFAULT 0,
    -- Participations whose plan is approved (and beyond).
    "plansApproved" INTEGER NOT NULL DEFAULT 0,
    -- Activities on the schedules, not cancelled.
    "activities" INTEGER NOT NULL DEFAULT 0,
    -- People at the activities recorded held (their actual participants).
    "participants" BIGINT NOT NULL DEFAULT 0,
    -- Check-ins at the campaign's sessions (not rehearsals'), as CheckinSession.checkinCount counts them.
    "checkins" BIGINT NOT NULL DEFAULT 0,
    -- Exemplars published.
    "exemplars" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "CampaignTotals_pkey" PRIMARY KEY ("campaignId")
);
ALTER TABLE "CampaignTotals" ADD CONSTRAINT "CampaignTotals_districtId_fkey" FOREIGN KEY ("districtId") REFERENCES "District"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "CampaignTotals" ADD CONSTRAINT "CampaignTotals_campaignId_district_fkey" FOREIGN KEY ("districtId", "campaignId") REFERENCES "Campaign"("districtId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
CREATE UNIQUE INDEX "CampaignTotals_districtId_campaignId_key" ON "CampaignTotals"("districtId", "campaignId");

GRANT SELECT, INSERT, UPDATE, DELETE ON "CampaignTotals" TO learnweek_app;
ALTER TABLE "CampaignTotals" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CampaignTotals" FORCE ROW LEVEL SECURITY;
CREATE POLICY district_rw ON "CampaignTotals"
  USING ("districtId" = (SELECT NULLIF(current_setting('app.district_id', true), '')::uuid))
  WITH CHECK ("districtId" = (SELECT NULLIF(current_setting('app.district_id', true), '')::uuid));
CREATE POLICY city_read ON "CampaignTotals" FOR SELECT
  USING ("districtId" IN (SELECT d."id" FROM "District" d
                           WHERE d."cityId" = (SELECT NULLIF(current_setting('app.city_id', true), '')::uuid)));

-- What a participation's state counts for.
CREATE FUNCTION learnweek_plan_submitted(state text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN state IN ('planSubmitted', 'planApproved', 'weekRunning', 'summaryDue', 'summarySubmitted', 'summaryReturned', 'reviewed') THEN 1 ELSE 0 END
$$;
CREATE FUNCTION learnweek_plan_approved(state text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN state IN ('planApproved', 'weekRunning', 'summaryDue', 'summarySubmitted', 'summaryReturned', 'reviewed') THEN 1 ELSE 0 END
$$;

-- Adds differences to a campaign's totals (made on first use, in the campaign's district); a campaign
-- gone by then (deleted in the same transaction) takes nothing. Runs as the caller: in a district, its
-- own campaign's row only (district_rw).
CREATE FUNCTION learnweek_totals_add(
  c uuid, d_units integer, d_submitted integer, d_approved integer, d_activities integer, d_participants bigint, d_checkins bigint, d_exemplars integer
) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "CampaignTotals" AS t ("campaignId", "districtId", "units", "plansSubmitted", "plansApproved", "activities", "participants", "checkins", "exemplars")
  SELECT k."id", k."districtId", d_units, d_submitted, d_approved, d_activities, d_participants, d_checkins, d_exemplars
    FROM "Campaign" k WHERE k."id" = c
  ON CONFLICT ("campaignId") DO UPDATE SET
    "units" = t."units" + EXCLUDED."units",
    "plansSubmitted" = t."plansSubmitted" + EXCLUDED."plansSubmitted",
    "plansApproved" = t."plansApproved" + EXCLUDED."plansApproved",
    "activities" = t."activities" + EXCLUDED."activities",
    "participants" = t."participants" + EXCLUDED."participants",
    "checkins" = t."checkins" + EXCLUDED."checkins",
    "exemplars" = t."exemplars" + EXCLUDED."exemplars"
$$;

CREATE FUNCTION learnweek_totals_participation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM learnweek_totals_add(OLD."campaignId", -1, -learnweek_plan_submitted(OLD."state"), -learnweek_plan_approved(OLD."state"), 0, 0, 0, 0);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM learnweek_totals_add(NEW."campaignId", 1, learnweek_plan_submitted(NEW."state"), learnweek_plan_approved(NEW."state"), 0, 0, 0, 0);
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER "Participation_totals" AFTER INSERT OR DELETE ON "Participation"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION learnweek_totals_participation();
CREATE CONSTRAINT TRIGGER "Participation_totals_state" AFTER UPDATE OF "state", "campaignId" ON "Participation"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD."state" IS DISTINCT FROM NEW."state" OR OLD."campaignId" IS DISTINCT FROM NEW."campaignId")
  EXECUTE FUNCTION learnweek_totals_participation();

-- A participation deleted takes its activities' counts with it, while they are still there (their own
-- deferred triggers then find no participation, and add nothing).
CREATE FUNCTION learnweek_totals_participation_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM learnweek_totals_add(OLD."campaignId", 0, 0, 0,
    -(SELECT count(*) FILTER (WHERE a."status" <> 'cancelled') FROM "Activity" a WHERE a."participationId" = OLD."id")::integer,
    -(SELECT coalesce(sum(a."actualParticipants") FILTER (WHERE a."status" = 'held'), 0) FROM "Activity" a WHERE a."participationId" = OLD."id")::bigint,
    0, 0);
  RETURN OLD;
END
$$;
CREATE TRIGGER "Participation_totals_gone" BEFORE DELETE ON "Participation" FOR EACH ROW EXECUTE FUNCTION learnweek_totals_participation_gone();

CREATE FUNCTION learnweek_totals_activity() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c uuid;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT p."campaignId" INTO c FROM "Participation" p WHERE p."id" = OLD."participationId";
    IF c IS NOT NULL THEN
      PERFORM learnweek_totals_add(c, 0, 0, 0, -(OLD."status" <> 'cancelled')::integer,
        -(CASE WHEN OLD."status" = 'held' THEN coalesce(OLD."actualParticipants", 0) ELSE 0 END)::bigint, 0, 0);
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT p."campaignId" INTO c FROM "Participation" p WHERE p."id" = NEW."participationId";
    IF c IS NOT NULL THEN
      PERFORM learnweek_totals_add(c, 0, 0, 0, (NEW."status" <> 'cancelled')::integer,
        (CASE WHEN NEW."status" = 'held' THEN coalesce(NEW."actualParticipants", 0) ELSE 0 END)::bigint, 0, 0);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER "Activity_totals" AFTER INSERT OR DELETE ON "Activity"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION learnweek_totals_activity();
CREATE CONSTRAINT TRIGGER "Activity_totals_status" AFTER UPDATE OF "status", "actualParticipants", "participationId" ON "Activity"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."actualParticipants" IS DISTINCT FROM NEW."actualParticipants"
        OR OLD."participationId" IS DISTINCT FROM NEW."participationId")
  EXECUTE FUNCTION learnweek_totals_activity();

-- Check-ins through the session's own count (one row per session and batch of the group-commit writer,
-- not one per check-in); rehearsals' sessions count for nothing.
CREATE FUNCTION learnweek_totals_checkins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND NOT OLD."rehearsal" THEN
    PERFORM learnweek_totals_add(OLD."campaignId", 0, 0, 0, 0, 0, -OLD."checkinCount"::bigint, 0);
  END IF;
  IF TG_OP <> 'DELETE' AND NOT NEW."rehearsal" THEN
    PERFORM learnweek_totals_add(NEW."campaignId", 0, 0, 0, 0, 0, NEW."checkinCount"::bigint, 0);
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER "CheckinSession_totals" AFTER INSERT OR DELETE ON "CheckinSession"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION learnweek_totals_checkins();
CREATE CONSTRAINT TRIGGER "CheckinSession_totals_count" AFTER UPDATE OF "checkinCount", "rehearsal", "campaignId" ON "CheckinSession"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD."checkinCount" IS DISTINCT FROM NEW."checkinCount" OR OLD."rehearsal" IS DISTINCT FROM NEW."rehearsal"
        OR OLD."campaignId" IS DISTINCT FROM NEW."campaignId")
  EXECUTE FUNCTION learnweek_totals_checkins();

CREATE FUNCTION learnweek_totals_nomination() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD."state" = 'published' THEN
    PERFORM learnweek_totals_add(OLD."campaignId", 0, 0, 0, 0, 0, 0, -1);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW."state" = 'published' THEN
    PERFORM learnweek_totals_add(NEW."campaignId", 0, 0, 0, 0, 0, 0, 1);
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER "Nomination_totals" AFTER INSERT OR DELETE ON "Nomination"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION learnweek_totals_nomination();
CREATE CONSTRAINT TRIGGER "Nomination_totals_state" AFTER UPDATE OF "state", "campaignId" ON "Nomination"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD."state" IS DISTINCT FROM NEW."state" OR OLD."campaignId" IS DISTINCT FROM NEW."campaignId")
  EXECUTE FUNCTION learnweek_totals_nomination();

GRANT EXECUTE ON FUNCTION learnweek_plan_submitted(text), learnweek_plan_approved(text),
  learnweek_totals_add(uuid, integer, integer, integer, integer, bigint, bigint, integer) TO learnweek_app;

-- What the campaigns of today's database hold (migrations run as the tables' owner).
INSERT INTO "CampaignTotals" ("campaignId", "districtId", "units", "plansSubmitted", "plansApproved", "activities", "participants", "checkins", "exemplars")
SELECT c."id", c."districtId",
  (SELECT count(*) FROM "Participation" p WHERE p."campaignId" = c."id"),
  (SELECT coalesce(sum(learnweek_plan_submitted(p."state")), 0) FROM "Participation" p WHERE p."campaignId" = c."id"),
  (SELECT coalesce(sum(learnweek_plan_approved(p."state")), 0) FROM "Participation" p WHERE p."campaignId" = c."id"),
  (SELECT count(*) FROM "Activity" a JOIN "Participation" p ON p."id" = a."participationId" WHERE p."campaignId" = c."id" AND a."status" <> 'cancelled'),
  (SELECT coalesce(sum(a."actualParticipants"), 0) FROM "Activity" a JOIN "Participation" p ON p."id" = a."participationId" WHERE p."campaignId" = c."id" AND a."status" = 'held'),
  (SELECT coalesce(sum(s."checkinCount"), 0) FROM "CheckinSession" s WHERE s."campaignId" = c."id" AND NOT s."rehearsal"),
  (SELECT count(*) FROM "Nomination" n WHERE n."campaignId" = c."id" AND n."state" = 'published')
FROM "Campaign" c;
