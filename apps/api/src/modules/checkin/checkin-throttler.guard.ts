import { type ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthedRequest } from '../../core/auth/auth.decorators.js';
import { ApiThrottlerGuard } from '../../core/auth/api-throttler.guard.js';

/** Self check-ins are limited per client address; signed-in staff at a desk are not. */
@Injectable()
export class CheckinThrottlerGuard extends ApiThrottlerGuard {
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    return Promise.resolve(req.principal?.kind === 'user');
  }
}
