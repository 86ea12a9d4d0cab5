import { defineRoutes, MEDIA } from '../common/endpoint.js';
import { ZListParticipationsQuery } from '../participation/participation.contract.js';
import { ZGalleryQuery, ZGalleryResponse, ZStatusBoard } from './board.contract.js';
import { ZDeadlineMatrixResponse, ZSendRemindersRequest, ZSendRemindersResponse } from './deadline.contract.js';

const CONSOLE = { who: 'organizer, approver', roles: ['organizer', 'approver'] } as const;

export const CONSOLE_ROUTES = defineRoutes('console', {
  deadlines: {
    method: 'get',
    path: '/campaigns/:id/deadlines',
    summary:
      'Deadline matrix: units × deliverables (plan, schedule, summary, photos) with a status each; filters and paging as the participation list',
    ...CONSOLE,
    query: ZListParticipationsQuery,
    response: ZDeadlineMatrixResponse,
  },
  remind: {
    method: 'post',
    path: '/campaigns/:id/deadlines/reminders',
    summary:
      'Remind the coordinators of the named (or all) units still owing the plan or the summary: one notification per coordinator per day',
    ...CONSOLE,
    writes: 'campaign',
    body: ZSendRemindersRequest,
    response: ZSendRemindersResponse,
  },
  gallery: {
    method: 'get',
    path: '/campaigns/:id/photos',
    summary: 'The photo gallery: every summary photo with its unit, activity and date check (filter dateCheck), newest first',
    ...CONSOLE,
    query: ZGalleryQuery,
    response: ZGalleryResponse,
  },
  board: {
    method: 'get',
    path: '/campaigns/:id/board',
    summary: 'Status board: counts per state, late and overdue, by unit kind and town, activities, coverage',
    ...CONSOLE,
    response: ZStatusBoard,
  },
  exportSchedule: {
    method: 'get',
    path: '/campaigns/:id/exports/schedule.xlsx',
    summary: 'The district’s whole activity schedule as one .xlsx (全区活动安排表), streamed',
    ...CONSOLE,
    produces: MEDIA.xlsx,
  },
  exportStatus: {
    method: 'get',
    path: '/campaigns/:id/exports/status.xlsx',
    summary: 'The status report: one row per unit with state, dates, late marks and deliverables, streamed',
    ...CONSOLE,
    produces: MEDIA.xlsx,
  },
  exportSummaries: {
    method: 'get',
    path: '/campaigns/:id/exports/summaries.zip',
    summary: 'Summaries pack: a folder per unit with its summary as .docx (photos inside) and its photos, streamed',
    ...CONSOLE,
    produces: MEDIA.zip,
  },
  exportSummariesDocx: {
    method: 'get',
    path: '/campaigns/:id/exports/summaries.docx',
    summary:
      'Summaries compilation (活动总结汇编) as one .docx: cover, contents, each unit’s summary with its photos on its own pages, by town then unit; streamed',
    ...CONSOLE,
    produces: MEDIA.docx,
  },
  exportPlansDocx: {
    method: 'get',
    path: '/campaigns/:id/exports/plans.docx',
    summary:
      'Plans compilation (实施方案汇编) as one .docx: cover, contents, each unit’s plan and activity schedule on its own pages, by town then unit; streamed',
    ...CONSOLE,
    produces: MEDIA.docx,
  },
});
