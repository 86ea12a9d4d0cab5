-- Versions on every edit (docs/ARCHITECTURE.md, "Versions"): an edit names the version it was made
-- from and is applied only by `UPDATE … WHERE "version" = <that one>`, which adds 1.
-- Participation and Nomination already carry theirs.
ALTER TABLE "Campaign" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Plan" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Activity" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Summary" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_version_check" CHECK ("version" >= 1);
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_version_check" CHECK ("version" >= 1);
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_version_check" CHECK ("version" >= 1);
ALTER TABLE "Summary" ADD CONSTRAINT "Summary_version_check" CHECK ("version" >= 1);
