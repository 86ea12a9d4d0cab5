-- The audit log records every write (docs/SECURITY.md, "The audit log"): who did it by kind (a user,
-- a desk link, a ceremony screen, the system, nobody signed in), and the unit it concerns.
ALTER TABLE "AuditEntry" ADD COLUMN     "actorKind" TEXT NOT NULL DEFAULT 'user',
ADD COLUMN     "unitId" UUID;

-- The entries before this one were a user's or the scheduler's (no actor). Filling the new column is
-- the one change the append-only trigger lets through, here only: what was recorded stays as it was.
ALTER TABLE "AuditEntry" DISABLE TRIGGER "AuditEntry_append_only";
UPDATE "AuditEntry" SET "actorKind" = 'system' WHERE "actorId" IS NULL;
ALTER TABLE "AuditEntry" ENABLE TRIGGER "AuditEntry_append_only";
ALTER TABLE "AuditEntry" ALTER COLUMN "actorKind" DROP DEFAULT;

-- CreateIndex
CREATE INDEX "AuditEntry_unitId_at_idx" ON "AuditEntry"("unitId", "at");

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Kinds are no longer listed here: every write route records `<tag>.<name>` of its declaration, so a
-- list would need a migration for every new route. The CHECK holds the format (AUDIT_KIND_FORMAT in
-- packages/contracts/src/audit/audit.contract.ts); that every kind has a name in both languages is a
-- test (audit-kinds.spec.ts), and that every write route records one is another (audit-coverage.int-spec.ts).
ALTER TABLE "AuditEntry" DROP CONSTRAINT "AuditEntry_kind_check";
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_kind_check" CHECK ("kind" ~ '^[a-z][a-zA-Z0-9-]{0,31}\.[a-zA-Z][a-zA-Z0-9]{0,47}$');
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_actorKind_check" CHECK ("actorKind" IN ('user', 'desk', 'kiosk', 'system', 'anonymous'));
-- A user's entry names the user; nobody else's does.
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_actor_check" CHECK (("actorKind" = 'user') = ("actorId" IS NOT NULL));
