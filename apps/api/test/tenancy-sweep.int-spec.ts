import { randomUUID } from 'node:crypto';
import { API_ROUTES, type TEndpoint, type TSubscribeReply } from '@learnweek/contracts';
import { CHANGZHOU_CITY_ID, DISTRICT_TABLES, inDistrict, XINBEI_DISTRICT_ID } from '@learnweek/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../src/core/storage/file-store.js';
import { FileUrls } from '../src/core/storage/file-urls.js';
import { setup } from './harness.js';
import { follow } from './live-client.js';

/**
 * Issue 25, Tests 3 (docs/ARCHITECTURE.md, "Tenancy"): district A's users (an organizer, an approver, a
 * coordinator) cannot read, list, count, export, subscribe to or write district B's rows. Every route of
 * the route map is called with A's tokens and B's ids: it never succeeds, and answers exactly as it does
 * for ids that exist nowhere (no hint that B's exist); a public route gives A's token no more than no
 * token; a list or page A may read holds none of B's ids; B's rows are the same afterwards, row for row.
 * The same for the live feed's subscriptions and for file downloads. B is 新北区 (the fixture's district,
 * with a campaign in every part of its season), A a second district, 武进区.
 */
let t: Awaited<ReturnType<typeof setup>>;
const B = XINBEI_DISTRICT_ID;
const A = randomUUID();
const a = {
  organizer: `wj-organizer-${A.slice(0, 6)}`,
  approver: `wj-approver-${A.slice(0, 6)}`,
  coordinator: `wj-coord-${A.slice(0, 6)}`,
};
/** B's ids, by the path parameter that names them. */
let bIds: Record<'campaign' | 'participation' | 'activity' | 'photo' | 'file' | 'nomination' | 'nominationPhoto', string> &
  Record<'session' | 'device' | 'notification' | 'user' | 'unit' | 'town', string>;
/** Every id of B's rows that a page could show. */
let everyB: string[];

async function keepFile(districtId: string): Promise<string> {
  const store = t.app.get(FileStore);
  const id = randomUUID();
  const key = await inDistrict(districtId, () => store.keyOf(id));
  await store.put(key, { original: Buffer.from('o'), web: Buffer.from('web'), thumb: Buffer.from('thumb') });
  await t.prisma.storedFile.create({ data: { id, districtId, storageKey: key, contentType: 'image/jpeg', size: 1, sha256: 'x' } });
  return id;
}

beforeAll(async () => {
  t = await setup();
  const { campaignId } = t.fixture;
  const school = t.fixture.units.school;
  // B's season, made while it is the only district (the factories name no district).
  const advanced = await t.newParticipation('weekRunning');
  const nomination = await t.http
    .post(`/api/campaigns/${campaignId}/nominations`)
    .set(await t.as(school.coordinator))
    .send({ kind: 'learningStar', name: '李老师' });
  expect(nomination.status, JSON.stringify(nomination.body)).toBe(201);
  const now = t.clock.now().getTime();
  const session = await t.prisma.checkinSession.create({
    data: {
      campaignId,
      name: '主会场',
      venue: '春江镇',
      kind: 'main',
      qrSecret: `secret-${randomUUID()}`,
      opensAt: new Date(now - 3_600_000),
      closesAt: new Date(now + 5 * 3_600_000),
    },
  });
  const device = await t.prisma.kioskDevice.create({ data: { campaignId, name: '主屏', sessionId: session.id, tokenHash: randomUUID() } });
  const file = await keepFile(B);
  const photo = await t.prisma.photo.create({
    data: { participationId: advanced.participationId, fileId: file, activityId: advanced.activityId, sortNo: 1 },
  });
  const nominationPhoto = await t.prisma.nominationPhoto.create({
    data: { nominationId: nomination.body.id as string, fileId: await keepFile(B) },
  });
  const organizerB = await t.prisma.user.findUniqueOrThrow({ where: { username: 'organizer' } });
  const notification = await t.prisma.notification.create({
    data: { userId: organizerB.id, campaignId, kind: 'deviceOffline', title: '大屏已离线', createdAt: new Date(now) },
  });
  bIds = {
    campaign: campaignId,
    participation: advanced.participationId,
    activity: advanced.activityId,
    photo: photo.id,
    file,
    nomination: nomination.body.id as string,
    nominationPhoto: nominationPhoto.id,
    session: session.id,
    device: device.id,
    notification: notification.id,
    user: organizerB.id,
    unit: school.id,
    town: (await t.prisma.unit.findUniqueOrThrow({ where: { id: school.id } })).townId!,
  };
  const ids = async (rows: Promise<{ id: string }[]>) => (await rows).map((r) => r.id);
  everyB = [
    ...Object.values(bIds),
    ...(await ids(t.prisma.participation.findMany({ where: { districtId: B }, select: { id: true } }))),
    ...(await ids(t.prisma.unit.findMany({ where: { districtId: B }, select: { id: true } }))),
    ...(await ids(t.prisma.user.findMany({ where: { districtId: B }, select: { id: true } }))),
  ];

  // District A: its town, unit and users (the password is the fixture's).
  const hash = organizerB.passwordHash;
  await t.prisma.district.create({ data: { id: A, cityId: CHANGZHOU_CITY_ID, code: `WJ${A.slice(0, 4)}`, name: '武进区' } });
  const town = await t.prisma.town.create({ data: { districtId: A, name: '湖塘镇' } });
  const unit = await t.prisma.unit.create({ data: { districtId: A, code: 'S1', name: '湖塘实验小学', kind: 'school', townId: town.id } });
  await t.prisma.user.createMany({
    data: [
      { districtId: A, username: a.organizer, displayName: '武进组织办', roles: ['organizer'], passwordHash: hash },
      { districtId: A, username: a.approver, displayName: '武进审核人', roles: ['approver'], passwordHash: hash },
      {
        districtId: A,
        username: a.coordinator,
        displayName: '湖塘实验小学联络员',
        roles: ['coordinator'],
        unitId: unit.id,
        passwordHash: hash,
      },
    ],
  });
}, 180_000);
afterAll(async () => {
  await t?.teardown();
});

/** B's rows, table by table, as a digest of every row (read as the tables' owner, past the policies). */
async function snapshotOfB(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of DISTRICT_TABLES) {
    const rows = await t.prisma.$queryRawUnsafe<{ n: bigint; digest: string | null }[]>(
      `SELECT count(*) AS n, md5(string_agg(r::text, '|' ORDER BY r::text)) AS digest FROM "${table}" r WHERE r."districtId" = $1::uuid`,
      B,
    );
    out[table] = `${rows[0]!.n} ${rows[0]!.digest ?? ''}`;
  }
  return out;
}

/** The B id a path parameter names (`:id` by the path's first segment). */
function idFor(route: TEndpoint, param: string): string {
  if (param === 'activityId') return bIds.activity;
  if (param === 'photoId') return route.path.startsWith('/nominations') ? bIds.nominationPhoto : bIds.photo;
  const segment = route.path.split('/')[route.path.startsWith('/public/') ? 2 : 1];
  const byPath: Record<string, string> = {
    campaigns: bIds.campaign,
    participations: bIds.participation,
    files: bIds.file,
    nominations: bIds.nomination,
    'checkin-sessions': bIds.session,
    rehearsals: bIds.session,
    'kiosk-devices': bIds.device,
    notifications: bIds.notification,
    users: bIds.user,
    units: bIds.unit,
  };
  const id = byPath[segment!];
  if (!id) throw new Error(`no id of B for ${route.method} ${route.path} :${param}`);
  return id;
}

/** The query parameters naming a campaign or a unit that a route takes. */
function queryOf(route: TEndpoint, ids: { campaign: string; unit: string }): string {
  const shape = (route.query as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};
  const q = [...('campaignId' in shape ? [`campaignId=${ids.campaign}`] : []), ...('unitId' in shape ? [`unitId=${ids.unit}`] : [])];
  return q.length > 0 ? `?${q.join('&')}` : '';
}

interface TAnswer {
  status: number;
  code: unknown;
  text: string;
}
async function call(method: TEndpoint['method'], url: string, auth: Record<string, string> | undefined): Promise<TAnswer> {
  const req = t.http[method](url);
  if (auth) req.set(auth);
  const r = method === 'get' ? await req : await req.send({});
  const json = String(r.headers['content-type'] ?? '').startsWith('application/json');
  return { status: r.status, code: json ? (r.body as { code?: unknown }).code : undefined, text: json ? JSON.stringify(r.body) : '' };
}

/** Routes about no district's rows (the service's health, its docs, signing in). */
const NOT_OF_A_DISTRICT = /^\/(health|metrics|docs|auth\/login|auth\/password)/;

describe('district A’s users and district B’s rows', () => {
  it('every route refuses B’s ids as it refuses ids that exist nowhere, pages hold none of B’s rows, and B is unchanged', async () => {
    const callers = { organizer: await t.as(a.organizer), approver: await t.as(a.approver), coordinator: await t.as(a.coordinator) };
    const before = await snapshotOfB();
    const walked = { byId: 0, pages: 0, public: 0 };
    const problems: string[] = [];
    for (const route of API_ROUTES) {
      if (NOT_OF_A_DISTRICT.test(route.path)) continue;
      const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      if (params.length === 0) {
        // A page of A's own: read with B's ids wherever it filters by campaign or unit; none of B's rows in it.
        if (route.method !== 'get' || route.access === 'kiosk') continue;
        walked.pages += 1;
        const url = `/api${route.path}${queryOf(route, bIds)}`;
        for (const [who, auth] of Object.entries(callers)) {
          const answer = await call('get', url, auth);
          const leaked = everyB.filter((id) => answer.text.includes(id));
          if (leaked.length > 0) problems.push(`${who} GET ${url}: ${answer.status} shows B's ${leaked.join(', ')}`);
        }
        continue;
      }
      const path = (pick: (param: string) => string) => `/api${route.path.replace(/:(\w+)/g, (_m, p: string) => pick(p))}`;
      const ofB = path((p) => idFor(route, p)) + queryOf(route, bIds);
      const unknown = path(() => randomUUID()) + queryOf(route, { campaign: randomUUID(), unit: randomUUID() });
      if (route.access === 'public') {
        // Public by design (a phone's check-in page, the public calendar and exemplar page, a signed file link):
        // A's token gives no more than no token at all.
        walked.public += 1;
        const anonymous = await call(route.method, ofB, undefined);
        for (const [who, auth] of Object.entries(callers)) {
          const answer = await call(route.method, ofB, auth);
          if (answer.status !== anonymous.status || answer.code !== anonymous.code)
            problems.push(
              `${who} ${route.method.toUpperCase()} ${route.path}: ${answer.status} ${String(answer.code)}, anonymous ${anonymous.status}`,
            );
        }
        continue;
      }
      walked.byId += 1;
      for (const [who, auth] of Object.entries(callers)) {
        const [answer, nowhere] = [await call(route.method, ofB, auth), await call(route.method, unknown, auth)];
        const label = `${who} ${route.method.toUpperCase()} ${route.path}`;
        if (answer.status < 400) problems.push(`${label}: ${answer.status} for B's ids`);
        else if (answer.status !== nowhere.status || answer.code !== nowhere.code)
          problems.push(
            `${label}: ${answer.status} ${String(answer.code)} for B's ids, ${nowhere.status} ${String(nowhere.code)} for unknown ones`,
          );
        else if (![400, 403, 404, 415].includes(answer.status)) problems.push(`${label}: ${answer.status} ${String(answer.code)}`);
      }
    }
    expect(problems).toEqual([]);
    console.log(`tenancy sweep: ${walked.byId} routes by id, ${walked.pages} pages, ${walked.public} public routes, 3 callers each`);
    expect(walked.byId).toBeGreaterThan(70);
    expect(walked.pages).toBeGreaterThan(10);
    expect(await snapshotOfB()).toEqual(before);
  }, 180_000);

  it('every live subscription to B’s campaign or check-in session is refused as one to an unknown id', async () => {
    const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    for (const who of [a.organizer, a.approver, a.coordinator]) {
      const socket = await follow(base, { token: await t.login(who) });
      try {
        const answers: Record<string, [TSubscribeReply, TSubscribeReply]> = {
          campaign: [
            await socket.subscribe({ campaignId: bIds.campaign, sinceSeq: 0 }),
            await socket.subscribe({ campaignId: randomUUID(), sinceSeq: 0 }),
          ],
          session: [
            await socket.subscribe({ checkinSessionId: bIds.session, sinceSeq: 0 }),
            await socket.subscribe({ checkinSessionId: randomUUID(), sinceSeq: 0 }),
          ],
        };
        for (const [what, [ofB, nowhere]] of Object.entries(answers)) {
          expect(ofB, `${who} ${what}`).toEqual(nowhere);
          expect(ofB, `${who} ${what}`).toMatchObject({ ok: false, error: expect.stringMatching(/^(notFound|forbidden)$/) as string });
        }
        expect(socket.received).toEqual([]);
      } finally {
        socket.socket.close();
      }
    }
  });

  it('B’s files are not served to A: a link A’s district can make for them finds nothing, a forged one is refused', async () => {
    const urls = t.app.get(FileUrls);
    for (const auth of [undefined, await t.as(a.organizer), await t.as(a.coordinator)]) {
      for (const size of ['web', 'thumb'] as const) {
        // Rightly signed, but in A: the file is looked up in A's district.
        const inA = await call('get', urls.url(bIds.file, size, A), auth);
        expect(inA.status).toBe(404);
        expect(inA).toEqual(await call('get', urls.url(randomUUID(), size, A), auth));
        // B's own link with A's district put in: the signature refuses it.
        expect((await call('get', urls.url(bIds.file, size, B).replace(B, A), auth)).status).toBe(403);
      }
    }
    // B's own link serves B's file (the capability is the link, whoever holds it).
    expect((await t.http.get(urls.url(bIds.file, 'web', B))).status).toBe(200);
  });
});
