import { Controller, Get, Res } from '@nestjs/common';
import type { THealthResponse } from '@learnweek/contracts';
import type { Response } from 'express';
import { Public } from '../../core/auth/auth.decorators.js';
import { HealthRepository } from './health.repository.js';

@Controller('health')
export class HealthController {
  constructor(private readonly repo: HealthRepository) {}

  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response): Promise<THealthResponse> {
    const db = await this.repo.ping();
    if (!db) res.status(503);
    return { status: db ? 'ok' : 'degraded', db: db ? 'ok' : 'down' };
  }
}
