/**
 * The tenancy (docs/ARCHITECTURE.md, "Tenancy"): a city's districts share one installation, and
 * row-level security shows a transaction the rows of its district (`app.district_id`) or, for
 * reading, of its city (`app.city_id`). Migration 20261210300000_districts made the one city and
 * district of today's installation, with these fixed ids, and put every row into that district.
 */
export const CHANGZHOU_CITY_ID = '7c3a1e00-0519-4c2a-8000-000000000001';
export const XINBEI_DISTRICT_ID = '7c3a1e00-0519-4c2a-8000-000000000411';
/** The demo's second district (天宁区, TN): made by the demo seed only, not by a migration. */
export const TIANNING_DISTRICT_ID = '7c3a1e00-0519-4c2a-8000-000000000402';

/** The role the API's queries are to run as (NOLOGIN, NOBYPASSRLS, owns nothing). */
export const APP_ROLE = 'learnweek_app';

/** Every table that carries "districtId" under row-level security; every other table is global (GLOBAL_TABLES). */
export const DISTRICT_TABLES = [
  'Campaign',
  'Town',
  'Unit',
  'User',
  'PasswordResetToken',
  'KioskDevice',
  'Participation',
  'Plan',
  'PlanRevision',
  'Activity',
  'ActivityRecord',
  'Summary',
  'SummaryRevision',
  'StoredFile',
  'Photo',
  'Transition',
  'OutboxEvent',
  'CheckinSession',
  'Attendee',
  'Checkin',
  'CheckinHold',
  'Nomination',
  'ExemplarNotice',
  'NominationPhoto',
  'NominationTransition',
  'NominationQuota',
  'PanelMember',
  'NominationScore',
  'Notification',
  'EmailMessage',
  'NoticePreference',
  'AuditEntry',
  'TownDigest',
  'DocumentNumber',
  'CampaignTotals',
] as const;

/**
 * The tables deliberately global, with why: the tenancy itself, the installation's operations, and
 * what is keyed before anyone's district is known.
 */
export const GLOBAL_TABLES: Record<string, string> = {
  City: 'the tenancy: the cities',
  District: 'the tenancy: the districts',
  BackupRun: 'the installation’s backups and restore drills (docs/OPERATIONS.md): one database, one backup',
  PasswordResetRequest: 'the rate limit of reset requests, by the requesting address, before any account (or district) is known',
  _prisma_migrations: 'the migrator’s record',
};
