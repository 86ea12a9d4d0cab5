import { createHash, randomBytes } from 'node:crypto';
import {
  DEFAULT_CAMPAIGN_RULES,
  DEFAULT_NOMINATION_QUOTAS,
  type TCampaignTimeline,
  type TParticipationEventType,
} from '@learnweek/contracts';
import {
  buildEvent,
  decide,
  initialSnapshot,
  PARTICIPATION_INITIAL_STATE,
  PARTICIPATION_SENDERS,
  participationMachine,
  participationWorkflow,
  PARTICIPATION_MACHINE_VERSION,
  restoreSnapshot,
  type TContentFacts,
  type TPersistedSnapshot,
  type TWorkflowActor,
  type TWorkflowEnv,
} from '@learnweek/workflow';
import pg from 'pg';
import { createPrismaClient } from '../client.js';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { hashPassword } from '../password.js';
import { XINBEI_DISTRICT_ID } from '../tenancy.js';
import { demoName, demoPlanText, demoSchedule, readDemoUnits, XINBEI_TOWNS, type TUnitRow } from './demo-data.js';

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_CAMPAIGN_2017 = '2017年全民终身学习推进周';
const THEME = '推动全民终身学习，加快建设学习型新北';
const VENUE = '春江镇社区教育中心';
const DAY = 86_400_000;

/** An instant given as China Standard Time wall-clock (UTC+8, no DST). */
export const cst = (y: number, m: number, d: number, h = 0, min = 0, s = 0) => new Date(Date.UTC(y, m - 1, d, h - 8, min, s));

/** The notice's 2017 timeline. */
export const TIMELINE_2017 = {
  planDueAt: cst(2017, 10, 10, 23, 59, 59),
  weekStartsAt: cst(2017, 10, 23),
  weekEndsAt: cst(2017, 10, 30),
  launchAt: cst(2017, 10, 25, 9, 0),
  launchVenue: VENUE,
  summaryDueAt: cst(2017, 10, 31, 23, 59, 59),
};

/** The 2017 timeline moved so that `now` falls in the plan-collection window (docs/PRODUCT.md §6 demo mode). */
export function currentTimeline(now: Date): typeof TIMELINE_2017 {
  const cstNow = new Date(now.getTime() + 8 * 3_600_000);
  const day = (offset: number, h = 0, min = 0, s = 0) =>
    cst(cstNow.getUTCFullYear(), cstNow.getUTCMonth() + 1, cstNow.getUTCDate() + offset, h, min, s);
  return {
    planDueAt: day(10, 23, 59, 59),
    weekStartsAt: day(21),
    weekEndsAt: day(28),
    launchAt: day(23, 9, 0),
    launchVenue: VENUE,
    summaryDueAt: day(29, 23, 59, 59),
  };
}

export interface SeedOptions {
  now: Date;
  log?: (msg: string) => void;
  /**
   * The demo screens take the well-known tokens `demo-kiosk-<year>` (DEMO=1 outside production,
   * `wellKnownScreenTokensAllowed`); otherwise each run gives them new random ones (in the result).
   */
  wellKnownScreenTokens?: boolean;
}

export interface SeedResult {
  created: boolean;
  campaigns: { id: string; title: string; year: number }[];
  kioskTokens: { campaignTitle: string; token: string }[];
  logins: string[];
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/**
 * The demo's well-known screen tokens, fixed so that a printed URL keeps working across restarts:
 * only with DEMO=1 and never with NODE_ENV=production (anyone knows them). The API refuses them
 * otherwise, whatever the database holds.
 */
export const demoKioskToken = (year: number) => `demo-kiosk-${year}`;
export const isDemoKioskToken = (token: string) => /^demo-kiosk-\d+$/.test(token);
export const wellKnownScreenTokensAllowed = (env: { DEMO?: string; NODE_ENV?: string }) =>
  (env.DEMO === '1' || env.DEMO === 'true') && env.NODE_ENV !== 'production';
const SCREEN = `${VENUE}大屏`;

type Tx = Prisma.TransactionClient;

/**
 * The demo data of docs/PRODUCT.md §6: towns, the 65 Xinbei units, logins, the 2017 campaign as a
 * closed record with participations in every state, and the same campaign in the current
 * year with live work. Idempotent: what exists is left alone.
 */
export async function seedDemo(prisma: PrismaClient, opts: SeedOptions): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  const units = readDemoUnits();
  const townIds = await seedTowns(prisma);
  const unitIds = await seedUnits(prisma, units, townIds);
  const users = await seedUsers(prisma, units, unitIds);
  const year = new Date(opts.now.getTime() + 8 * 3_600_000).getUTCFullYear();
  const result: SeedResult = { created: false, campaigns: [], kioskTokens: [], logins: users.logins };

  const specs = [
    { year: 2017, title: DEMO_CAMPAIGN_2017, timeline: TIMELINE_2017, historical: true },
    { year, title: `${year}年全民终身学习推进周`, timeline: currentTimeline(opts.now), historical: false },
  ];
  for (const spec of specs) {
    const existing = await prisma.campaign.findUnique({ where: { year_title: { year: spec.year, title: spec.title } } });
    if (existing) {
      result.campaigns.push({ id: existing.id, title: existing.title, year: existing.year });
      result.kioskTokens.push({ campaignTitle: existing.title, token: await seedScreen(prisma, existing, opts) });
      continue;
    }
    result.created = true;
    log(`seeding ${spec.title}`);
    const campaign = await prisma.campaign.create({
      data: {
        year: spec.year,
        title: spec.title,
        theme: THEME,
        enquiryContact: '区社区教育办公室 0519-85160000',
        status: 'published',
        ...spec.timeline,
        rules: DEFAULT_CAMPAIGN_RULES,
      },
    });
    await prisma.nominationQuota.createMany({ data: DEFAULT_NOMINATION_QUOTAS.map((q) => ({ ...q, campaignId: campaign.id })) });
    const env = (unit: TUnitRow, now: Date): TWorkflowEnv => ({
      now: now.toISOString(),
      campaign: { status: 'published', timeline: isoTimeline(spec.timeline), rules: DEFAULT_CAMPAIGN_RULES },
      unit: { id: unitIds.get(unit.code)!, kind: unit.kind },
    });
    for (const [i, unit] of units.entries()) {
      const target = spec.historical ? HISTORICAL_MIX[i % HISTORICAL_MIX.length]! : CURRENT_MIX[i % CURRENT_MIX.length]!;
      await prisma.$transaction((tx) =>
        seedParticipation(tx, {
          campaignId: campaign.id,
          unit,
          unitId: unitIds.get(unit.code)!,
          coordinatorId: users.coordinators.get(unit.code)!,
          approverId: users.approverId,
          steps: target,
          timeline: spec.timeline,
          env: (now) => env(unit, now),
          now: opts.now,
          index: i,
        }),
      );
    }
    if (spec.historical) await prisma.campaign.update({ where: { id: campaign.id }, data: { status: 'closed' } });
    await seedCheckins(prisma, campaign.id, spec.timeline, spec.historical ? 180 : 0, unitIds, units);
    result.campaigns.push({ id: campaign.id, title: campaign.title, year: campaign.year });
    result.kioskTokens.push({ campaignTitle: campaign.title, token: await seedScreen(prisma, campaign, opts) });
  }
  return result;
}

/** The demo seed's advisory lock (the scheduler's keys are small numbers, migrations' 72707369). */
export const SEED_LOCK_KEY = 5_020_261_207;
/** How long an instance waits for another one's seed before it gives up with an error. */
const SEED_LOCK_TIMEOUT = '180s';

/**
 * seedDemo on `databaseUrl` under a PostgreSQL advisory lock, so that instances starting together
 * on one database seed it once: the first seeds, the others wait for it and then find everything
 * there. The lock is held on a connection of its own (a pool gives no affinity for session locks).
 */
export async function seedDemoOnce(databaseUrl: string, opts: SeedOptions): Promise<SeedResult> {
  const lock = new pg.Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query(`SET lock_timeout = '${SEED_LOCK_TIMEOUT}'`);
    await lock.query('SELECT pg_advisory_lock($1)', [SEED_LOCK_KEY]);
    const prisma = createPrismaClient(databaseUrl, 2);
    try {
      return await seedDemo(prisma, opts);
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    // Ending the session releases the lock.
    await lock.end();
  }
}

/** The demo campaign's screen with this run's token: the well-known one, or a new random one (which replaces the last). */
async function seedScreen(prisma: PrismaClient, campaign: { id: string; year: number }, opts: SeedOptions): Promise<string> {
  const token = opts.wellKnownScreenTokens ? demoKioskToken(campaign.year) : `kiosk_${randomBytes(24).toString('base64url')}`;
  const screen = await prisma.kioskDevice.findFirst({ where: { campaignId: campaign.id, name: SCREEN }, orderBy: { createdAt: 'asc' } });
  if (screen) await prisma.kioskDevice.update({ where: { id: screen.id }, data: { tokenHash: sha256(token) } });
  else await prisma.kioskDevice.create({ data: { campaignId: campaign.id, name: SCREEN, tokenHash: sha256(token) } });
  return token;
}

const isoTimeline = (t: typeof TIMELINE_2017): TCampaignTimeline => ({
  planDueAt: t.planDueAt.toISOString(),
  weekStartsAt: t.weekStartsAt.toISOString(),
  weekEndsAt: t.weekEndsAt.toISOString(),
  launchAt: t.launchAt.toISOString(),
  launchVenue: t.launchVenue,
  summaryDueAt: t.summaryDueAt.toISOString(),
});

async function seedTowns(prisma: PrismaClient) {
  const ids = new Map<string, string>();
  for (const [i, name] of XINBEI_TOWNS.entries()) {
    const t = await prisma.town.upsert({
      where: { districtId_name: { districtId: XINBEI_DISTRICT_ID, name } },
      update: {},
      create: { districtId: XINBEI_DISTRICT_ID, name, sortNo: i + 1 },
    });
    ids.set(name, t.id);
  }
  return ids;
}

async function seedUnits(prisma: PrismaClient, units: TUnitRow[], townIds: Map<string, string>) {
  const ids = new Map<string, string>();
  for (const u of units) {
    const townId = townIds.get(u.town);
    if (!townId) throw new Error(`unit ${u.code}: unknown town ${u.town}`);
    const row = await prisma.unit.upsert({
      where: { districtId_code: { districtId: XINBEI_DISTRICT_ID, code: u.code } },
      update: {},
      create: {
        districtId: XINBEI_DISTRICT_ID,
        code: u.code,
        name: u.name,
        kind: u.kind,
        townId,
        head: u.head,
        contactPerson: u.contactPerson,
        phone: u.phone,
      },
    });
    ids.set(u.code, row.id);
  }
  return ids;
}

async function seedUsers(prisma: PrismaClient, units: TUnitRow[], unitIds: Map<string, string>) {
  const existing = new Map((await prisma.user.findMany({ select: { id: true, username: true } })).map((u) => [u.username, u.id]));
  const hash = existing.size > 0 ? '' : await hashPassword(DEMO_PASSWORD);
  const ensure = async (username: string, displayName: string, roles: string[], unitId: string | null = null) => {
    const id = existing.get(username);
    if (id) return id;
    const passwordHash = hash || (await hashPassword(DEMO_PASSWORD));
    const u = await prisma.user.create({ data: { username, displayName, roles, unitId, passwordHash } });
    return u.id;
  };
  await ensure('organizer', '区教育文体局组织办', ['organizer']);
  const approverId = await ensure('approver', '社会教育科 审核人', ['approver']);
  await ensure('approver2', '社会教育科 审核人二', ['approver']);
  await ensure('staff', '主会场签到志愿者', ['checkinStaff']);
  const coordinators = new Map<string, string>();
  for (const u of units) {
    coordinators.set(u.code, await ensure(`coord-${u.code}`, `${u.name} ${u.contactPerson}`, ['coordinator'], unitIds.get(u.code)!));
  }
  return {
    approverId,
    coordinators,
    logins: ['organizer', 'approver', 'approver2', 'staff', `coord-${units[0]?.code ?? ''} … coord-${units.at(-1)?.code ?? ''}`],
  };
}

type TStep = [TParticipationEventType, comment?: string];
const S = (...types: (TParticipationEventType | [TParticipationEventType, string])[]): TStep[] =>
  types.map((t) => (Array.isArray(t) ? t : [t]));
const FULL = S('START_DRAFT', 'SUBMIT_PLAN', 'APPROVE_PLAN', 'WEEK_STARTED', 'WEEK_ENDED', 'SUBMIT_SUMMARY', 'ACCEPT_SUMMARY');
const RETURN_PLAN: TStep = ['RETURN_PLAN', '活动安排表中“主题讲座”缺少负责人联系电话，请补充后重新提交。'];
const RETURN_SUMMARY: TStep = ['RETURN_SUMMARY', '总结中参与人数与活动安排表不一致，请核对。'];

/** 2017: a closed record with participations in every state, most reviewed. */
const HISTORICAL_MIX: TStep[][] = [
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

/** This year: plan collection is under way. */
const CURRENT_MIX: TStep[][] = [
  [],
  FULL.slice(0, 1),
  FULL.slice(0, 2),
  FULL.slice(0, 1),
  [...FULL.slice(0, 2), RETURN_PLAN],
  FULL.slice(0, 3),
  FULL.slice(0, 2),
  [],
];

/** When each step of a demo history happened. */
function stepTime(type: TParticipationEventType, t: typeof TIMELINE_2017, index: number, historical: boolean, now: Date): Date {
  if (!historical) {
    const base = now.getTime() - 6 * DAY + (index % 5) * 3_600_000;
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
  const late = index % 9 === 4; // a few units are late, as in every real year
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

interface TParticipationSeed {
  campaignId: string;
  unit: TUnitRow;
  unitId: string;
  coordinatorId: string;
  approverId: string;
  steps: TStep[];
  timeline: typeof TIMELINE_2017;
  env: (now: Date) => TWorkflowEnv;
  now: Date;
  index: number;
}

async function seedParticipation(tx: Tx, p: TParticipationSeed) {
  const historical = p.timeline === TIMELINE_2017;
  const coordinator: TWorkflowActor = { kind: 'user', userId: p.coordinatorId, roles: ['coordinator'], unitId: p.unitId };
  const approver: TWorkflowActor = { kind: 'user', userId: p.approverId, roles: ['approver'], unitId: null };
  const participation = await tx.participation.create({
    data: {
      campaignId: p.campaignId,
      unitId: p.unitId,
      machineId: 'participation',
      machineVersion: PARTICIPATION_MACHINE_VERSION,
      snapshot: initialSnapshot(participationMachine, p.unitId) as object,
      state: PARTICIPATION_INITIAL_STATE,
    },
  });
  const planText = demoPlanText(p.unit.name, p.unit.kind);
  const schedule = demoSchedule(p.unit.kind, p.unit.town);
  const started = p.steps.length > 0;
  await tx.plan.create({ data: { participationId: participation.id, ...(started ? planText : {}) } });
  const activities = started
    ? schedule.map((a, i) => {
        const startsAt = new Date(p.timeline.weekStartsAt.getTime() + a.dayOffset * DAY + a.hour * 3_600_000);
        return {
          participationId: participation.id,
          sortNo: i + 1,
          title: a.title,
          type: a.type,
          form: a.form,
          startsAt,
          endsAt: new Date(startsAt.getTime() + a.hours * 3_600_000),
          place: p.unit.name,
          audiences: a.audiences,
          expectedParticipants: a.expected,
          personInCharge: p.unit.contactPerson,
          phone: p.unit.phone,
          free: a.free,
        };
      })
    : [];
  if (activities.length) await tx.activity.createMany({ data: activities });
  const facts = (): TContentFacts => ({
    plan: {
      text: planText.text,
      activities: activities.map((a) => ({ ...a, startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString(), status: 'planned' })),
    },
    summary: { text: summaryText(p.unit.name), photoCount: 0, discDelivered: true, discSent: false },
  });

  let persisted: TPersistedSnapshot = initialSnapshot(participationMachine, p.unitId);
  let state: string = PARTICIPATION_INITIAL_STATE;
  let version = 1;
  const stamps: Prisma.ParticipationUpdateInput = {};
  for (const [type, comment] of p.steps) {
    const at = stepTime(type, p.timeline, p.index, historical, p.now);
    // Who sends it is the workflow's word (an approver reviews; an organizer's event would be refused, loudly).
    const sender = PARTICIPATION_SENDERS[type];
    const actor = sender === 'scheduler' ? ({ kind: 'scheduler' } as const) : sender === 'coordinator' ? coordinator : approver;
    const d = decide(participationWorkflow, persisted, buildEvent(type, actor, p.env(at), facts(), { comment }), {
      env: p.env(at),
      content: facts(),
    });
    if (d.kind !== 'applied') throw new Error(`seed ${p.unit.code} ${type}: ${d.kind}`);
    if (type === 'WEEK_STARTED' && historical) await markHeld(tx, participation.id, p.index);
    if (type === 'SUBMIT_PLAN') {
      const plan = await tx.plan.update({ where: { participationId: participation.id }, data: { revision: { increment: 1 } } });
      await tx.planRevision.create({
        data: {
          participationId: participation.id,
          revision: plan.revision - 1,
          ...planText,
          activities: (await tx.activity.findMany({
            where: { participationId: participation.id },
            orderBy: { sortNo: 'asc' },
          })) as unknown as object,
          submittedById: p.coordinatorId,
          submittedAt: at,
        },
      });
      stamps.planSubmittedAt = at;
    }
    if (type === 'SUBMIT_SUMMARY') {
      const held = await tx.activity.findMany({ where: { participationId: participation.id, status: 'held' } });
      const figures = { activitiesHeld: held.length, participants: held.reduce((n, a) => n + (a.actualParticipants ?? 0), 0) };
      const summary = await tx.summary.upsert({
        where: { participationId: participation.id },
        create: {
          participationId: participation.id,
          text: summaryText(p.unit.name),
          ...figures,
          discDelivered: true,
          discMarkedById: p.approverId,
          discMarkedAt: at,
          revision: 2,
        },
        update: { revision: { increment: 1 } },
      });
      await tx.summaryRevision.create({
        data: {
          participationId: participation.id,
          revision: summary.revision - 1,
          text: summary.text,
          ...figures,
          discDelivered: true,
          photoIds: [],
          submittedById: p.coordinatorId,
          submittedAt: at,
        },
      });
      stamps.summarySubmittedAt = at;
    }
    if (type === 'APPROVE_PLAN') stamps.planApprovedAt = at;
    if (type === 'ACCEPT_SUMMARY') stamps.reviewedAt = at;
    await tx.transition.create({
      data: {
        participationId: participation.id,
        event: type,
        fromState: state,
        toState: d.state,
        actorId: actor.kind === 'user' ? actor.userId : null,
        actorLabel:
          actor.kind === 'user' ? (actor === approver ? '社会教育科 审核人' : `${p.unit.name} ${p.unit.contactPerson}`) : 'scheduler',
        comment: comment ?? null,
        at,
      },
    });
    persisted = d.persisted;
    state = d.state;
    version += 1;
  }
  const context = restoreSnapshot(participationMachine, persisted).context;
  await tx.participation.update({
    where: { id: participation.id },
    data: { snapshot: persisted as object, state, version, latePlan: context.latePlan, lateSummary: context.lateSummary, ...stamps },
  });
  if (p.steps.some(([t]) => t === 'WEEK_ENDED') && !p.steps.some(([t]) => t === 'SUBMIT_SUMMARY')) {
    await tx.summary.create({ data: { participationId: participation.id, text: '' } });
  }
}

async function markHeld(tx: Tx, participationId: string, index: number) {
  const rows = await tx.activity.findMany({ where: { participationId }, orderBy: { sortNo: 'asc' } });
  for (const [i, a] of rows.entries()) {
    const actual = Math.round(a.expectedParticipants * (0.8 + ((index + i) % 5) * 0.08));
    await tx.activity.update({
      where: { id: a.id },
      data: { status: 'held', actualParticipants: actual, heldAt: a.endsAt, report: `${a.title}顺利举办，实到${actual}人。` },
    });
  }
}

const summaryText = (unitName: string) =>
  `${unitName}按照区教育文体局通知要求，精心组织、广泛宣传，推进周期间各项活动按计划顺利开展，营造了浓厚的全民终身学习氛围。活动光盘已报送社会教育科。`;

async function seedCheckins(
  prisma: PrismaClient,
  campaignId: string,
  t: typeof TIMELINE_2017,
  count: number,
  unitIds: Map<string, string>,
  units: TUnitRow[],
) {
  const opensAt = new Date(t.launchAt.getTime() - 2 * 3_600_000);
  const closesAt = new Date(t.launchAt.getTime() + 4 * 3_600_000);
  const main = await prisma.checkinSession.create({
    data: { campaignId, name: '启动仪式主会场', venue: VENUE, kind: 'main', qrSecret: randomBytes(16).toString('hex'), opensAt, closesAt },
  });
  const sub = await prisma.checkinSession.create({
    data: {
      campaignId,
      name: '启动仪式分会场',
      venue: '新北区图书馆',
      kind: 'sub',
      qrSecret: randomBytes(16).toString('hex'),
      opensAt,
      closesAt,
    },
  });
  const attendees = Array.from({ length: 40 }, (_, i) => ({
    sessionId: main.id,
    code: `A${String(i + 1).padStart(4, '0')}`,
    name: demoName(i + 500),
    unitId: unitIds.get(units[i % units.length]!.code) ?? null,
  }));
  await prisma.attendee.createMany({ data: attendees });
  if (count === 0) return;
  const rows = Array.from({ length: count }, (_, i) => {
    const resident = i % 4 === 0;
    const unit = units[(i * 5) % units.length]!;
    return {
      sessionId: i % 3 === 2 ? sub.id : main.id,
      personKey: `demo-${i}`,
      idempotencyKey: `demo-${i}`,
      name: demoName(i),
      unitId: resident ? null : (unitIds.get(unit.code) ?? null),
      isResident: resident,
      source: i % 5 === 0 ? 'staff' : 'self',
      at: new Date(opensAt.getTime() + i * 40_000),
    };
  });
  await prisma.checkin.createMany({ data: rows });
  await prisma.$executeRaw`UPDATE "CheckinSession" s SET "checkinCount" = (SELECT count(*) FROM "Checkin" c WHERE c."sessionId" = s."id") WHERE s."campaignId" = ${campaignId}::uuid`;
}
