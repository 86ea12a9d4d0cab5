-- The audit kinds of this round, in one place: sign-in throttles cleared, check-ins voided and held
-- ones reviewed, desk links issued and revoked (AUDIT_KINDS in packages/contracts/src/audit/audit.contract.ts;
-- audit.int-spec.ts checks the database takes every one).
ALTER TABLE "AuditEntry" DROP CONSTRAINT "AuditEntry_kind_check";
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_kind_check" CHECK ("kind" IN (
  'campaign.updated', 'campaign.published', 'campaign.closed', 'units.imported',
  'unit.deactivated', 'unit.reactivated', 'reminders.sent', 'export.downloaded', 'screen.issued',
  'screen.revoked', 'checkin.voided', 'checkins.approved', 'signIn.throttleCleared', 'desk.issued',
  'desk.revoked'));
