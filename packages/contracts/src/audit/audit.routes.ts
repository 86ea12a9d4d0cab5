import { defineRoutes, MEDIA } from '../common/endpoint.js';
import { ZAuditExportQuery, ZListAuditQuery, ZListAuditResponse } from './audit.contract.js';

export const AUDIT_ROUTES = defineRoutes('audit', {
  list: {
    method: 'get',
    path: '/audit',
    summary:
      'The audit log, newest first: campaign edits (dates before and after), publish and close, unit imports and (de)activations, reminders, exports, screens; filters kind, actor, campaignId, from, to',
    who: 'organizer',
    roles: ['organizer'],
    query: ZListAuditQuery,
    response: ZListAuditResponse,
  },
  export: {
    method: 'get',
    path: '/audit.xlsx',
    summary: 'The audit log as .xlsx with the same filters, streamed',
    who: 'organizer',
    roles: ['organizer'],
    query: ZAuditExportQuery,
    produces: MEDIA.xlsx,
  },
});
