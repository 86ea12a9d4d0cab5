import { defineRoutes, MEDIA } from '../common/endpoint.js';
import { ZHealthResponse } from './health.contract.js';

export const SYSTEM_ROUTES = defineRoutes('system', {
  health: { method: 'get', path: '/health', summary: 'Liveness and database reachability (503 with the same body when the database is down)', who: 'anyone', access: 'public', response: ZHealthResponse },
  docs: { method: 'get', path: '/docs', summary: 'This document, browsable (Swagger UI)', who: 'anyone', access: 'public', produces: MEDIA.html },
  docsScript: { method: 'get', path: '/docs/init.js', summary: 'The script that starts the browsable document', who: 'anyone', access: 'public', produces: MEDIA.js },
  openApi: { method: 'get', path: '/docs-json', summary: 'This OpenAPI document', who: 'anyone', access: 'public' },
});
