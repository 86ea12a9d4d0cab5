-- The scheduled backups and their restore drills (docs/OPERATIONS.md): the console shows the last of
-- each, and the organizers are alerted when a drill fails or the last good backup is too old.
CREATE TABLE "BackupRun" (
    "id" UUID NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),
    "ok" BOOLEAN NOT NULL DEFAULT false,
    "location" TEXT NOT NULL DEFAULT '',
    "migration" TEXT NOT NULL DEFAULT '',
    "rows" INTEGER NOT NULL DEFAULT 0,
    "files" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "drillAt" TIMESTAMPTZ(3),
    "drillOk" BOOLEAN,
    "drillProblems" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "BackupRun_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "BackupRun_finished_check" CHECK (NOT "ok" OR "finishedAt" IS NOT NULL),
    CONSTRAINT "BackupRun_drill_check" CHECK (("drillAt" IS NULL) = ("drillOk" IS NULL))
);

CREATE INDEX "BackupRun_startedAt_idx" ON "BackupRun"("startedAt");
