import { ZCreateActivityRequest, type TLocale, type TParticipationEventType, type TRole, type TUnitKind } from '@learnweek/contracts';
import { demoPlanText, demoSchedule, TIMELINE_2017, XINBEI_DISTRICT_ID, type PrismaClient, type TUnitRow } from '@learnweek/db';
import { PARTICIPATION_SENDERS } from '@learnweek/workflow';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { UserPrincipal } from '../core/auth/principal.js';
import { ManualClock } from '../core/clock/clock.js';
import type { ContentService } from '../modules/participation/content/content.service.js';
import type { PhotoService } from '../modules/participation/photos/photo.service.js';
import type { ParticipationService } from '../modules/participation/workflow/participation.service.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** One step of a unit's demo history: a workflow event, with the reviewer's comment when it returns. */
export type TSeasonStep = [TParticipationEventType, comment?: string];
const S = (...types: (TParticipationEventType | [TParticipationEventType, string])[]): TSeasonStep[] =>
  types.map((t) => (Array.isArray(t) ? t : [t]));
const FULL = S('START_DRAFT', 'SUBMIT_PLAN', 'APPROVE_PLAN', 'WEEK_STARTED', 'WEEK_ENDED', 'SUBMIT_SUMMARY', 'ACCEPT_SUMMARY');
const RETURN_PLAN: TSeasonStep = ['RETURN_PLAN', '活动安排表中“主题讲座”缺少负责人联系电话，请补充后重新提交。'];
const RETURN_SUMMARY: TSeasonStep = ['RETURN_SUMMARY', '总结中参与人数与活动安排表不一致，请核对。'];

/** 2017: a closed record with participations in every state, most reviewed (unit i plays entry i mod 16). */
export const HISTORICAL_MIX: TSeasonStep[][] = [
  FULL,
  FULL,
  [...FULL.slice(0, 2), RETURN_PLAN, ...FULL.slice(1)],
  FULL,
  [...FULL.slice(0, 6), RETURN_SUMMARY, ...FULL.slice(5)],
  FULL.slice(0, 6),
  FULL,
  [...FULL.slice(0, 6), RETURN_SUMMARY],
  FULL.slice(0, 5),
  FULL,
  FULL.slice(0, 4),
  FULL.slice(0, 3),
  [...FULL.slice(0, 2), RETURN_PLAN],
  FULL.slice(0, 2),
  FULL.slice(0, 1),
  [],
];

/** This year: plan collection is under way (unit i plays entry i mod 8). */
export const CURRENT_MIX: TSeasonStep[][] = [
  [],
  FULL.slice(0, 1),
  FULL.slice(0, 2),
  FULL.slice(0, 1),
  [...FULL.slice(0, 2), RETURN_PLAN],
  FULL.slice(0, 3),
  FULL.slice(0, 2),
  [],
];

type TTimeline = typeof TIMELINE_2017;

/**
 * When each step of a demo history happens: 2017's along the notice's dates (a few units late, as in
 * every real year); this year's in the days before `now`. A step never comes before the one it follows
 * (a plan sent again goes a day after its return).
 */
export function stepTime(
  type: TParticipationEventType,
  t: TTimeline,
  index: number,
  historical: boolean,
  now: Date,
  after: Date | undefined,
): Date {
  const at = plannedTime(type, t, index, historical, now);
  return after && at <= after ? new Date(after.getTime() + (historical ? DAY : HOUR)) : at;
}

function plannedTime(type: TParticipationEventType, t: TTimeline, index: number, historical: boolean, now: Date): Date {
  if (!historical) {
    const base = now.getTime() - 6 * DAY + (index % 5) * HOUR;
    const order: Record<TParticipationEventType, number> = {
      START_DRAFT: 0,
      SUBMIT_PLAN: 2,
      WITHDRAW_PLAN: 2.5,
      RETURN_PLAN: 3,
      APPROVE_PLAN: 4,
      WEEK_STARTED: 5,
      WEEK_ENDED: 5,
      SUBMIT_SUMMARY: 5,
      ACCEPT_SUMMARY: 5,
      RETURN_SUMMARY: 5,
    };
    return new Date(base + order[type] * DAY);
  }
  const late = index % 9 === 4;
  switch (type) {
    case 'START_DRAFT':
      return new Date(t.planDueAt.getTime() - 20 * DAY + index * 600_000);
    case 'SUBMIT_PLAN':
      return new Date(t.planDueAt.getTime() + (late ? 2 * DAY : -2 * DAY) + index * 600_000);
    case 'WITHDRAW_PLAN':
    case 'RETURN_PLAN':
      return new Date(t.planDueAt.getTime() + 3 * DAY);
    case 'APPROVE_PLAN':
      return new Date(t.planDueAt.getTime() + 5 * DAY);
    case 'WEEK_STARTED':
      return t.weekStartsAt;
    case 'WEEK_ENDED':
      return t.weekEndsAt;
    case 'SUBMIT_SUMMARY':
      return new Date(t.summaryDueAt.getTime() + (late ? DAY : -DAY));
    case 'RETURN_SUMMARY':
      return new Date(t.summaryDueAt.getTime() + 2 * DAY);
    case 'ACCEPT_SUMMARY':
      return new Date(t.summaryDueAt.getTime() + 5 * DAY);
  }
}

export const summaryText = (unitName: string) =>
  `${unitName}按照区教育文体局通知要求，精心组织、广泛宣传，推进周期间各项活动按计划顺利开展，营造了浓厚的全民终身学习氛围。活动光盘已报送社会教育科。`;

/**
 * The services' clock while a season is played: a ManualClock, and inside `own` each unit's history
 * has a manual clock of its own, so that units can be played side by side (on PostgreSQL) while each
 * one's steps happen at their own times. The services read it as any Clock.
 */
export class SeasonClock extends ManualClock {
  private readonly unit = new AsyncLocalStorage<ManualClock>();

  override now(): Date {
    const own = this.unit.getStore();
    return own ? own.now() : super.now();
  }

  override set(to: Date | string): void {
    const own = this.unit.getStore();
    if (own) own.set(to);
    else super.set(to);
  }

  override advance(ms: number): void {
    this.set(new Date(this.now().getTime() + ms));
  }

  /** Runs `fn` with a clock of its own, starting at this clock's time. */
  own<T>(fn: () => Promise<T>): Promise<T> {
    return this.unit.run(new ManualClock(this.now()), fn);
  }
}

/** What a season is played with: the services and the clock they read. */
export interface TSeasonServices {
  clock: SeasonClock;
  /** Reads only (the rows' ids and versions a coordinator's screen would show): every write goes through a service. */
  prisma: PrismaClient;
  participations: ParticipationService;
  content: ContentService;
  photos: PhotoService;
}

/** A demo login as the services see a signed-in user. */
export const demoPrincipal = (
  id: string,
  username: string,
  displayName: string,
  roles: TRole[],
  unitId: string | null,
  districtId: string = XINBEI_DISTRICT_ID,
): UserPrincipal => ({
  kind: 'user',
  id,
  username,
  displayName,
  roles,
  unitId,
  locale: 'zh-CN' satisfies TLocale,
  mustChangePassword: false,
  sessionGeneration: 0,
  districtId,
  cityId: null,
});

export interface TUnitSeason {
  participationId: string;
  unit: TUnitRow & { kind: TUnitKind };
  index: number;
  historical: boolean;
  timeline: TTimeline;
  now: Date;
  steps: TSeasonStep[];
  coordinator: UserPrincipal;
  approver: UserPrincipal;
}

/**
 * Plays one unit's history through the services, the clock moved to each step's time: its
 * coordinator drafts the plan and the schedule (content service) and sends it; the approver returns
 * or approves it; the scheduler starts and ends the week (sendTimed); in 2017 each activity is
 * recorded held as it ends; the approver marks the photo disc received, the coordinator writes and
 * sends the summary, the approver reviews it. Who sends each event is PARTICIPATION_SENDERS' word.
 */
export async function playUnitSeason(s: TSeasonServices, u: TUnitSeason): Promise<void> {
  const id = u.participationId;
  const by = (type: TParticipationEventType) => {
    const sender = PARTICIPATION_SENDERS[type];
    return sender === 'coordinator' ? u.coordinator : sender === 'approver' ? u.approver : undefined;
  };
  let version = 1;
  let last: Date | undefined;
  for (const [type, comment] of u.steps) {
    const at = stepTime(type, u.timeline, u.index, u.historical, u.now, last);
    last = at;
    s.clock.set(at);
    if (type === 'SUBMIT_SUMMARY') await writeSummary(s, u, at);
    if (type === 'WEEK_STARTED' || type === 'WEEK_ENDED') {
      if (!(await s.participations.sendTimed(id, type))) throw new Error(`demo season ${u.unit.code}: ${type} did not apply`);
      version += 1;
    } else {
      const caller = by(type);
      if (!caller) throw new Error(`demo season: ${type} is not a person's event`);
      version = (await s.participations.send(id, caller, { type, version, ...(comment ? { comment } : {}) })).version;
    }
    if (type === 'START_DRAFT') await draftPlan(s, u, at);
    if (type === 'WEEK_STARTED' && u.historical) await recordHeld(s, u);
  }
}

/** The coordinator writes the plan and its schedule right after starting the draft. */
async function draftPlan(s: TSeasonServices, u: TUnitSeason, at: Date): Promise<void> {
  s.clock.set(new Date(at.getTime() + 600_000));
  await s.content.updatePlan(u.participationId, u.coordinator, { version: 1, ...demoPlanText(u.unit.name, u.unit.kind) });
  for (const a of demoSchedule(u.unit.kind, u.unit.town)) {
    const startsAt = new Date(u.timeline.weekStartsAt.getTime() + a.dayOffset * DAY + a.hour * HOUR);
    await s.content.createActivity(
      u.participationId,
      u.coordinator,
      ZCreateActivityRequest.parse({
        title: a.title,
        type: a.type,
        form: a.form,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + a.hours * HOUR).toISOString(),
        place: u.unit.name,
        audiences: a.audiences,
        expectedParticipants: a.expected,
        personInCharge: u.unit.contactPerson,
        phone: u.unit.phone,
        free: a.free,
      }),
    );
  }
}

/** During the week the coordinator records each activity held as it ends, with the head count and a short report. */
async function recordHeld(s: TSeasonServices, u: TUnitSeason): Promise<void> {
  const rows = await s.prisma.activity.findMany({
    where: { participationId: u.participationId },
    orderBy: [{ endsAt: 'asc' }, { sortNo: 'asc' }],
  });
  for (const [i, a] of rows.entries()) {
    const actual = Math.round(a.expectedParticipants * (0.8 + ((u.index + i) % 5) * 0.08));
    s.clock.set(a.endsAt);
    await s.content.updateActivity(u.participationId, a.id, u.coordinator, {
      version: a.version,
      status: 'held',
      actualParticipants: actual,
      report: `${a.title}顺利举办，实到${actual}人。`,
    });
  }
}

/** Before sending the summary: the approver marks the photo disc received, the coordinator writes the summary from the schedule's record. */
async function writeSummary(s: TSeasonServices, u: TUnitSeason, at: Date): Promise<void> {
  const held = await s.prisma.activity.findMany({ where: { participationId: u.participationId, status: 'held' } });
  const summary = await s.prisma.summary.findUnique({ where: { participationId: u.participationId } });
  let version = summary?.version ?? 1;
  if (!summary?.discDelivered) {
    s.clock.set(new Date(at.getTime() - 2 * HOUR));
    version = (await s.photos.markDisc(u.participationId, u.approver, true)).version;
  }
  s.clock.set(new Date(at.getTime() - HOUR));
  await s.content.updateSummary(u.participationId, u.coordinator, {
    version,
    text: summaryText(u.unit.name),
    activitiesHeld: held.length,
    participants: held.reduce((n, a) => n + (a.actualParticipants ?? 0), 0),
  });
  s.clock.set(at);
}
