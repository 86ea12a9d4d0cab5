import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthedRequest } from '../../core/auth/auth.decorators.js';
import { ApiException } from '../../core/errors/api.exception.js';
import { CampaignRepository, type TCampaignOwner } from './campaign.repository.js';

const WRITES = 'learnweek:writesCampaign';

/**
 * Where a write route finds the campaign it changes: the record its `:id` names (a campaign, a
 * participation, a nomination, a check-in session, a screen), or `?campaignId=` (optional).
 * `none` marks a write that belongs to no campaign (sign-in, towns, units, a new campaign).
 */
export type TCampaignOfRoute = TCampaignOwner | 'queryCampaignId' | 'none';

/** Declares which campaign a write route changes: refused with 409 once that campaign is closed. */
export const WritesCampaign = (of: TCampaignOfRoute) => SetMetadata(WRITES, of);

/** The declaration of a handler (for the test that every write route has one). */
export const campaignOfRoute = (reflector: Reflector, handler: ReturnType<ExecutionContext['getHandler']>, controller: ReturnType<ExecutionContext['getClass']>): TCampaignOfRoute | undefined =>
  reflector.getAllAndOverride<TCampaignOfRoute | undefined>(WRITES, [handler, controller]);

/**
 * A closed campaign is a record: every write to it is refused (409 `campaignClosed`) before any
 * body is read or upload parsed. Runs after the auth guard (global guards run in registration
 * order: CoreModule's first). Check-ins are refused by their own write statement instead (the hot
 * path pays no extra query), and the participation workflow checks again inside its transaction.
 */
@Injectable()
export class CampaignWritableGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly campaigns: CampaignRepository,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const of = campaignOfRoute(this.reflector, ctx.getHandler(), ctx.getClass());
    if (of === undefined || of === 'none') return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const id = of === 'queryCampaignId' ? req.query.campaignId : req.params.id;
    // A malformed or unknown id is the route's own 400/404.
    if (typeof id !== 'string' || !UUID.test(id)) return true;
    const status = await this.campaigns.statusOf(of === 'queryCampaignId' ? 'campaign' : of, id);
    if (status === 'closed') throw campaignClosed();
    return true;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const campaignClosed = () => new ApiException(409, 'campaignClosed');
