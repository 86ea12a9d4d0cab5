-- The organiser's clearing of a sign-in throttle is audited (docs/PRODUCT.md §6, sign-in protection).
ALTER TABLE "AuditEntry" DROP CONSTRAINT "AuditEntry_kind_check";
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_kind_check" CHECK ("kind" IN (
  'campaign.updated', 'campaign.published', 'campaign.closed', 'units.imported', 'unit.deactivated',
  'unit.reactivated', 'reminders.sent', 'export.downloaded', 'screen.issued', 'screen.revoked',
  'signIn.throttleCleared'));
