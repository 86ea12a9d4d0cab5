import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  createPrismaClient,
  createTestDatabase,
  hashPassword,
  XINBEI_DISTRICT_ID,
  type DatabaseHandle,
  type PrismaClient,
} from '@learnweek/db';
import {
  API_ROUTES,
  checkResponse,
  DEFAULT_CAMPAIGN_RULES,
  MEDIA,
  type TParticipationDetail,
  type TParticipationEventType,
  type TParticipationState,
  type TRole,
  type TSendEventResponse,
  type TUnitKind,
} from '@learnweek/contracts';
import { initialSnapshot, participationMachine, PARTICIPATION_MACHINE_VERSION } from '@learnweek/workflow';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import request from 'supertest';
import { afterEach, expect } from 'vitest';
import { createApp, type CreateAppOptions } from '../src/bootstrap.js';
import { ManualClock } from '../src/core/clock/clock.js';
import { loadConfig } from '../src/core/config/config.js';
import { seedParticipation } from './faults/workflow-seed.js';

export { SCHEDULE_HEADERS, scheduleRow, sheetOf, type Cell } from './schedule-sheet.js';

/** The notice's 2017 dates (UTC instants of China Standard Time). */
export const TIMELINE = {
  planDueAt: new Date('2017-10-10T15:59:59Z'),
  weekStartsAt: new Date('2017-10-22T16:00:00Z'),
  weekEndsAt: new Date('2017-10-29T16:00:00Z'),
  launchAt: new Date('2017-10-25T01:00:00Z'),
  summaryDueAt: new Date('2017-10-31T15:59:59Z'),
};
/** Moments for the test clock. */
export const T = {
  ...TIMELINE,
  beforeDue: new Date('2017-10-01T02:00:00Z'),
  inWeek: new Date('2017-10-24T02:00:00Z'),
  afterWeek: new Date('2017-10-30T02:00:00Z'),
};
export const PASSWORD = 'test-pass-1234';

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export interface Fixture {
  campaignId: string;
  units: Record<'school' | 'centre' | 'other', { id: string; participationId: string; coordinator: string }>;
}

let passwordHash: string | undefined;

/** A published 2017 campaign with a school, a community centre and a non-degree institution. */
export async function seedFixture(prisma: PrismaClient): Promise<Fixture> {
  passwordHash ??= await hashPassword(PASSWORD);
  const town = await prisma.town.create({ data: { name: '春江镇' } });
  const campaign = await prisma.campaign.create({
    data: {
      year: 2017,
      title: '2017年全民终身学习推进周',
      theme: '推动全民终身学习',
      status: 'published',
      ...TIMELINE,
      launchVenue: '春江镇社区教育中心',
      rules: DEFAULT_CAMPAIGN_RULES,
    },
  });
  await prisma.user.createMany({
    data: [
      { username: 'organizer', displayName: '组织办', roles: ['organizer'], passwordHash },
      { username: 'approver', displayName: '审核人甲', roles: ['approver'], passwordHash },
    ],
  });
  const make = async (code: string, kind: TUnitKind, name: string) => {
    const unit = await prisma.unit.create({ data: { code, name, kind, townId: town.id } });
    await prisma.user.create({
      data: {
        username: `coord-${code}`,
        displayName: `${name}联络员`,
        roles: ['coordinator'],
        unitId: unit.id,
        passwordHash: passwordHash!,
      },
    });
    const p = await prisma.participation.create({
      data: {
        campaignId: campaign.id,
        unitId: unit.id,
        machineId: 'participation',
        machineVersion: PARTICIPATION_MACHINE_VERSION,
        snapshot: initialSnapshot(participationMachine, unit.id) as object,
        state: 'invited',
      },
    });
    return { id: unit.id, participationId: p.id, coordinator: `coord-${code}` };
  };
  return {
    campaignId: campaign.id,
    units: {
      school: await make('S1', 'school', '春江中心小学'),
      centre: await make('C1', 'communityCentre', '春江镇社区教育中心'),
      other: await make('N1', 'nonDegree', '新北区某培训学校'),
    },
  };
}

/** Each declared route by method and path as Fastify registers it (`GET /api/participations/:id`). */
const DECLARED = new Map(API_ROUTES.map((r) => [`${r.method.toUpperCase()} /api${r.path}`, r]));

/**
 * Answers of the test apps that do not match their route's declaration (`checkResponse` of
 * @learnweek/contracts: a declared success status with its schema's body, or an ApiError), since the
 * last test ended. Every suite that uses this harness fails the test during which one was sent.
 */
const mismatches: string[] = [];
afterEach(() => {
  const found = mismatches.splice(0);
  if (found.length > 0) throw new Error(`answers that do not match their declaration in packages/contracts:\n${found.join('\n')}`);
});

/**
 * Checks every answer of a declared route against its declaration: the JSON as the client reads it
 * (the object as sent, before compression), or no body where the route answers a file or nothing.
 * Routes the contracts do not declare (the apps, the docs' assets, unknown paths) are not checked.
 */
function checkAnswers(fastify: FastifyInstance) {
  const bodies = new WeakMap<FastifyRequest, unknown>();
  fastify.addHook('preSerialization', async (req, _reply, payload) => {
    bodies.set(req, JSON.parse(JSON.stringify(payload)) as unknown);
    return payload;
  });
  fastify.addHook('onResponse', async (req, reply) => {
    const route = DECLARED.get(`${req.method} ${req.routeOptions.url}`);
    if (!route) return;
    const json = String(reply.getHeader('content-type') ?? '').startsWith(MEDIA.json);
    try {
      checkResponse(route, reply.statusCode, json ? bodies.get(req) : undefined);
    } catch (err) {
      mismatches.push(`${req.method} ${req.url}: ${(err as Error).message}`);
    }
  });
}

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  clock: ManualClock;
  /** Where this app keeps uploads (a fresh temporary folder). */
  filesDir: string;
  /** Every route as Fastify registered it, one per method. */
  routes: { method: string; url: string }[];
  login(username: string): Promise<string>;
  /** The Authorization header of a user. */
  as(username: string): Promise<{ Authorization: string }>;
  /** A participation as a user sees it (expects 200). */
  detail(id: string, username?: string): Promise<TParticipationDetail>;
  /** Sends a workflow event at the current version (read as organizer) and expects 200. */
  event(id: string, username: string, type: string, extra?: Record<string, unknown>): Promise<TSendEventResponse>;
  close(): Promise<void>;
}

export async function startApp(
  db: DatabaseHandle,
  opts: {
    clock?: ManualClock;
    loginLimitPerMinute?: number;
    checkinLimitPerMinute?: number;
    checkinHoldAfterPerMinute?: number;
    scheduler?: boolean;
    redisUrl?: string;
    env?: Record<string, string>;
    capThisMachine?: boolean;
    /** Built apps to serve (none unless given). */
    webRoot?: CreateAppOptions['webRoot'];
  } = {},
): Promise<TestApp> {
  const clock = opts.clock ?? new ManualClock(T.beforeDue);
  const filesDir = mkdtempSync(path.join(os.tmpdir(), 'lw-files-'));
  const app = await createApp({
    config: loadConfig({
      JWT_TTL: '3600',
      LOG_LEVEL: 'error',
      FILES_DIR: filesDir,
      ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
      ...opts.env,
    }),
    databaseUrl: db.url,
    databaseOwnerUrl: db.ownerUrl,
    poolMax: db.poolMax,
    embedded: db.kind === 'pglite',
    clock,
    loginLimitPerMinute: opts.loginLimitPerMinute ?? 10_000,
    checkinLimitPerMinute: opts.checkinLimitPerMinute ?? 10_000,
    checkinHoldAfterPerMinute: opts.checkinHoldAfterPerMinute ?? 10_000,
    scheduler: opts.scheduler ?? false,
    webRoot: opts.webRoot ?? false,
    capThisMachine: opts.capThisMachine,
    logger: ['error'],
  });
  const routes: TestApp['routes'] = [];
  const fastify = app.getHttpAdapter().getInstance();
  // Nest adds its routes when the app starts.
  fastify.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });
  checkAnswers(fastify);
  await app.listen(0, '127.0.0.1');
  const http = request(app.getHttpServer());
  const tokens = new Map<string, string>();
  const login = async (username: string) => {
    // Tokens expire as the test clock moves: one per user and hour of test time.
    const key = `${username}@${clock.now().toISOString().slice(0, 13)}`;
    const cached = tokens.get(key);
    if (cached) return cached;
    const r = await http.post('/api/auth/login').send({ username, password: PASSWORD });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    tokens.set(key, r.body.accessToken as string);
    return r.body.accessToken as string;
  };
  const as = async (username: string) => bearer(await login(username));
  const detail = async (id: string, username = 'organizer') => {
    const r = await http.get(`/api/participations/${id}`).set(await as(username));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as TParticipationDetail;
  };
  return {
    app,
    http,
    clock,
    filesDir,
    routes,
    login,
    as,
    detail,
    async event(id, username, type, extra = {}) {
      const { version } = await detail(id);
      const r = await http
        .post(`/api/participations/${id}/events`)
        .set(await as(username))
        .send({ type, version, ...extra });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body as TSendEventResponse;
    },
    close: async () => {
      // A request refused before its body was read (413, an upload guard) can leave a client still
      // sending on its connection: the server would wait for it to finish before it closes.
      (app.getHttpServer() as import('node:http').Server).closeAllConnections();
      await app.close();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/** The events that bring a new participation to each state a factory offers, in order. */
const STEPS_TO = {
  invited: [],
  drafting: ['START_DRAFT'],
  planSubmitted: ['START_DRAFT', 'SUBMIT_PLAN'],
  planApproved: ['START_DRAFT', 'SUBMIT_PLAN', 'APPROVE_PLAN'],
  weekRunning: ['START_DRAFT', 'SUBMIT_PLAN', 'APPROVE_PLAN', 'WEEK_STARTED'],
  summaryDue: ['START_DRAFT', 'SUBMIT_PLAN', 'APPROVE_PLAN', 'WEEK_STARTED', 'WEEK_ENDED'],
  summarySubmitted: ['START_DRAFT', 'SUBMIT_PLAN', 'APPROVE_PLAN', 'WEEK_STARTED', 'WEEK_ENDED', 'SUBMIT_SUMMARY'],
  reviewed: ['START_DRAFT', 'SUBMIT_PLAN', 'APPROVE_PLAN', 'WEEK_STARTED', 'WEEK_ENDED', 'SUBMIT_SUMMARY', 'ACCEPT_SUMMARY'],
} satisfies Partial<Record<TParticipationState, TParticipationEventType[]>>;

export interface NewUnit {
  id: string;
  code: string;
  name: string;
  kind: TUnitKind;
  /** Its coordinator's username (password `PASSWORD`). */
  coordinator: string;
  coordinatorId: string;
}

/**
 * Data a test makes for itself (like immich's medium tests' `ctx.newUser()`), so that it passes
 * alone: each call makes new rows with new codes and names, never touching the fixture's.
 */
export function factories(prisma: PrismaClient, fixture: Fixture) {
  let n = 0;
  const next = () => String(++n).padStart(3, '0');
  const newUnit = async (o: { kind?: TUnitKind; code?: string; name?: string; townId?: string } = {}): Promise<NewUnit> => {
    passwordHash ??= await hashPassword(PASSWORD);
    const code = o.code ?? `T${next()}`;
    const kind = o.kind ?? 'nonDegree';
    // A town of their own, so that the fixture's town keeps its three units.
    const townId =
      o.townId ??
      (
        await prisma.town.upsert({
          where: { districtId_name: { districtId: XINBEI_DISTRICT_ID, name: '测试镇' } },
          create: { name: '测试镇' },
          update: {},
        })
      ).id;
    const unit = await prisma.unit.create({ data: { code, name: o.name ?? `测试单位${code}`, kind, townId } });
    const user = await prisma.user.create({
      data: { username: `coord-${code}`, displayName: `${unit.name}联络员`, roles: ['coordinator'], unitId: unit.id, passwordHash },
    });
    return { id: unit.id, code, name: unit.name, kind, coordinator: user.username, coordinatorId: user.id };
  };
  return {
    newUnit,
    /** A user of no unit (an approver unless given), with a username and name of its own. Returns the username. */
    async newUser(o: { roles?: TRole[]; username?: string; displayName?: string } = {}): Promise<string> {
      passwordHash ??= await hashPassword(PASSWORD);
      const k = next();
      const user = await prisma.user.create({
        data: {
          username: o.username ?? `user-${k}`,
          displayName: o.displayName ?? `测试用户${k}`,
          roles: o.roles ?? ['approver'],
          passwordHash,
        },
      });
      return user.username;
    },
    /** A published campaign on the notice's timeline (another title, so as many as a test needs). */
    async newCampaign(o: { year?: number; title?: string } = {}) {
      const campaign = await prisma.campaign.create({
        data: {
          year: o.year ?? 2017,
          title: o.title ?? `测试推进周 ${next()}`,
          theme: '推动全民终身学习',
          status: 'published',
          ...TIMELINE,
          launchVenue: '春江镇社区教育中心',
          rules: DEFAULT_CAMPAIGN_RULES,
        },
      });
      return { campaignId: campaign.id };
    },
    /**
     * A check-in session of the fixture's campaign: by default the launch ceremony's main venue, open
     * on its morning (25 Oct 2017, 08:00–14:00 China time). Returns its id.
     */
    async newCheckinSession(o: {
      qrSecret: string;
      name?: string;
      venue?: string;
      kind?: 'main' | 'sub';
      opensAt?: Date;
      closesAt?: Date;
    }): Promise<string> {
      const session = await prisma.checkinSession.create({
        data: {
          campaignId: fixture.campaignId,
          name: o.name ?? '主会场',
          venue: o.venue ?? '春江镇社区教育中心',
          kind: o.kind ?? 'main',
          qrSecret: o.qrSecret,
          opensAt: o.opensAt ?? new Date('2017-10-25T00:00:00Z'),
          closesAt: o.closesAt ?? new Date('2017-10-25T06:00:00Z'),
        },
      });
      return session.id;
    },
    /**
     * A new unit's participation (in the fixture's campaign unless given) brought to `state` by the
     * workflow's own `decide()`, with a plan and one activity in the week (no history rows, no
     * revisions: a test that reads those takes its participation there through the API).
     * Past SUBMIT_PLAN the unit is a non-degree institution unless given (its one activity meets
     * no school's or centre's rules). `activities: 0` leaves a plan without activities (`activityId` '').
     */
    async newParticipation(
      state: keyof typeof STEPS_TO = 'invited',
      o: { kind?: TUnitKind; code?: string; name?: string; townId?: string; campaignId?: string; activities?: 0 } = {},
    ): Promise<NewUnit & { unitId: string; participationId: string; activityId: string }> {
      const unit = await newUnit(o);
      const c = await prisma.campaign.findUniqueOrThrow({ where: { id: o.campaignId ?? fixture.campaignId } });
      const approver = await prisma.user.findUniqueOrThrow({ where: { username: 'approver' } });
      const made = await seedParticipation(prisma, {
        campaign: { ...c, rules: c.rules as typeof DEFAULT_CAMPAIGN_RULES },
        unit,
        coordinatorId: unit.coordinatorId,
        approverId: approver.id,
        steps: STEPS_TO[state],
      });
      if (o.activities === 0) {
        await prisma.activity.deleteMany({ where: { participationId: made.participationId } });
        made.activityId = '';
      }
      return { ...unit, unitId: unit.id, ...made };
    },
  };
}

/** A fresh database with the fixture, and a running app on it. */
export async function setup(opts: Parameters<typeof startApp>[1] = {}) {
  const db = await createTestDatabase();
  const prisma = createPrismaClient(db.ownerUrl, 2);
  const fixture = await seedFixture(prisma);
  const t = await startApp(db, opts);
  return {
    ...t,
    ...factories(prisma, fixture),
    db,
    prisma,
    fixture,
    async teardown() {
      await t.close();
      await prisma.$disconnect();
      await db.stop();
    },
  };
}
