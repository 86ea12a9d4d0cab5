import { defineRoutes, MEDIA } from '../common/endpoint.js';
import { ZHealthResponse, ZLiveResponse } from './health.contract.js';

export const SYSTEM_ROUTES = defineRoutes('system', {
  health: {
    method: 'get',
    path: '/health',
    summary:
      'Readiness: the database answers within 1.5 s and a check-in could take its lock (503 with the same body when slow, locked or down)',
    who: 'anyone',
    access: 'public',
    response: ZHealthResponse,
  },
  live: {
    method: 'get',
    path: '/health/live',
    summary: 'Liveness: the process answers, without asking the database',
    who: 'anyone',
    access: 'public',
    response: ZLiveResponse,
  },
  docs: {
    method: 'get',
    path: '/docs',
    summary: 'This document, browsable (Swagger UI)',
    who: 'anyone',
    access: 'public',
    produces: MEDIA.html,
  },
  docsScript: {
    method: 'get',
    path: '/docs/init.js',
    summary: 'The script that starts the browsable document',
    who: 'anyone',
    access: 'public',
    produces: MEDIA.js,
  },
  openApi: { method: 'get', path: '/docs-json', summary: 'This OpenAPI document', who: 'anyone', access: 'public' },
});
