import { Controller, Get, Res } from '@nestjs/common';
import type { THealthResponse } from '@learnweek/contracts';
import type { FastifyReply } from 'fastify';
import { Public } from '../../core/auth/auth.decorators.js';
import { HealthRepository } from './health.repository.js';

@Controller('health')
export class HealthController {
  constructor(private readonly repo: HealthRepository) {}

  @Public()
  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<THealthResponse> {
    const db = await this.repo.ping();
    if (!db) void reply.status(503);
    return { status: db ? 'ok' : 'degraded', db: db ? 'ok' : 'down' };
  }
}
