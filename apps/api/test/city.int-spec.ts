import { CHANGZHOU_CITY_ID, TIANNING_DISTRICT_ID, XINBEI_DISTRICT_ID, type DatabaseHandle, type PrismaClient } from '@learnweek/db';
import { createPrismaClient } from '@learnweek/db';
import type { TCityBoard, TCityFigures, TListCampaignsResponse } from '@learnweek/contracts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { createDemoTestDatabase } from '../src/demo/seed-demo.js';
import { bearer, startApp, type TestApp } from './harness.js';

/**
 * The city office (docs/ARCHITECTURE.md, "Tenancy"), on the demo's city of 常州 (新北区 and 天宁区):
 * the `city` account reads every district of its city and writes nothing of a district's, in the API
 * and in the database; its board's figures are the districts' own, kept as the data changes.
 */
const now = new Date('2026-11-28T10:00:00Z');
let db: DatabaseHandle;
let prisma: PrismaClient;
let t: TestApp;
const tokens = new Map<string, string>();
const as = async (username: string) => {
  let token = tokens.get(username);
  if (!token) {
    const r = await t.http.post('/api/auth/login').send({ username, password: 'demo1234' });
    expect(r.status, `${username}: ${JSON.stringify(r.body)}`).toBe(200);
    token = r.body.accessToken as string;
    tokens.set(username, token);
  }
  return bearer(token);
};

const SUBMITTED = ['planSubmitted', 'planApproved', 'weekRunning', 'summaryDue', 'summarySubmitted', 'summaryReturned', 'reviewed'];
const APPROVED = SUBMITTED.slice(1);

/** A district's figures of the year, counted from the rows themselves (as the connecting role, past the policies). */
async function counted(districtId: string, year: number): Promise<TCityFigures> {
  // A draft is its district's own until published.
  const campaign = { districtId, year, status: { not: 'draft' } };
  const participation = { campaign };
  const held = await prisma.activity.aggregate({ where: { participation, status: 'held' }, _sum: { actualParticipants: true } });
  return {
    units: await prisma.participation.count({ where: participation }),
    plansSubmitted: await prisma.participation.count({ where: { ...participation, state: { in: SUBMITTED } } }),
    plansApproved: await prisma.participation.count({ where: { ...participation, state: { in: APPROVED } } }),
    activities: await prisma.activity.count({ where: { participation, status: { not: 'cancelled' } } }),
    participants: held._sum.actualParticipants ?? 0,
    checkins: await prisma.checkin.count({ where: { session: { campaign, rehearsal: false } } }),
    exemplars: await prisma.nomination.count({ where: { campaign, state: 'published' } }),
  };
}

const board = async (year?: number) => {
  const r = await t.http.get(`/api/city/board${year ? `?year=${year}` : ''}`).set(await as('city'));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as TCityBoard;
};
const figuresOf = (d: TCityFigures): TCityFigures => {
  const { units, plansSubmitted, plansApproved, activities, participants, checkins, exemplars } = d;
  return { units, plansSubmitted, plansApproved, activities, participants, checkins, exemplars };
};

beforeAll(async () => {
  ({ db } = await createDemoTestDatabase({ now, city: true }));
  prisma = createPrismaClient(db.ownerUrl, 2);
  t = await startApp(db, { clock: new ManualClock(now) });
}, 300_000);
afterAll(async () => {
  await t?.close();
  await prisma?.$disconnect();
  await db?.stop();
});

describe('the city office', () => {
  it('reads every district of its city: both districts’ campaigns, and each district’s progress on its board', async () => {
    const titles = async (username: string) => {
      const r = await t.http.get('/api/campaigns').set(await as(username));
      expect(r.status).toBe(200);
      return (r.body as TListCampaignsResponse).items.map((c) => c.id).sort();
    };
    const xb = (await prisma.campaign.findMany({ where: { districtId: XINBEI_DISTRICT_ID } })).map((c) => c.id);
    const tn = (await prisma.campaign.findMany({ where: { districtId: TIANNING_DISTRICT_ID } })).map((c) => c.id);
    expect(xb).toHaveLength(2);
    expect(tn).toHaveLength(1);
    expect(await titles('city')).toEqual([...xb, ...tn].sort());
    // Each district's own people still see their district only.
    expect(await titles('tn-organizer')).toEqual(tn);
    expect(await titles('organizer')).toEqual([...xb].sort());

    const b = await board();
    expect(b.city).toMatchObject({ id: CHANGZHOU_CITY_ID, name: '常州市' });
    expect(b.year).toBe(2026);
    expect(b.districts.map((d) => [d.code, d.name])).toEqual([
      ['TN', '天宁区'],
      ['XB', '新北区'],
    ]);
    for (const d of b.districts) expect(figuresOf(d), d.name).toEqual(await counted(d.id, 2026));
    expect(b.districts.every((d) => d.units > 0 && d.plansSubmitted > 0 && d.activities > 0)).toBe(true);
    // The city's totals are the sum of its districts.
    for (const k of Object.keys(b.totals) as (keyof TCityFigures)[]) expect(b.totals[k], k).toBe(b.districts[0]![k] + b.districts[1]![k]);
    // 2017: 新北区's closed record, with its check-ins and activities held.
    const old = await board(2017);
    const xb2017 = old.districts.find((d) => d.code === 'XB')!;
    expect(figuresOf(xb2017)).toEqual(await counted(XINBEI_DISTRICT_ID, 2017));
    expect(xb2017.checkins).toBe(180);
    expect(xb2017.participants).toBeGreaterThan(0);

    // The board is the city office's only.
    expect((await t.http.get('/api/city/board').set(await as('organizer'))).status).toBe(403);
    expect((await t.http.get('/api/city/board').set(await as('tn-organizer'))).status).toBe(403);
  });

  it('leaves a district’s draft out (its units, its title) until it is published', async () => {
    const before = await board();
    const draft = await t.http
      .post('/api/campaigns')
      .set(await as('tn-organizer'))
      .send({
        year: 2026,
        title: '2026年天宁区读书月（草稿）',
        timeline: {
          planDueAt: '2026-12-20T15:59:59.000Z',
          weekStartsAt: '2026-12-21T16:00:00.000Z',
          weekEndsAt: '2026-12-28T16:00:00.000Z',
          launchAt: '2026-12-23T01:00:00.000Z',
          launchVenue: '兰陵街道社区教育中心',
          summaryDueAt: '2026-12-31T15:59:59.000Z',
        },
      });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const after = await board();
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).not.toContain('读书月');
  });

  it('keeps each district’s figures as its data changes: an approval in 天宁区 moves 天宁区’s figures only', async () => {
    const before = await board();
    const p = await prisma.participation.findFirstOrThrow({
      where: { districtId: TIANNING_DISTRICT_ID, state: 'planSubmitted' },
      orderBy: { id: 'asc' },
    });
    const r = await t.http
      .post(`/api/participations/${p.id}/events`)
      .set(await as('tn-approver'))
      .send({ type: 'APPROVE_PLAN', version: p.version });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = await board();
    const tn = (b: TCityBoard) => b.districts.find((d) => d.code === 'TN')!;
    const xb = (b: TCityBoard) => b.districts.find((d) => d.code === 'XB')!;
    expect(tn(after).plansApproved).toBe(tn(before).plansApproved + 1);
    expect(tn(after).plansSubmitted).toBe(tn(before).plansSubmitted);
    expect(figuresOf(tn(after))).toEqual(await counted(TIANNING_DISTRICT_ID, 2026));
    expect(xb(after)).toEqual(xb(before));
    expect(after.totals.plansApproved).toBe(before.totals.plansApproved + 1);
  });

  it('writes nothing of a district’s: every write is refused by the API (403) and by the database', async () => {
    const towns = await prisma.town.count();
    const [tnCampaign] = await prisma.campaign.findMany({ where: { districtId: TIANNING_DISTRICT_ID } });
    const p = await prisma.participation.findFirstOrThrow({ where: { districtId: TIANNING_DISTRICT_ID, state: 'planSubmitted' } });
    const city = await as('city');
    const writes = [
      t.http.post('/api/towns').set(city).send({ name: '市里加的镇' }),
      t.http.put(`/api/campaigns/${tnCampaign!.id}`).set(city).send({ version: tnCampaign!.version, title: '市里改的' }),
      t.http.post(`/api/participations/${p.id}/events`).set(city).send({ type: 'APPROVE_PLAN', version: p.version }),
      // A route open to every signed-in user: still no write for the city office.
      t.http.put('/api/profile').set(city).send({ displayName: '市里', email: null, phone: null }),
    ];
    expect((await Promise.all(writes)).map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(await prisma.town.count()).toBe(towns);
    expect(await prisma.participation.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({
      state: 'planSubmitted',
      version: p.version,
    });

    // The database itself, as the API's role in the city's scope: reads both districts, writes neither.
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.city_id', $1, true), set_config('role', 'learnweek_app', true)`, [CHANGZHOU_CITY_ID]);
      const units = await c.query<{ d: string; n: number }>(
        `SELECT "districtId" AS d, count(*)::int AS n FROM "Unit" GROUP BY 1 ORDER BY 1`,
      );
      expect(units.rows.map((r) => r.d).sort()).toEqual([TIANNING_DISTRICT_ID, XINBEI_DISTRICT_ID].sort());
      expect((await c.query(`UPDATE "Unit" SET "name" = "name" || '（市）'`)).rowCount).toBe(0);
      expect((await c.query(`DELETE FROM "CampaignTotals"`)).rowCount).toBe(0);
      await expect(
        c.query(`INSERT INTO "Town" ("id", "districtId", "name") VALUES (gen_random_uuid(), $1, '市里加的镇')`, [TIANNING_DISTRICT_ID]),
      ).rejects.toThrow(/row-level security/);
      await c.query('ROLLBACK');
    } finally {
      await c.end();
    }
    expect(await prisma.unit.count({ where: { name: { endsWith: '（市）' } } })).toBe(0);
  });
});
