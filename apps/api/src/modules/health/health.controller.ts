import { Controller, Res } from '@nestjs/common';
import { ROUTES, type THealthResponse } from '@learnweek/contracts';
import type { FastifyReply } from 'fastify';
import { Endpoint } from '../../core/http/endpoint.decorator.js';
import { HealthRepository } from './health.repository.js';

@Controller()
export class HealthController {
  constructor(private readonly repo: HealthRepository) {}

  @Endpoint(ROUTES.system.health)
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<THealthResponse> {
    const db = await this.repo.ping();
    if (!db) void reply.status(503);
    return { status: db ? 'ok' : 'degraded', db: db ? 'ok' : 'down' };
  }
}
