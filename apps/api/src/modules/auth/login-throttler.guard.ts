import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import { ApiException } from '../../core/errors/api.exception.js';

/** Sign-in attempts are counted per client address and username. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const r = req as unknown as Request;
    const body = r.body as { username?: unknown } | undefined;
    const username = typeof body?.username === 'string' ? body.username.trim().toLowerCase() : '';
    return Promise.resolve(`${r.ip ?? ''}|${username}`);
  }

  protected override throwThrottlingException(): Promise<void> {
    throw new ApiException(429, 'tooManyRequests');
  }
}
