// Participations brought to a state through the workflow machine itself (as the demo seed does),
// for tests whose API processes run on the real clock: no waiting for the week to start.
import type { TCampaignRules, TParticipationEventType, TUnitKind } from '@learnweek/contracts';
import type { PrismaClient } from '@learnweek/db';
import {
  buildEvent,
  decide,
  initialSnapshot,
  participationMachine,
  participationWorkflow,
  PARTICIPATION_MACHINE_VERSION,
  PARTICIPATION_SENDERS,
  type TContentFacts,
  type TWorkflowActor,
} from '@learnweek/workflow';

export interface TSeedCampaign {
  id: string;
  rules: TCampaignRules;
  planDueAt: Date;
  weekStartsAt: Date;
  weekEndsAt: Date;
  launchAt: Date;
  summaryDueAt: Date;
}

/**
 * A participation of `unit` in `campaign` with a plan and one activity inside the week, moved
 * through `steps` by `decide()` (the rules the API applies) and stored as the API stores it.
 */
export async function seedParticipation(
  prisma: PrismaClient,
  o: {
    campaign: TSeedCampaign;
    unit: { id: string; kind: TUnitKind };
    coordinatorId: string;
    approverId: string;
    steps: TParticipationEventType[];
  },
): Promise<{ participationId: string; activityId: string }> {
  const c = o.campaign;
  const p = await prisma.participation.create({
    data: {
      campaignId: c.id,
      unitId: o.unit.id,
      machineId: 'participation',
      machineVersion: PARTICIPATION_MACHINE_VERSION,
      snapshot: initialSnapshot(participationMachine, o.unit.id) as object,
      state: 'invited',
    },
  });
  const planText = '面向社区居民开展终身学习主题活动。';
  const summaryText = o.steps.includes('SUBMIT_SUMMARY') ? '开展社区读书会一场。' : '';
  await prisma.plan.create({ data: { participationId: p.id, text: planText } });
  const startsAt = new Date(c.weekStartsAt.getTime() + 3_600_000);
  const activity = await prisma.activity.create({
    data: {
      participationId: p.id,
      sortNo: 1,
      title: '社区读书会',
      type: 'reading',
      form: '线下',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      place: '社区活动室',
      audiences: ['residents'],
      expectedParticipants: 30,
      personInCharge: '王老师',
      phone: '13800000001',
      free: true,
    },
  });
  const content: TContentFacts = {
    plan: {
      text: planText,
      activities: [
        {
          title: activity.title,
          type: 'reading',
          startsAt: activity.startsAt.toISOString(),
          endsAt: activity.endsAt.toISOString(),
          audiences: ['residents'],
          free: true,
          status: 'planned',
        },
      ],
    },
    // A summary written and its disc delivered, where the steps go on to submit it.
    summary: { text: summaryText, photoCount: 0, discDelivered: summaryText !== '', discSent: false },
  };
  const timeline = {
    planDueAt: c.planDueAt.toISOString(),
    weekStartsAt: c.weekStartsAt.toISOString(),
    weekEndsAt: c.weekEndsAt.toISOString(),
    launchAt: c.launchAt.toISOString(),
    launchVenue: '区文化馆',
    summaryDueAt: c.summaryDueAt.toISOString(),
  };
  const coordinator: TWorkflowActor = { kind: 'user', userId: o.coordinatorId, roles: ['coordinator'], unitId: o.unit.id };
  const approver: TWorkflowActor = { kind: 'user', userId: o.approverId, roles: ['approver'], unitId: null };
  let persisted = initialSnapshot(participationMachine, o.unit.id);
  let state = 'invited';
  const stamps: Record<string, Date> = {};
  for (const type of o.steps) {
    // Each step at a moment the rules accept: plans before their due date, timed steps at theirs.
    const at =
      type === 'WEEK_STARTED'
        ? c.weekStartsAt
        : type === 'WEEK_ENDED'
          ? c.weekEndsAt
          : type.endsWith('_SUMMARY')
            ? new Date(c.weekEndsAt.getTime() + 3_600_000)
            : new Date(c.planDueAt.getTime() - 86_400_000);
    const sender = PARTICIPATION_SENDERS[type];
    const actor: TWorkflowActor = sender === 'scheduler' ? { kind: 'scheduler' } : sender === 'approver' ? approver : coordinator;
    const env = { now: at.toISOString(), campaign: { status: 'published' as const, timeline, rules: c.rules }, unit: o.unit };
    const d = decide(participationWorkflow, persisted, buildEvent(type, actor, env, content), { env, content });
    if (d.kind !== 'applied') throw new Error(`seed ${type} from ${state}: ${d.kind}`);
    if (type === 'SUBMIT_PLAN') stamps.planSubmittedAt = at;
    if (type === 'APPROVE_PLAN') stamps.planApprovedAt = at;
    persisted = d.persisted;
    state = d.state;
  }
  await prisma.participation.update({
    where: { id: p.id },
    data: { snapshot: persisted as object, state, version: 1 + o.steps.length, ...stamps },
  });
  if (o.steps.includes('WEEK_ENDED')) {
    await prisma.summary.create({ data: { participationId: p.id, text: summaryText, discDelivered: summaryText !== '' } });
  }
  return { participationId: p.id, activityId: activity.id };
}
