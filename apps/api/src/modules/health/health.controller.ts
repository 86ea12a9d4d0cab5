import { Controller, Res } from '@nestjs/common';
import { ROUTES, type THealthResponse, type TLiveResponse } from '@learnweek/contracts';
import type { FastifyReply } from 'fastify';
import { Endpoint } from '../../core/http/endpoint.decorator.js';
import { HealthRepository } from './health.repository.js';

@Controller()
export class HealthController {
  constructor(private readonly repo: HealthRepository) {}

  /** Readiness: a load balancer sends no one to an instance whose database is slow, locked or down. */
  @Endpoint(ROUTES.system.health)
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<THealthResponse> {
    const db = await this.repo.probe();
    if (db !== 'ok') void reply.status(503);
    return { status: db === 'ok' ? 'ok' : 'degraded', db };
  }

  /** Liveness: cheap, so that a supervisor restarts only a process that stopped answering. */
  @Endpoint(ROUTES.system.live)
  live(): TLiveResponse {
    return { status: 'ok' };
  }
}
