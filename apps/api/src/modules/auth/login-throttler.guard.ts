import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiThrottlerGuard } from '../../core/auth/api-throttler.guard.js';

/** Sign-in attempts are counted per client address and username. */
@Injectable()
export class LoginThrottlerGuard extends ApiThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const r = req as unknown as Request;
    const body = r.body as { username?: unknown } | undefined;
    const username = typeof body?.username === 'string' ? body.username.trim().toLowerCase() : '';
    return Promise.resolve(`${r.ip ?? ''}|${username}`);
  }
}
