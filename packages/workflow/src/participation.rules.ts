import {
  FOUR_ONES,
  VULNERABLE_AUDIENCES,
  type TActivityStatus,
  type TActivityType,
  type TAudience,
  type TCampaignRules,
  type TCampaignStatus,
  type TCampaignTimeline,
  type TProblem,
  type TRole,
  type TUnitKind,
} from '@learnweek/contracts';

/**
 * The inputs of the participation machine. The machine never reads a clock or a database:
 * the caller hands it the campaign, the unit, the actor and `now` with every event.
 */
export interface TWorkflowEnv {
  /** ISO instant of the event. */
  now: string;
  campaign: { status: TCampaignStatus; timeline: TCampaignTimeline; rules: TCampaignRules };
  unit: { id: string; kind: TUnitKind };
}

export type TWorkflowActor = { kind: 'user'; userId: string; roles: readonly TRole[]; unitId: string | null } | { kind: 'scheduler' };

/** The facts of a schedule row that the guards look at. */
export interface TActivityFacts {
  title: string;
  type: TActivityType;
  startsAt: string;
  endsAt: string;
  audiences: readonly TAudience[];
  free: boolean;
  status: TActivityStatus;
}

export interface TPlanFacts {
  text: string;
  activities: readonly TActivityFacts[];
}

export interface TSummaryFacts {
  text: string;
  photoCount: number;
  /** The approver confirmed the photo disc (光盘) received. */
  discDelivered: boolean;
  /** The coordinator recorded the disc as sent: it stands in for the photos too, until the approver's check. */
  discSent: boolean;
}

const at = (iso: string) => Date.parse(iso);

/** Does the activity overlap the promotion week? */
export function insideWeek(a: Pick<TActivityFacts, 'startsAt' | 'endsAt'>, timeline: TCampaignTimeline): boolean {
  return at(a.startsAt) < at(timeline.weekEndsAt) && at(a.endsAt) >= at(timeline.weekStartsAt);
}

/**
 * Is the activity free for those who come? A 惠民免费培训班 (type `freeClass`) is free by what it is,
 * whatever its 免费 switch says; any other activity is free when the switch is on.
 */
export const isFreeActivity = (a: Pick<TActivityFacts, 'type' | 'free'>): boolean => a.free || a.type === 'freeClass';

/** A free activity for a vulnerable group (老年人, 外来务工人员, 零就业家庭, 残疾人): what `rules.freeClassKinds` must hold. */
export const isFreeClassForVulnerable = (a: Pick<TActivityFacts, 'type' | 'free' | 'audiences'>): boolean =>
  isFreeActivity(a) && a.audiences.some((x) => VULNERABLE_AUDIENCES.includes(x));

/**
 * Why a plan cannot be submitted yet (docs/PRODUCT.md §3, SUBMIT_PLAN). Empty when it can.
 * Add a rule here, with its problem code in @learnweek/contracts and a test.
 */
export function planProblems(plan: TPlanFacts, env: TWorkflowEnv): TProblem[] {
  const problems: TProblem[] = [];
  const { timeline, rules } = env.campaign;
  if (plan.text.trim() === '') problems.push({ code: 'planTextMissing' });
  const inWeek = plan.activities.filter((a) => a.status !== 'cancelled' && insideWeek(a, timeline));
  if (inWeek.length === 0) problems.push({ code: 'noActivityInWeek' });
  if (rules.fourOnesKinds.includes(env.unit.kind)) {
    const missing = FOUR_ONES.filter((t) => !inWeek.some((a) => a.type === t));
    if (missing.length > 0) problems.push({ code: 'fourOnesMissing', missing });
  }
  if (rules.freeClassKinds.includes(env.unit.kind)) {
    if (!inWeek.some(isFreeClassForVulnerable)) problems.push({ code: 'freeClassMissing' });
  }
  return problems;
}

/** Why a summary cannot be submitted yet (docs/PRODUCT.md §3, SUBMIT_SUMMARY). */
export function summaryProblems(summary: TSummaryFacts, env: TWorkflowEnv): TProblem[] {
  const problems: TProblem[] = [];
  if (summary.text.trim() === '') problems.push({ code: 'summaryTextMissing' });
  const required = env.campaign.rules.photosRequired;
  if (!summary.discDelivered && !summary.discSent && summary.photoCount !== required) {
    problems.push({ code: 'photosCount', count: summary.photoCount, required });
  }
  return problems;
}

export function commentProblems(comment: string | undefined): TProblem[] {
  return comment && comment.trim() !== '' ? [] : [{ code: 'commentRequired' }];
}

export const isCoordinatorOf = (actor: TWorkflowActor, unitId: string) =>
  actor.kind === 'user' && actor.roles.includes('coordinator') && actor.unitId === unitId;
export const isApprover = (actor: TWorkflowActor) => actor.kind === 'user' && actor.roles.includes('approver');
export const isOrganizer = (actor: TWorkflowActor) => actor.kind === 'user' && actor.roles.includes('organizer');
export const isScheduler = (actor: TWorkflowActor) => actor.kind === 'scheduler';

export const weekHasStarted = (env: TWorkflowEnv) => at(env.now) >= at(env.campaign.timeline.weekStartsAt);
export const weekHasEnded = (env: TWorkflowEnv) => at(env.now) >= at(env.campaign.timeline.weekEndsAt);
export const planIsLate = (env: TWorkflowEnv) => at(env.now) > at(env.campaign.timeline.planDueAt);
export const summaryIsLate = (env: TWorkflowEnv) => at(env.now) > at(env.campaign.timeline.summaryDueAt);
