import { Injectable, Logger } from '@nestjs/common';
import {
  noticeForYear,
  ZNotice,
  DEFAULT_CAMPAIGN_RULES,
  ZCloneCampaignRequest,
  ZCreateCampaignRequest,
  ZUpdateCampaignRequest,
  type TCampaign,
  ZParticipationState,
  type TCampaignStatus,
} from '@learnweek/contracts';
import { participationStates } from '@learnweek/workflow';
import { Prisma, type Campaign } from '@learnweek/db';
import type { z } from 'zod';
import { hasRole, type UserPrincipal } from '../../core/auth/principal.js';
import { ApiException, fieldError, notFound, staleVersion } from '../../core/errors/api.exception.js';
import { Clock } from '../../core/clock/clock.js';
import { AuditService } from '../audit/audit.service.js';
import { NotificationService } from '../notification/notification.service.js';
import { toCampaign } from '../../core/mappers/campaign.mapper.js';
import { CampaignRepository } from './campaign.repository.js';

const dates = (t: z.output<typeof ZCreateCampaignRequest>['timeline']) => ({
  planDueAt: new Date(t.planDueAt),
  weekStartsAt: new Date(t.weekStartsAt),
  weekEndsAt: new Date(t.weekEndsAt),
  launchAt: new Date(t.launchAt),
  launchVenue: t.launchVenue,
  summaryDueAt: new Date(t.summaryDueAt),
});

/** The same calendar moment `years` later (29 February falls on 28 February). */
function addYears(d: Date, years: number): Date {
  const r = new Date(d);
  r.setUTCFullYear(d.getUTCFullYear() + years);
  if (r.getUTCDate() !== d.getUTCDate()) r.setUTCDate(0);
  return r;
}

/**
 * The units a close would leave undone: a plan not yet approved (not started, drafting, returned,
 * awaiting review) or, once it is, a summary not yet accepted.
 */
export function outstandingOf(states: readonly { state: string; count: number }[]): { units: number; plans: number; summaries: number } {
  const approved = participationStates('planApproved');
  const accepted = participationStates('summaryIn').filter((s) => !participationStates('awaitingReview').includes(s));
  let plans = 0;
  let summaries = 0;
  for (const { state, count } of states) {
    const s = ZParticipationState.parse(state);
    if (!approved.includes(s)) plans += count;
    else if (!accepted.includes(s)) summaries += count;
  }
  return { units: plans + summaries, plans, summaries };
}

/** What moves a campaign from one status to the next. */
const NEXT: Record<'publish' | 'close', { from: TCampaignStatus; to: TCampaignStatus }> = {
  publish: { from: 'draft', to: 'published' },
  close: { from: 'published', to: 'closed' },
};

@Injectable()
export class CampaignService {
  private readonly logger = new Logger('campaigns');

  constructor(
    private readonly repo: CampaignRepository,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly clock: Clock,
  ) {}

  /** The campaigns a user may choose: a draft is the bureau's (organizer, approvers) until it is published. */
  async list(viewer: UserPrincipal): Promise<TCampaign[]> {
    return (await this.repo.list(hasRole(viewer, 'organizer', 'approver'))).map(toCampaign);
  }

  /** A campaign, or 404: how every module looks one up by an id from the caller. */
  async get(id: string): Promise<TCampaign> {
    return toCampaign(await this.found(id));
  }

  /** The campaigns running now (published): the scheduler's deadlines, the demo's arrivals. */
  async listPublished(): Promise<TCampaign[]> {
    return (await this.repo.listPublished()).map(toCampaign);
  }

  /** Invites units to a campaign inside the caller's transaction (a unit import); how many were not in it yet. */
  invite(tx: Prisma.TransactionClient, campaignId: string, unitIds: readonly string[]): Promise<number> {
    return this.repo.invite(tx, campaignId, unitIds);
  }

  /** A draft campaign with every active unit invited. */
  async create(req: z.output<typeof ZCreateCampaignRequest>): Promise<TCampaign> {
    const c = await this.unique(() =>
      this.repo.transaction(async (tx) => {
        const c = await this.repo.create(tx, {
          year: req.year,
          title: req.title,
          theme: req.theme,
          enquiryContact: req.enquiryContact,
          ...dates(req.timeline),
          rules: req.rules ?? DEFAULT_CAMPAIGN_RULES,
        });
        await this.repo.invite(
          tx,
          c.id,
          (await this.repo.activeUnitIds(tx)).map((u) => u.id),
        );
        await this.repo.copyQuotas(tx, c.id);
        return c;
      }),
    );
    return toCampaign(c);
  }

  /** Edits year, title, theme, dates or rules until the campaign is closed, from the version given (409 with the campaign as it is now when it moved). */
  async update(id: string, req: z.output<typeof ZUpdateCampaignRequest>): Promise<TCampaign> {
    const before = await this.found(id);
    const saved = await this.unique(() =>
      this.repo.updateSettings(id, ['draft', 'published'], req.version, {
        ...(req.year !== undefined ? { year: req.year } : {}),
        ...(req.title !== undefined ? { title: req.title } : {}),
        ...(req.theme !== undefined ? { theme: req.theme } : {}),
        ...(req.timeline ? dates(req.timeline) : {}),
        ...(req.rules ? { rules: req.rules } : {}),
        ...(req.enquiryContact !== undefined ? { enquiryContact: req.enquiryContact } : {}),
      }),
    );
    const c = await this.found(id);
    if (!saved) throw c.status === 'closed' ? new ApiException(409, 'notEditable') : staleVersion(toCampaign(c));
    await this.audit.campaignEdited(toCampaign(before), toCampaign(c));
    await this.told('dates changed', () => this.notifications.notifyDatesChanged(toCampaign(before), toCampaign(c), this.clock.now()));
    return toCampaign(c);
  }

  /**
   * Tells the coordinators of a change already saved: a failure to write the notices is logged, not
   * answered as an error (a retry would be refused as stale, and they would never be told).
   */
  private async told(what: string, notify: () => Promise<unknown>): Promise<void> {
    await notify().catch((err: unknown) =>
      this.logger.error(`campaign ${what}: the coordinators' notices were not written: ${(err as Error).message}`),
    );
  }

  async move(id: string, step: keyof typeof NEXT, confirmed = false): Promise<TCampaign> {
    await this.found(id);
    if (step === 'close' && !confirmed) {
      const outstanding = outstandingOf(await this.repo.statesOf(id));
      if (outstanding.units > 0)
        throw new ApiException(409, 'confirmationRequired', { problems: [{ code: 'campaignOutstanding', ...outstanding }] });
    }
    const c = await this.repo.updateIn(id, [NEXT[step].from], { status: NEXT[step].to });
    if (!c) throw new ApiException(409, 'eventNotAllowed');
    await this.audit.record({ kind: step === 'publish' ? 'campaign.published' : 'campaign.closed', campaignId: id, target: c.title });
    if (step === 'publish')
      await this.told('published', async () =>
        this.notifications.notifyCampaign(
          id,
          { kind: 'campaignPublished', planDueAt: c.planDueAt, noticeIssued: await this.repo.noticeIssued(id) },
          `campaignPublished:${id}`,
          this.clock.now(),
        ),
      );
    return toCampaign(c);
  }

  /** Next year's draft: the source's units (still active), rules and notice, its dates moved by whole years, no submissions. */
  async clone(id: string, req: z.output<typeof ZCloneCampaignRequest>): Promise<TCampaign> {
    const src = await this.found(id);
    const years = req.year - src.year;
    const c = await this.unique(() =>
      this.repo.transaction(async (tx) => {
        const c = await this.repo.create(tx, {
          year: req.year,
          title: req.title ?? src.title.replace(String(src.year), String(req.year)),
          theme: src.theme,
          planDueAt: addYears(src.planDueAt, years),
          weekStartsAt: addYears(src.weekStartsAt, years),
          weekEndsAt: addYears(src.weekEndsAt, years),
          launchAt: addYears(src.launchAt, years),
          launchVenue: src.launchVenue,
          enquiryContact: src.enquiryContact,
          summaryDueAt: addYears(src.summaryDueAt, years),
          rules: src.rules as Prisma.InputJsonValue,
          ...(src.notice === null ? {} : { notice: noticeForYear(ZNotice.parse(src.notice), src.year, req.year) }),
          clonedFromId: src.id,
        });
        const units = await this.repo.activeUnitIds(tx, await this.repo.unitIdsOf(tx, src.id));
        await this.repo.invite(
          tx,
          c.id,
          units.map((u) => u.id),
        );
        await this.repo.copyQuotas(tx, c.id, src.id);
        return c;
      }),
    );
    return toCampaign(c);
  }

  private async found(id: string): Promise<Campaign> {
    const c = await this.repo.find(id);
    if (!c) throw notFound();
    return c;
  }

  /** A second campaign of the same year and title is refused on the title (the unique index decides). */
  private async unique<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') throw fieldError(409, 'title', 'lw.campaignExists');
      throw e;
    }
  }
}
