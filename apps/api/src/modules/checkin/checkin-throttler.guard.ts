import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthedRequest } from '../../core/auth/auth.decorators.js';
import { ApiException } from '../../core/errors/api.exception.js';

/** Self check-ins are limited per client address; signed-in staff at a desk are not. */
@Injectable()
export class CheckinThrottlerGuard extends ThrottlerGuard {
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    return Promise.resolve(req.principal?.kind === 'user');
  }

  protected override throwThrottlingException(): Promise<void> {
    throw new ApiException(429, 'tooManyRequests');
  }
}
