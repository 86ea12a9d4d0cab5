import type { z } from 'zod';
import { ZLoginRequest, ZLoginResponse, ZSessionUser } from './auth/login.contract.js';
import { ZCloneCampaignRequest, ZCreateCampaignRequest, ZUpdateCampaignRequest } from './campaign/campaign-admin.contract.js';
import { ZCampaign, ZListCampaignsResponse } from './campaign/campaign.contract.js';
import { ZCreateTownRequest, ZImportUnitsQuery, ZImportUnitsResponse, ZListTownsResponse, ZListUnitsQuery, ZListUnitsResponse, ZTown, ZUnit, ZUpdateUnitRequest } from './unit/unit.contract.js';
import { ZGalleryQuery, ZGalleryResponse, ZStatusBoard } from './console/board.contract.js';
import { ZDeadlineMatrixResponse, ZSendRemindersRequest, ZSendRemindersResponse } from './console/deadline.contract.js';
import {
  ZCreateNominationRequest,
  ZListNominationsQuery,
  ZListNominationsResponse,
  ZNominationDetail,
  ZNominationEventRequest,
  ZNominationEventResponse,
  ZNominationQuotas,
  ZPanel,
  ZPublicExemplars,
  ZScoreRequest,
  ZSetPanelRequest,
  ZUpdateNominationRequest,
} from './nomination/nomination.contract.js';
import { ZHealthResponse } from './health/health.contract.js';
import { ZKioskWall } from './kiosk/kiosk.contract.js';
import { ZLatestRehearsal, ZRehearsal, ZRehearsalReportRequest, ZStartRehearsalRequest } from './checkin/rehearsal.contract.js';
import {
  ZCheckinPublic,
  ZCheckinPublicQuery,
  ZImportAttendeesResponse,
  ZCheckinSession,
  ZCheckinStats,
  ZCheckinFigures,
  ZCreateCheckinSessionRequest,
  ZCreateKioskDeviceRequest,
  ZIssuedKioskDevice,
  ZKioskDevice,
  ZListCheckinsQuery,
  ZListCheckinsResponse,
  ZListKioskDevicesResponse,
  ZCreateCheckinRequest,
  ZCreateCheckinResponse,
  ZListAttendeesResponse,
  ZListCheckinSessionsResponse,
} from './checkin/checkin.contract.js';
import { ZListNotificationsResponse } from './notification/notification.contract.js';
import { ZProfile, ZUpdateProfileRequest } from './notification/profile.contract.js';
import { ZAuditExportQuery, ZListAuditQuery, ZListAuditResponse } from './audit/audit.contract.js';
import { ZPageQuery } from './common/paging.js';
import { ZActivity, ZCreateActivityRequest, ZListActivitiesResponse, ZPublicActivities, ZPublicActivitiesQuery, ZScheduleExportQuery, ZUpdateActivityRequest } from './participation/activity.contract.js';
import {
  ZBulkEventRequest,
  ZBulkEventResponse,
  ZListParticipationsQuery,
  ZListParticipationsResponse,
  ZParticipationDetail,
  ZSendEventRequest,
  ZSendEventResponse,
} from './participation/participation.contract.js';
import { ZSavedPlan, ZUpdatePlanRequest } from './participation/plan.contract.js';
import { ZDiscRequest, ZPhoto, ZServedFileQuery, ZSummary, ZUpdateSummaryRequest, ZUploadPhotoFields } from './participation/summary.contract.js';

/** Media types of the files the API takes and gives. */
export const MEDIA = {
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  zip: 'application/zip',
  jpeg: 'image/jpeg',
  html: 'text/html',
  js: 'text/javascript',
} as const;

/**
 * The REST surface (docs/PRODUCT.md §6) as data: the OpenAPI document at /api/docs-json is generated
 * from this table, and its schemas are the ones the API validates with. A test compares the
 * table with the routes the server registers.
 */
export interface TRouteContract {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Under /api, with `:param` segments (each a uuid). */
  path: string;
  tag: string;
  summary: string;
  /** Who may call it, for the reader of the docs; enforced by the API's guards. */
  who: string;
  /** `public`: no sign-in (a token, if sent, is still read); `kiosk`: ceremony screens too; else signed-in users only. */
  access?: 'public' | 'kiosk';
  query?: z.ZodType;
  /** A JSON body. */
  body?: z.ZodType;
  /** A body that is not JSON: the .xlsx file itself, or multipart/form-data with a `file` part and text fields. */
  upload?: { kind: 'xlsx' } | { kind: 'multipart'; fields?: z.ZodType };
  /** The JSON answer of success. */
  response?: z.ZodType;
  /** A file answer's media type (instead of JSON). */
  produces?: string;
  /** Status of the success answer, 200 unless said. */
  status?: number;
  /** A second success answer with the same body (e.g. 200 for a duplicate beside 201). */
  also?: { status: number; description: string };
  /**
   * Refusals of this route beyond those every route may answer (400 invalid input or malformed
   * JSON, 413 too large, 503 database unavailable; 401 and 403 when signing in is required; 404
   * with a path parameter; 409 for writes, e.g. a closed campaign).
   */
  refusals?: readonly number[];
}

const SIGNED_IN = 'signed in';

export const API_ROUTES: readonly TRouteContract[] = [
  { method: 'get', path: '/health', tag: 'system', summary: 'Liveness and database reachability (503 with the same body when the database is down)', who: 'anyone', access: 'public', response: ZHealthResponse },
  { method: 'get', path: '/docs', tag: 'system', summary: 'This document, browsable (Swagger UI)', who: 'anyone', access: 'public', produces: MEDIA.html },
  { method: 'get', path: '/docs/init.js', tag: 'system', summary: 'The script that starts the browsable document', who: 'anyone', access: 'public', produces: MEDIA.js },
  { method: 'get', path: '/docs-json', tag: 'system', summary: 'This OpenAPI document', who: 'anyone', access: 'public' },
  { method: 'post', path: '/auth/login', tag: 'auth', summary: 'Sign in (401 wrong username or password, 403 the account’s unit is deactivated, 429 too many failed attempts for the account or the address, with Retry-After)', who: 'anyone (rate-limited)', access: 'public', body: ZLoginRequest, response: ZLoginResponse, refusals: [401, 403, 429] },
  { method: 'get', path: '/auth/me', tag: 'auth', summary: 'The signed-in user', who: SIGNED_IN, response: ZSessionUser },
  { method: 'get', path: '/campaigns', tag: 'campaigns', summary: 'Campaigns with timeline and rules', who: SIGNED_IN, response: ZListCampaignsResponse },
  { method: 'get', path: '/campaigns/:id', tag: 'campaigns', summary: 'One campaign', who: SIGNED_IN, response: ZCampaign },
  { method: 'post', path: '/campaigns', tag: 'campaigns', summary: 'Create a draft campaign; every active unit is invited', who: 'organizer', body: ZCreateCampaignRequest, response: ZCampaign, status: 201 },
  { method: 'put', path: '/campaigns/:id', tag: 'campaigns', summary: 'Edit title, theme, timeline or rules (until closed); overdue marks follow edited due dates', who: 'organizer', body: ZUpdateCampaignRequest, response: ZCampaign },
  { method: 'post', path: '/campaigns/:id/publish', tag: 'campaigns', summary: 'Publish a draft: coordinators can start', who: 'organizer', response: ZCampaign },
  { method: 'post', path: '/campaigns/:id/close', tag: 'campaigns', summary: 'Close a published campaign (a read-only record)', who: 'organizer', response: ZCampaign },
  { method: 'post', path: '/campaigns/:id/clone', tag: 'campaigns', summary: 'Clone into another year: same active units and rules, dates moved by whole years, no submissions', who: 'organizer', body: ZCloneCampaignRequest, response: ZCampaign, status: 201 },
  { method: 'get', path: '/towns', tag: 'units', summary: 'The district’s towns and streets, in order', who: SIGNED_IN, response: ZListTownsResponse },
  { method: 'post', path: '/towns', tag: 'units', summary: 'Add a town or street (409 if it exists)', who: 'organizer', body: ZCreateTownRequest, response: ZTown, status: 201 },
  { method: 'get', path: '/units', tag: 'units', summary: 'Units with their coordinators, paged; filters q (name or code), kind, town (by name), active', who: 'organizer, approver', query: ZListUnitsQuery, response: ZListUnitsResponse },
  { method: 'get', path: '/units/template.xlsx', tag: 'units', summary: 'The unit import template: the bureau’s headers (required ones marked *), one example row, the towns and unit kinds on a second sheet', who: 'organizer', produces: MEDIA.xlsx },
  { method: 'put', path: '/units/:id', tag: 'units', summary: 'Deactivate or reactivate a unit', who: 'organizer', body: ZUpdateUnitRequest, response: ZUnit },
  {
    method: 'post',
    path: '/units.xlsx',
    tag: 'units',
    summary: 'Import units and coordinators (the .xlsx as the body): created or updated by code, new accounts with a one-time password; all rows or none, 422 by row and column; campaignId invites them',
    who: 'organizer',
    query: ZImportUnitsQuery,
    upload: { kind: 'xlsx' },
    response: ZImportUnitsResponse,
    status: 201,
    refusals: [404, 422],
  },
  {
    method: 'get',
    path: '/campaigns/:id/participations',
    tag: 'participations',
    summary: 'Paged list of participations with filters',
    who: 'organizer, approver; a coordinator sees their own unit',
    query: ZListParticipationsQuery,
    response: ZListParticipationsResponse,
  },
  {
    method: 'get',
    path: '/participations/:id',
    tag: 'participations',
    summary: 'Plan, schedule, summary, photos, history and the caller’s allowed events',
    who: 'its coordinators, approver, organizer',
    response: ZParticipationDetail,
  },
  { method: 'put', path: '/participations/:id/plan', tag: 'participations', summary: 'Edit the plan while drafting or returned', who: 'its coordinators', body: ZUpdatePlanRequest, response: ZSavedPlan },
  {
    method: 'post',
    path: '/participations/:id/activities',
    tag: 'participations',
    summary: 'Add a schedule row',
    who: 'its coordinators',
    body: ZCreateActivityRequest,
    response: ZActivity,
    status: 201,
  },
  {
    method: 'put',
    path: '/participations/:id/activities/:activityId',
    tag: 'participations',
    summary: 'Edit a schedule row; during the week mark it held',
    who: 'its coordinators',
    body: ZUpdateActivityRequest,
    response: ZActivity,
  },
  { method: 'delete', path: '/participations/:id/activities/:activityId', tag: 'participations', summary: 'Remove a schedule row', who: 'its coordinators', status: 204 },
  {
    method: 'get',
    path: '/participations/:id/activities.xlsx',
    tag: 'participations',
    summary: 'The schedule table as .xlsx (活动安排表); template=1 for the blank template with pick lists',
    who: 'its coordinators, approver, organizer',
    query: ZScheduleExportQuery,
    produces: MEDIA.xlsx,
  },
  {
    method: 'post',
    path: '/participations/:id/activities.xlsx',
    tag: 'participations',
    summary: 'Replace the schedule from a filled-in table (the .xlsx as the body); every row or none, 422 with errors by row and column',
    who: 'its coordinators, while the plan is editable',
    upload: { kind: 'xlsx' },
    response: ZListActivitiesResponse,
    status: 201,
    refusals: [422],
  },
  {
    method: 'post',
    path: '/participations/:id/photos',
    tag: 'participations',
    summary: 'Upload a summary photo: multipart file + activityId + caption. JPEG/PNG/WebP/HEIC by magic bytes, ≤ 15 MB, long side ≥ 1024 px, not the same picture twice, at most 3',
    who: 'its coordinators, while the summary is editable',
    upload: { kind: 'multipart', fields: ZUploadPhotoFields },
    response: ZPhoto,
    status: 201,
    refusals: [415, 422, 429],
  },
  { method: 'delete', path: '/participations/:id/photos/:photoId', tag: 'participations', summary: 'Remove a summary photo', who: 'its coordinators, while the summary is editable', status: 204 },
  { method: 'put', path: '/participations/:id/disc', tag: 'participations', summary: 'Mark the photo disc (光盘) delivered, standing in for the photos', who: 'approver, organizer', body: ZDiscRequest, response: ZSummary },
  {
    method: 'get',
    path: '/files/:id',
    tag: 'participations',
    summary: 'A photo’s web-size copy or thumbnail (JPEG, no metadata), by the signed link in the participation detail (403 for a wrong or expired signature)',
    who: 'holder of the signed link',
    access: 'public',
    query: ZServedFileQuery,
    produces: MEDIA.jpeg,
    refusals: [403],
  },
  { method: 'put', path: '/participations/:id/summary', tag: 'participations', summary: 'Summary text and figures', who: 'its coordinators', body: ZUpdateSummaryRequest, response: ZSummary },
  {
    method: 'post',
    path: '/campaigns/:id/participations/events',
    tag: 'participations',
    summary: 'Bulk approve (APPROVE_PLAN or ACCEPT_SUMMARY for many): each item applies or fails alone, with its reason',
    who: 'approver',
    body: ZBulkEventRequest,
    response: ZBulkEventResponse,
  },
  {
    method: 'post',
    path: '/participations/:id/events',
    tag: 'participations',
    summary: 'Send a workflow event: 409 stale version or not allowed now, 403 wrong role or unit, 422 guard failed with reasons',
    who: 'by the workflow table (docs/PRODUCT.md §3)',
    body: ZSendEventRequest,
    response: ZSendEventResponse,
    refusals: [422],
  },
  {
    method: 'get',
    path: '/campaigns/:id/deadlines',
    tag: 'console',
    summary: 'Deadline matrix: units × deliverables (plan, schedule, summary, photos) with a status each; filters and paging as the participation list',
    who: 'organizer, approver',
    query: ZListParticipationsQuery,
    response: ZDeadlineMatrixResponse,
  },
  {
    method: 'post',
    path: '/campaigns/:id/deadlines/reminders',
    tag: 'console',
    summary: 'Remind the coordinators of the named (or all) units still owing the plan or the summary: one notification per coordinator per day',
    who: 'organizer, approver',
    body: ZSendRemindersRequest,
    response: ZSendRemindersResponse,
  },
  { method: 'get', path: '/campaigns/:id/photos', tag: 'console', summary: 'The photo gallery: every summary photo with its unit, activity and date check (filter dateCheck), newest first', who: 'organizer, approver', query: ZGalleryQuery, response: ZGalleryResponse },
  { method: 'get', path: '/campaigns/:id/board', tag: 'console', summary: 'Status board: counts per state, late and overdue, by unit kind and town, activities, coverage', who: 'organizer, approver', response: ZStatusBoard },
  { method: 'get', path: '/campaigns/:id/exports/schedule.xlsx', tag: 'console', summary: 'The district’s whole activity schedule as one .xlsx (全区活动安排表), streamed', who: 'organizer, approver', produces: MEDIA.xlsx },
  { method: 'get', path: '/campaigns/:id/exports/status.xlsx', tag: 'console', summary: 'The status report: one row per unit with state, dates, late marks and deliverables, streamed', who: 'organizer, approver', produces: MEDIA.xlsx },
  { method: 'get', path: '/campaigns/:id/exports/summaries.zip', tag: 'console', summary: 'Summaries pack: a folder per unit with its summary as .docx (photos inside) and its photos, streamed', who: 'organizer, approver', produces: MEDIA.zip },
  { method: 'post', path: '/campaigns/:id/nominations', tag: 'exemplars', summary: 'Nominate a learning star or a brand project (a draft of the caller’s unit)', who: 'coordinator', body: ZCreateNominationRequest, response: ZNominationDetail, status: 201 },
  { method: 'get', path: '/campaigns/:id/nominations', tag: 'exemplars', summary: 'Nominations (organizer and approvers: all; a coordinator: their unit’s)', who: SIGNED_IN, query: ZListNominationsQuery, response: ZListNominationsResponse },
  { method: 'get', path: '/campaigns/:id/nominations/ranking', tag: 'exemplars', summary: 'The shortlist ranked by the panel’s mean score, with spread', who: 'organizer', response: ZListNominationsResponse },
  { method: 'get', path: '/nominations/:id', tag: 'exemplars', summary: 'One nomination with photos, history, allowed events and (for panelists) one’s own scores', who: 'its coordinators, organizer, approvers', response: ZNominationDetail },
  { method: 'put', path: '/nominations/:id', tag: 'exemplars', summary: 'Edit a draft or returned nomination', who: 'its coordinators', body: ZUpdateNominationRequest, response: ZNominationDetail },
  {
    method: 'post',
    path: '/nominations/:id/photos',
    tag: 'exemplars',
    summary: 'Add a photo (multipart file; the summary photos’ rules; at most 6)',
    who: 'its coordinators',
    upload: { kind: 'multipart' },
    response: ZNominationDetail,
    status: 201,
    refusals: [415, 422, 429],
  },
  { method: 'delete', path: '/nominations/:id/photos/:photoId', tag: 'exemplars', summary: 'Remove a photo', who: 'its coordinators', status: 204 },
  {
    method: 'post',
    path: '/nominations/:id/events',
    tag: 'exemplars',
    summary: 'SUBMIT (within quota) · WITHDRAW · RETURN (comment) · SHORTLIST · DECLINE · SELECT · PUBLISH; 422 when incomplete or over the quota',
    who: 'by the nomination workflow',
    body: ZNominationEventRequest,
    response: ZNominationEventResponse,
    refusals: [422],
  },
  { method: 'put', path: '/nominations/:id/scores', tag: 'exemplars', summary: 'A panelist’s scores of a shortlisted nomination, 0–100 per criterion', who: 'panel members', body: ZScoreRequest, response: ZNominationDetail },
  { method: 'get', path: '/campaigns/:id/nomination-quotas', tag: 'exemplars', summary: 'Quotas per unit kind and exemplar kind', who: SIGNED_IN, response: ZNominationQuotas },
  { method: 'put', path: '/campaigns/:id/nomination-quotas', tag: 'exemplars', summary: 'Replace the quotas', who: 'organizer', body: ZNominationQuotas, response: ZNominationQuotas },
  { method: 'get', path: '/campaigns/:id/panel', tag: 'exemplars', summary: 'The scoring panel, its criteria and the approvers who may sit on it', who: 'organizer, approver', response: ZPanel },
  { method: 'put', path: '/campaigns/:id/panel', tag: 'exemplars', summary: 'Name the panel (approvers only)', who: 'organizer', body: ZSetPanelRequest, response: ZPanel },
  { method: 'get', path: '/campaigns/:id/exemplars.xlsx', tag: 'exemplars', summary: 'The city-level recommendation form (推荐汇总表) of the selected and published exemplars', who: 'organizer, approver', produces: MEDIA.xlsx },
  { method: 'get', path: '/campaigns/:id/exemplars.docx', tag: 'exemplars', summary: 'The recommendation forms (推荐表) as Word: a page per selected or published exemplar with its photos', who: 'organizer, approver', produces: MEDIA.docx },
  {
    method: 'get',
    path: '/public/campaigns/:id/activities',
    tag: 'participations',
    summary: 'The public calendar of the week: approved units’ activities (not cancelled), without personal contacts; town, free=true',
    who: 'anyone',
    access: 'public',
    query: ZPublicActivitiesQuery,
    response: ZPublicActivities,
  },
  { method: 'get', path: '/public/campaigns/:id/exemplars', tag: 'exemplars', summary: 'Published exemplars with photos, for the public page', who: 'anyone', access: 'public', response: ZPublicExemplars },
  { method: 'get', path: '/campaigns/:id/checkin-sessions', tag: 'check-in', summary: 'The campaign’s check-in sessions (main venue, sub-venues)', who: 'organizer, checkin-staff, kiosk', access: 'kiosk', response: ZListCheckinSessionsResponse },
  {
    method: 'post',
    path: '/checkin-sessions/:id/checkins',
    tag: 'check-in',
    summary: '201 new, 200 duplicate (same person or same idempotency key) with the first check-in; never two rows. 403 without the venue secret, 409 outside the session’s window or a key reused for another person, 429 too many from one address',
    who: 'anyone with the venue QR secret (rate-limited), checkin-staff, organizer',
    access: 'public',
    body: ZCreateCheckinRequest,
    response: ZCreateCheckinResponse,
    status: 201,
    also: { status: 200, description: 'A duplicate: the same person or the same idempotency key; the first check-in, `duplicate: true`' },
    refusals: [403, 409, 429],
  },
  { method: 'post', path: '/campaigns/:id/checkin-sessions', tag: 'check-in', summary: 'Create a check-in session (main venue or sub-venue) with its QR secret', who: 'organizer', body: ZCreateCheckinSessionRequest, response: ZCheckinSession, status: 201 },
  { method: 'get', path: '/checkin-sessions/:id/poster.pdf', tag: 'check-in', summary: 'The venue poster: A4 PDF with the self check-in QR (503 without a Chinese font on the server)', who: 'organizer, checkin-staff', produces: MEDIA.pdf },
  { method: 'get', path: '/checkin-sessions/:id/checkins', tag: 'check-in', summary: 'Who checked in, with full names, in arrival order (q: name)', who: 'organizer', query: ZListCheckinsQuery, response: ZListCheckinsResponse },
  { method: 'get', path: '/checkin-sessions/:id/checkins.xlsx', tag: 'check-in', summary: 'The check-in list as .xlsx, streamed', who: 'organizer', produces: MEDIA.xlsx },
  {
    method: 'post',
    path: '/campaigns/:id/rehearsals',
    tag: 'check-in',
    summary: 'Start a load rehearsal: a rehearsal session open now (out of every figure, export and wall), simulated walls and check-ins at the peak rate; runner `server` makes the load from this instance (409 one is running, or the campaign is not published)',
    who: 'organizer',
    body: ZStartRehearsalRequest,
    response: ZRehearsal,
    status: 201,
  },
  { method: 'get', path: '/campaigns/:id/rehearsals/latest', tag: 'check-in', summary: 'The last load rehearsal of the campaign with its report (null before the first)', who: 'organizer', response: ZLatestRehearsal },
  {
    method: 'post',
    path: '/rehearsals/:id/report',
    tag: 'check-in',
    summary: 'The report of a rehearsal the caller ran (runner `client`): stored with its verdict, its check-ins and events removed (409 when it has ended)',
    who: 'organizer',
    body: ZRehearsalReportRequest,
    response: ZRehearsal,
  },
  { method: 'get', path: '/campaigns/:id/kiosk-devices', tag: 'check-in', summary: 'The campaign’s ceremony screens', who: 'organizer', response: ZListKioskDevicesResponse },
  { method: 'post', path: '/campaigns/:id/kiosk-devices', tag: 'check-in', summary: 'Issue a screen token (shown once) and the wall URL', who: 'organizer', body: ZCreateKioskDeviceRequest, response: ZIssuedKioskDevice, status: 201 },
  { method: 'delete', path: '/kiosk-devices/:id', tag: 'check-in', summary: 'Revoke a screen: its token stops working and its wall is disconnected', who: 'organizer', response: ZKioskDevice },
  { method: 'get', path: '/checkin-sessions/:id/stats', tag: 'check-in', summary: 'Totals, per unit and town, newest', who: 'kiosk, checkin-staff, organizer', access: 'kiosk', response: ZCheckinStats },
  {
    method: 'get',
    path: '/campaigns/:id/checkin-figures',
    tag: 'check-in',
    summary: 'People across the campaign’s venues (each once), scans (check-ins), and each venue’s total',
    who: 'organizer, checkin-staff, kiosk of the campaign',
    access: 'kiosk',
    response: ZCheckinFigures,
  },
  {
    method: 'get',
    path: '/checkin-sessions/:id/public',
    tag: 'check-in',
    summary: 'Venue and units for the phone check-in page (query s = the QR secret; 403 without it unless staff)',
    who: 'anyone with the venue QR secret, staff',
    access: 'public',
    query: ZCheckinPublicQuery,
    response: ZCheckinPublic,
    refusals: [403],
  },
  {
    method: 'post',
    path: '/checkin-sessions/:id/attendees.xlsx',
    tag: 'check-in',
    summary: 'Import the pre-registered list: the .xlsx as the body (columns 编码, 姓名, 单位, 手机); all rows or none, 422 with errors by row and column',
    who: 'organizer',
    upload: { kind: 'xlsx' },
    response: ZImportAttendeesResponse,
    status: 201,
    refusals: [422],
  },
  { method: 'get', path: '/checkin-sessions/:id/attendees.xlsx', tag: 'check-in', summary: 'The template of the pre-registered list (编码, 姓名, 单位, 手机), with the units to pick from and a 填写说明 sheet', who: 'organizer', produces: MEDIA.xlsx },
  { method: 'get', path: '/checkin-sessions/:id/attendees', tag: 'check-in', summary: 'The pre-registered list with arrivals', who: 'checkin-staff, organizer', response: ZListAttendeesResponse },
  { method: 'get', path: '/kiosk/wall', tag: 'kiosk', summary: 'The campaign of this screen (403 for anything but a screen token)', who: 'kiosk device token', access: 'kiosk', response: ZKioskWall },
  { method: 'get', path: '/notifications', tag: 'notifications', summary: 'My notifications', who: SIGNED_IN, query: ZPageQuery, response: ZListNotificationsResponse },
  { method: 'post', path: '/notifications/:id/read', tag: 'notifications', summary: 'Mark one of mine read (404 for another’s, or one already read)', who: SIGNED_IN, status: 204 },
  { method: 'get', path: '/profile', tag: 'notifications', summary: 'My email address and language for notices, and whether this service sends email', who: SIGNED_IN, response: ZProfile },
  { method: 'put', path: '/profile', tag: 'notifications', summary: 'Set my email address (null removes it) and the language of my notices and emails', who: SIGNED_IN, body: ZUpdateProfileRequest, response: ZProfile },
  { method: 'get', path: '/audit', tag: 'audit', summary: 'The audit log, newest first: campaign edits (dates before and after), publish and close, unit imports and (de)activations, reminders, exports, screens; filters kind, actor, campaignId, from, to', who: 'organizer', query: ZListAuditQuery, response: ZListAuditResponse },
  { method: 'get', path: '/audit.xlsx', tag: 'audit', summary: 'The audit log as .xlsx with the same filters, streamed', who: 'organizer', query: ZAuditExportQuery, produces: MEDIA.xlsx },
];
