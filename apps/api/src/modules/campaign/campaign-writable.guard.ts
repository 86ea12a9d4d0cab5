import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { TCampaignOfRoute } from '@learnweek/contracts';
import type { AuthedRequest } from '../../core/auth/auth.decorators.js';
import { campaignClosed } from '../../core/errors/api.exception.js';
import { endpointOf } from '../../core/http/endpoint.decorator.js';
import { CampaignRepository } from './campaign.repository.js';

/**
 * The campaign a handler's route writes to, as its declaration says (`writes`: the record its `:id`
 * names, or `?campaignId=`; `none` for a write that belongs to no campaign); undefined for a read.
 */
export const campaignOfRoute = (handler: ReturnType<ExecutionContext['getHandler']>): TCampaignOfRoute | undefined =>
  endpointOf(handler)?.writes;

/**
 * A closed campaign is a record: every write to it is refused (409 `campaignClosed`) before any
 * body is read or upload parsed. Runs after the auth guard (global guards run in registration
 * order: CoreModule's first). Check-ins are refused by their own write statement instead (the hot
 * path pays no extra query), and the participation workflow checks again inside its transaction.
 */
@Injectable()
export class CampaignWritableGuard implements CanActivate {
  constructor(private readonly campaigns: CampaignRepository) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const of = campaignOfRoute(ctx.getHandler());
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
