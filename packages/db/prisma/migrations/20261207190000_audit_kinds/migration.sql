-- Every audit kind of the round at once: the sign-in throttle (20261207110000), the desk links
-- (20261207150000) and the check-in review (20261207160000) each re-created the CHECK with only
-- their own additions; this one lists them all (AUDIT_KINDS in packages/contracts/src/audit/audit.contract.ts).
ALTER TABLE "AuditEntry" DROP CONSTRAINT "AuditEntry_kind_check";
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_kind_check" CHECK ("kind" IN (
  'campaign.updated', 'campaign.published', 'campaign.closed', 'units.imported',
  'unit.deactivated', 'unit.reactivated', 'reminders.sent', 'export.downloaded', 'screen.issued',
  'screen.revoked', 'checkin.voided', 'checkins.approved', 'signIn.throttleCleared', 'desk.issued',
  'desk.revoked'));
