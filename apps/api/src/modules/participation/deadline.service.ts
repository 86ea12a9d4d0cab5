import { Injectable, Logger } from '@nestjs/common';
import { ZCampaignRules, type TParticipationState } from '@learnweek/contracts';
import { Clock } from '../../core/clock/clock.js';
import { CampaignRepository } from '../campaign/campaign.repository.js';
import { NotificationRepository } from '../notification/notification.repository.js';
import { DeadlineRepository, ParticipationRepository } from './participation.repository.js';
import { ParticipationService } from './participation.service.js';

const DAY = 86_400_000;

/** States in which a deliverable is still owed. */
export const PLAN_PENDING: readonly TParticipationState[] = ['invited', 'drafting', 'planReturned'];
export const SUMMARY_PENDING: readonly TParticipationState[] = ['weekRunning', 'summaryDue', 'summaryReturned'];

export interface TTickReport {
  weekStarted: number;
  weekEnded: number;
  overdueMarked: number;
  overdueCleared: number;
  reminders: number;
}

/**
 * Everything time does to participations, computed from the current campaign dates at
 * each run: timed transitions, overdue marks (following edited due dates), reminders.
 * Idempotent, so a run missed while the service was down is simply the next run.
 */
@Injectable()
export class DeadlineService {
  private readonly logger = new Logger('deadlines');

  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly participations: ParticipationRepository,
    private readonly deadlines: DeadlineRepository,
    private readonly service: ParticipationService,
    private readonly notifications: NotificationRepository,
    private readonly clock: Clock,
  ) {}

  async tick(): Promise<TTickReport> {
    const report: TTickReport = { weekStarted: 0, weekEnded: 0, overdueMarked: 0, overdueCleared: 0, reminders: 0 };
    for (const c of await this.campaigns.listPublished()) {
      const now = this.clock.now();
      if (now >= c.weekStartsAt) report.weekStarted += await this.fire(c.id, 'planApproved', 'WEEK_STARTED');
      if (now >= c.weekEndsAt) report.weekEnded += await this.fire(c.id, 'weekRunning', 'WEEK_ENDED');
      const rules = ZCampaignRules.parse(c.rules);
      for (const [deliverable, dueAt, pending] of [
        ['plan', c.planDueAt, PLAN_PENDING],
        ['summary', c.summaryDueAt, SUMMARY_PENDING],
      ] as const) {
        const due = now > dueAt;
        report.overdueCleared += await this.deadlines.clearOverdue(c.id, deliverable, pending, due);
        if (due) {
          const marked = await this.deadlines.markOverdue(c.id, deliverable, pending, now);
          report.overdueMarked += marked.length;
          for (const p of marked) {
            await this.notifications.notifyUnit(
              undefined,
              p.unitId,
              {
                kind: 'overdue',
                title: deliverable === 'plan' ? `实施方案已逾期（截止 ${fmt(dueAt)}），请尽快提交` : `活动总结已逾期（截止 ${fmt(dueAt)}），请尽快提交`,
                campaignId: c.id,
                participationId: p.id,
                dedupeKey: (u) => `overdue:${deliverable}:${p.id}:${dueAt.toISOString()}:${u}`,
              },
              now,
            );
          }
          continue;
        }
        // Reminders before the deadline, at each configured offset that has been reached.
        const offsets = rules.reminderDaysBefore.filter((d) => now.getTime() >= dueAt.getTime() - d * DAY);
        if (offsets.length === 0) continue;
        const offset = Math.min(...offsets);
        for (const p of await this.deadlines.pending(c.id, pending)) {
          report.reminders += await this.notifications.notifyUnit(
            undefined,
            p.unitId,
            {
              kind: 'deadlineReminder',
              title: `${deliverable === 'plan' ? '实施方案和活动安排表' : '活动总结和典型照片'}将于 ${fmt(dueAt)} 截止，请按时提交`,
              campaignId: c.id,
              participationId: p.id,
              dedupeKey: (u) => `reminder:${deliverable}:${p.id}:${dueAt.toISOString()}:${offset}:${u}`,
            },
            now,
          );
        }
      }
    }
    if (Object.values(report).some((n) => n > 0)) this.logger.log(JSON.stringify(report));
    return report;
  }

  private async fire(campaignId: string, state: TParticipationState, type: 'WEEK_STARTED' | 'WEEK_ENDED'): Promise<number> {
    let n = 0;
    for (const { id } of await this.participations.idsInState(campaignId, state)) {
      try {
        if (await this.service.sendTimed(id, type)) n += 1;
      } catch (err) {
        // One failing participation must not stop the others; the next run retries it.
        this.logger.error(`${type} for ${id} failed: ${(err as Error).message}`);
      }
    }
    return n;
  }
}

/** A due date as the bureau writes it (China Standard Time). */
const fmt = (d: Date) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
