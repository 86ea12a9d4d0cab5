import { Controller, Header, Inject, Req, Res } from '@nestjs/common';
import { ROUTES, type THealthResponse, type TLiveResponse, type TReadyResponse } from '@learnweek/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { forbidden } from '../../core/errors/api.exception.js';
import { Endpoint } from '../../core/http/endpoint.decorator.js';
import { metricsAllowed } from '../../core/metrics/metrics-access.js';
import { MetricsService } from '../../core/metrics/metrics.service.js';
import { HealthRepository } from './health.repository.js';
import { RedisProbe } from './redis-probe.js';

@Controller()
export class HealthController {
  constructor(
    private readonly repo: HealthRepository,
    private readonly redis: RedisProbe,
    private readonly metrics: MetricsService,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  /** Readiness: a load balancer sends no one to an instance whose database is slow, locked or down. */
  @Endpoint(ROUTES.system.health)
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<THealthResponse> {
    const db = await this.repo.probe();
    if (db !== 'ok') void reply.status(503);
    return { status: db === 'ok' ? 'ok' : 'degraded', db };
  }

  /** Readiness of all the instance serves with: the database, and Redis when there is one (both probed at once). */
  @Endpoint(ROUTES.system.ready)
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<TReadyResponse> {
    const [db, redis] = await Promise.all([this.repo.probe(), this.redis.probe()]);
    const ok = db === 'ok' && redis !== 'down';
    if (!ok) void reply.status(503);
    return { status: ok ? 'ok' : 'degraded', db, redis };
  }

  /** Liveness: cheap, so that a supervisor restarts only a process that stopped answering. */
  @Endpoint(ROUTES.system.live)
  live(): TLiveResponse {
    return { status: 'ok' };
  }

  /** The Prometheus scrape (core/metrics): this machine's direct callers, or METRICS_TOKEN (core/metrics/metrics-access.ts). */
  @Endpoint(ROUTES.system.metrics)
  @Header('Cache-Control', 'no-store')
  async metricsText(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!metricsAllowed(req.socket.remoteAddress, req.headers, this.options.config.metricsToken)) throw forbidden();
    const { contentType, body } = await this.metrics.text();
    void reply.type(contentType);
    return body;
  }
}
