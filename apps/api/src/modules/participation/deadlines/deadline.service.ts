import { Injectable, Logger } from '@nestjs/common';
import {
  ZParticipationState,
  type TCampaign,
  type TDeadline,
  type TDeadlineMatrixResponse,
  type TDeadlineReminder,
  type TParticipationState,
  type TSendRemindersRequest,
  type TSendRemindersResponse,
  type ZListParticipationsQuery,
} from '@learnweek/contracts';
import { participationStates, participationStatesAccepting } from '@learnweek/workflow';
import type { z } from 'zod';
import { chinaText } from '../../../core/clock/china-time.js';
import { Clock } from '../../../core/clock/clock.js';
import { toUnitRef } from '../../../core/mappers/unit-ref.mapper.js';
import { AuditService } from '../../audit/audit.service.js';
import { CampaignService } from '../../campaign/campaign.service.js';
import { NotificationService } from '../../notification/notification.service.js';
import { TownDigestService } from '../../town/town-digest.service.js';
import { ParticipationService } from '../workflow/participation.service.js';
import { deliverableCells } from './deadline-cells.js';
import { DeadlineRepository } from './deadline.repository.js';
import { PrismaService } from '../../../core/prisma/prisma.service.js';

const DAY = 86_400_000;

/** States in which a deliverable is still owed (the machine's tags). */
const PENDING: Record<TDeadline, readonly TParticipationState[]> = {
  plan: participationStates('planPending'),
  summary: participationStates('summaryPending'),
};

export interface TTickReport {
  weekStarted: number;
  weekEnded: number;
  overdueMarked: number;
  overdueCleared: number;
  reminders: number;
  escalations: number;
}

/**
 * Everything time does to participations, computed from the current campaign dates at
 * each run: timed transitions, overdue marks (following edited due dates), reminders.
 * Idempotent, so a run missed while the service was down is simply the next run.
 */
/** The deadline a reminder was about, from its dedupe key (`remind:plan:…` from the matrix, `reminder:summary:…` from the scheduler). */
const reminderDeadline = (key: string | null): TDeadline => (key?.split(':')[1] === 'summary' ? 'summary' : 'plan');

/** Each participation's reminders, newest first, at most 5. */
function remindersByParticipation(rows: Awaited<ReturnType<DeadlineRepository['reminders']>>): Map<string, TDeadlineReminder[]> {
  const by = new Map<string, TDeadlineReminder[]>();
  for (const r of rows) {
    const list = by.get(r.participationId!) ?? [];
    if (list.length < 5) list.push({ at: r.createdAt.toISOString(), to: r.user.displayName, deadline: reminderDeadline(r.dedupeKey) });
    by.set(r.participationId!, list);
  }
  return by;
}

@Injectable()
export class DeadlineService {
  private readonly logger = new Logger('deadlines');

  constructor(
    private readonly campaigns: CampaignService,
    private readonly deadlines: DeadlineRepository,
    private readonly participations: ParticipationService,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
    private readonly towns: TownDigestService,
    private readonly clock: Clock,
    private readonly prisma: PrismaService,
  ) {}

  async tick(): Promise<TTickReport> {
    const report: TTickReport = { weekStarted: 0, weekEnded: 0, overdueMarked: 0, overdueCleared: 0, reminders: 0, escalations: 0 };
    // District by district, each under its own policies: its campaigns, notices, digests and audit entries.
    await this.prisma.eachDistrict(async () => {
      for (const c of await this.campaigns.listPublished()) await this.tickCampaign(c, report);
    });
    if (Object.values(report).some((n) => n > 0)) this.logger.log(JSON.stringify(report));
    return report;
  }

  /** One campaign's run: the week's timed events, then each deliverable's overdue marks or reminders. */
  private async tickCampaign(c: TCampaign, report: TTickReport): Promise<void> {
    const now = this.clock.now();
    if (now >= new Date(c.timeline.weekStartsAt)) report.weekStarted += await this.fire(c, 'WEEK_STARTED');
    if (now >= new Date(c.timeline.weekEndsAt)) report.weekEnded += await this.fire(c, 'WEEK_ENDED');
    for (const deliverable of ['plan', 'summary'] as const) {
      const dueAt = new Date(deliverable === 'plan' ? c.timeline.planDueAt : c.timeline.summaryDueAt);
      const due = now > dueAt;
      report.overdueCleared += await this.deadlines.clearOverdue(c.id, deliverable, PENDING[deliverable], due);
      if (due) await this.markOverdue(c.id, deliverable, dueAt, now, report);
      else await this.remindBefore(c, deliverable, dueAt, now, report);
    }
    // The town centres hear of their late units once a day, in one digest per town.
    report.escalations += await this.towns.send(c, now);
  }

  /** Marks the units newly past due and tells their coordinators (their town's centre hears of them in the day's digest). */
  private async markOverdue(campaignId: string, deliverable: TDeadline, dueAt: Date, now: Date, report: TTickReport): Promise<void> {
    const marked = await this.deadlines.markOverdue(campaignId, deliverable, PENDING[deliverable], now);
    report.overdueMarked += marked.length;
    for (const p of marked) {
      const draft = { campaignId, participationId: p.id, deadline: deliverable, dueAt };
      const key = `${deliverable}:${p.id}:${dueAt.toISOString()}`;
      await this.notifications.notifyUnit(undefined, p.unitId, { ...draft, kind: 'overdue', dedupeKey: (u) => `overdue:${key}:${u}` }, now);
      // The system's entry, one per unit marked (the log's unit filter finds it).
      await this.audit.record({ kind: 'deadline.overdueMarked', campaignId, unitId: p.unitId, target: deliverable });
    }
  }

  /** Reminders before the deadline, at each configured offset that has been reached (once per offset). */
  private async remindBefore(c: TCampaign, deliverable: TDeadline, dueAt: Date, now: Date, report: TTickReport): Promise<void> {
    const offsets = c.rules.reminderDaysBefore.filter((d) => now.getTime() >= dueAt.getTime() - d * DAY);
    if (offsets.length === 0) return;
    const offset = Math.min(...offsets);
    const drafts = new Map(
      (await this.deadlines.pending(c.id, PENDING[deliverable])).map((p) => [
        p.unitId,
        {
          kind: 'deadlineReminder' as const,
          deadline: deliverable,
          dueAt,
          overdue: false,
          campaignId: c.id,
          participationId: p.id,
          dedupeKey: (u: string) => `reminder:${deliverable}:${p.id}:${dueAt.toISOString()}:${offset}:${u}`,
        },
      ]),
    );
    // Two statements for the whole campaign, as the matrix's reminders (not two per unit).
    const sent = await this.notifications.notifyUnits(drafts, now);
    report.reminders += sent.created;
    if (sent.created > 0)
      await this.audit.record({
        kind: 'reminders.sent',
        campaignId: c.id,
        target: deliverable,
        counts: { units: drafts.size, notified: sent.created },
      });
  }

  /** The deadline matrix: units × deliverables, filtered and paged like the participation list. */
  async matrix(campaignId: string, q: z.output<typeof ZListParticipationsQuery>): Promise<TDeadlineMatrixResponse> {
    const { timeline, rules } = await this.campaigns.get(campaignId);
    const { total, items } = await this.deadlines.matrix(campaignId, q);
    const reminded = remindersByParticipation(await this.deadlines.reminders(items.map((p) => p.id)));
    return {
      total,
      page: q.page,
      pageSize: q.pageSize,
      dueAt: { plan: timeline.planDueAt, summary: timeline.summaryDueAt },
      current: this.clock.now().getTime() >= Date.parse(timeline.weekEndsAt) ? 'summary' : 'plan',
      items: items.map((p) => {
        const state = ZParticipationState.parse(p.state);
        return {
          participationId: p.id,
          unit: toUnitRef(p.unit),
          state,
          coordinators: p.unit._count.users,
          activities: p._count.activities,
          photos: p._count.photos,
          reminders: reminded.get(p.id) ?? [],
          cells: deliverableCells({
            state,
            planOverdue: p.planOverdueAt !== null,
            summaryOverdue: p.summaryOverdueAt !== null,
            latePlan: p.latePlan,
            lateSummary: p.lateSummary,
            activities: p._count.activities,
            photos: p._count.photos,
            discDelivered: p.summary?.discDelivered ?? false,
            photosRequired: rules.photosRequired,
          }),
        };
      }),
    };
  }

  /**
   * Bulk reminders from the matrix: every active coordinator of each named (or every) unit still
   * owing the deliverable gets one notification; a second click the same (China) day adds none.
   */
  async remind(campaignId: string, body: TSendRemindersRequest): Promise<TSendRemindersResponse> {
    const { timeline } = await this.campaigns.get(campaignId);
    const now = this.clock.now();
    const dueAt = new Date(body.deadline === 'plan' ? timeline.planDueAt : timeline.summaryDueAt);
    // The calendar day in China: what "the same day" means to a coordinator.
    const day = chinaText(now, 'day');
    const owing = await this.deadlines.pending(campaignId, PENDING[body.deadline], body.participationIds);
    const drafts = new Map(
      owing.map((p) => [
        p.unitId,
        {
          kind: 'deadlineReminder' as const,
          deadline: body.deadline,
          dueAt,
          overdue: now > dueAt,
          campaignId,
          participationId: p.id,
          dedupeKey: (u: string) => `remind:${body.deadline}:${p.id}:${day}:${u}`,
        },
      ]),
    );
    const { recipients, created } = await this.notifications.notifyUnits(drafts, now);
    await this.audit.record({
      kind: 'reminders.sent',
      campaignId,
      target: body.deadline,
      counts: { units: owing.length, notified: created, alreadyReminded: recipients - created },
    });
    return { units: owing.length, notified: created, alreadyReminded: recipients - created };
  }

  private async fire(c: TCampaign, type: 'WEEK_STARTED' | 'WEEK_ENDED'): Promise<number> {
    let n = 0;
    for (const { id } of await this.deadlines.idsInStates(c.id, participationStatesAccepting(type))) {
      try {
        if (await this.participations.sendTimed(id, type)) n += 1;
      } catch (err) {
        // One failing participation must not stop the others; the next run retries it.
        this.logger.error(`${type} for ${id} failed: ${(err as Error).message}`);
      }
    }
    if (n > 0)
      await this.audit.record({
        kind: type === 'WEEK_STARTED' ? 'week.started' : 'week.ended',
        campaignId: c.id,
        target: c.title,
        counts: { participations: n },
      });
    return n;
  }
}
