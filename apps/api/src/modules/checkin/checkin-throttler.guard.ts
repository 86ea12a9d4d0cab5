import { type ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthedRequest } from '../../core/auth/auth.decorators.js';
import { hasRole } from '../../core/auth/principal.js';
import { ApiThrottlerGuard } from '../../core/auth/api-throttler.guard.js';

/** Self check-ins are limited per client address; signed-in staff and desk links (a desk syncing its queue behind the venue's NAT) are not. */
@Injectable()
export class CheckinThrottlerGuard extends ApiThrottlerGuard {
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const p = req.principal;
    return Promise.resolve(p?.kind === 'desk' || (p?.kind === 'user' && hasRole(p, 'checkinStaff', 'organizer')));
  }
}
