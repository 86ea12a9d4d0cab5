import { defineRoutes, MEDIA } from '../common/endpoint.js';
import { ZHealthResponse, ZLiveResponse, ZReadyResponse } from './health.contract.js';

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
  ready: {
    method: 'get',
    path: '/health/ready',
    summary:
      'Readiness of the database (as /health) and of Redis when REDIS_URL is set (a PING within 1.5 s): 503 with the same body when either is not ok',
    who: 'anyone',
    access: 'public',
    response: ZReadyResponse,
  },
  metrics: {
    method: 'get',
    path: '/metrics',
    summary:
      'Metrics in the Prometheus text format (HTTP requests by route and status with durations, check-ins written, live sockets, outbox, scheduled jobs, mail queue, backup age); for a direct caller on this machine, or anyone with METRICS_TOKEN as the HTTP Basic password (403 otherwise)',
    who: 'monitoring: this machine, or METRICS_TOKEN',
    access: 'public',
    produces: MEDIA.prometheus,
    refusals: [403],
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
