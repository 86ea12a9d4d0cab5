import { APP_INTERCEPTOR } from '@nestjs/core';
import { ModulesContainer } from '@nestjs/core';
import {
  API_ROUTES,
  AUDIT_RECORDED_INSTEAD,
  AUDIT_KIND_FORMAT,
  auditKindNamed,
  DEFAULT_SCORING_CRITERIA,
  DOWNLOAD_KIND,
  isWriteRoute,
  routeAuditKind,
  type TEndpoint,
  type TNominationDetail,
  type TParticipationDetail,
} from '@learnweek/contracts';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointOf } from '../src/core/http/endpoint.decorator.js';
import { AuditInterceptor } from '../src/modules/audit/audit.interceptor.js';
import { DeadlineService } from '../src/modules/participation/deadlines/deadline.service.js';
import { binary, photo } from './files.js';
import { setup, T } from './harness.js';

/**
 * The audit log records every write: this walks the declared routes (as closed-campaign.int-spec.ts
 * does) through a season — setup, plans, reviews, the week, summaries, exemplars, check-in — calling
 * each write route once with success, and fails for any that leaves no entry; every download of
 * personal data likewise leaves `export.downloaded`. A route the walk does not call yet (a new one)
 * is held to what makes it recorded: its declaration gives a kind of the database's format with a
 * Chinese name, it is served through `@Endpoint`, and the audit interceptor is global.
 */
let t: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  t = await setup();
});
afterAll(async () => {
  await t?.teardown();
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
type THeaders = Record<string, string>;

/** What a route's call records when a service writes a richer entry for it instead of the route's own. */
const RICH = AUDIT_RECORDED_INSTEAD;

/** Writes that are their own record, reviewed: a new `audit.recordedAs` fails until it is added here with its reason. */
const RECORDED_ELSEWHERE = ['check-in.checkIn'];

/** Routes the walk does not call (yet), with why: held to their binding only. Keep it short. */
const BOUND_ONLY: Record<string, string> = {
  'check-in.reviewHeld': 'needs self check-ins held by the burst rule (checkin-self.int-spec.ts reviews them and finds checkins.approved)',
  'check-in.reportRehearsal': 'needs a rehearsal run by a client (rehearsal.int-spec.ts)',
};

const key = (r: TEndpoint) => `${r.tag}.${r.name}`;
const called = new Map<string, string[]>();
let lastId = 0n;

/** The entries since the last call of this. */
async function newEntries() {
  const rows = await t.prisma.auditEntry.findMany({ where: { id: { gt: lastId } }, orderBy: { id: 'asc' } });
  if (rows.length > 0) lastId = rows[rows.length - 1]!.id;
  return rows;
}

/**
 * Calls a route (`tag.name`) once, after `prepare` (not counted), expects a success and the
 * entries it leaves: the route's kind or its richer one.
 */
async function step(route: string, call: () => Promise<Response>, prepare?: () => Promise<void>): Promise<Response> {
  await prepare?.();
  await newEntries();
  const r = await call();
  expect(r.status, `${route}: ${r.status} ${JSON.stringify(r.body)}`).toBeLessThan(300);
  const entries = await newEntries();
  const declared = API_ROUTES.find((x) => key(x) === route)!;
  const kinds = RICH[route] ?? [routeAuditKind(declared)!];
  expect(
    entries.some((e) => kinds.includes(e.kind)),
    `${route} left ${JSON.stringify(entries.map((e) => e.kind))}, not ${kinds.join(' or ')}`,
  ).toBe(true);
  called.set(
    route,
    entries.map((e) => e.kind),
  );
  return r;
}

describe('every write route leaves an audit entry', () => {
  it('holds every declared write to a kind the database takes and a name in Chinese', () => {
    const writes = API_ROUTES.filter(isWriteRoute);
    expect(writes.length).toBeGreaterThan(40);
    for (const r of writes) {
      const kind = routeAuditKind(r);
      if (kind === undefined) {
        expect(RECORDED_ELSEWHERE, `${key(r)} is declared as recorded elsewhere (${r.audit?.recordedAs ?? ''}): review it`).toContain(
          key(r),
        );
        continue;
      }
      expect(kind, key(r)).toBe(key(r));
      expect(kind, key(r)).toMatch(AUDIT_KIND_FORMAT);
      expect(auditKindNamed(kind), `${kind} has no Chinese name: add it to AUDIT_KIND_LABELS`).toBe(true);
    }
  });

  it('binds the audit interceptor to every route served through @Endpoint', () => {
    // Registered as the app's interceptor (Nest keys a global enhancer by the APP_INTERCEPTOR token).
    const bound = [...t.app.get(ModulesContainer).values()]
      .flatMap((m) => [...m.providers.entries()])
      .filter(([k, w]) => w.metatype === AuditInterceptor && String(k).startsWith(APP_INTERCEPTOR));
    expect(bound).toHaveLength(1);
    const handlers = [...t.app.get(ModulesContainer).values()]
      .flatMap((m) => [...m.controllers.values()])
      .flatMap((w) => {
        const proto = (w.metatype as { prototype: Record<string, unknown> } | null)?.prototype;
        return proto ? Object.getOwnPropertyNames(proto).map((n) => proto[n]) : [];
      })
      .filter((h): h is (...args: never[]) => unknown => typeof h === 'function')
      .map((h) => endpointOf(h))
      .filter((r): r is TEndpoint => r !== undefined);
    for (const r of API_ROUTES.filter((x) => routeAuditKind(x) !== undefined)) expect(handlers, key(r)).toContain(r);
  });

  it('records each write of a season with its actor, campaign and unit; downloads of personal data; the system’s steps', async () => {
    const { campaignId, units } = t.fixture;
    const coord = units.other.coordinator;
    const pid = units.other.participationId;
    const H: Record<string, THeaders> = {};
    const sign = async () => {
      for (const u of ['organizer', 'approver', coord, units.school.coordinator]) H[u] = await t.as(u);
    };
    const http = t.http;
    t.clock.set(T.beforeDue);
    await sign();

    // Sign-in, the profile, the district's towns and units.
    await step('auth.login', () => http.post('/api/auth/login').send({ username: 'approver', password: 'test-pass-1234' }));
    await step('auth.clearThrottle', () => http.post('/api/auth/throttles/clear').set(H.organizer!).send({ username: 'approver' }));
    await step('notifications.updateProfile', () =>
      http.put('/api/profile').set(H[coord]!).send({ email: 'n1@example.cn', locale: 'zh-CN' }),
    );
    await step('units.createTown', () => http.post('/api/towns').set(H.organizer!).send({ name: '青龙街道' }));
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('单位名单');
    ws.addRow(['单位编码*', '单位名称*', '单位类别*', '镇（街道）*', '联络员账号', '联络员姓名']);
    ws.addRow(['X9', '春江第二小学', '中小学', '春江镇', 'coord-x9', '']);
    await step('units.import', async () =>
      http
        .post('/api/units.xlsx')
        .set(H.organizer!)
        .set('Content-Type', XLSX)
        .send(Buffer.from(await book.xlsx.writeBuffer())),
    );
    const x9 = await t.prisma.unit.findFirstOrThrow({ where: { code: 'X9' } });
    await step('units.setActive', () => http.put(`/api/units/${x9.id}`).set(H.organizer!).send({ active: false }));
    expect((await http.get('/api/units/template.xlsx').set(H.organizer!).buffer(true).parse(binary)).status).toBe(200);
    expect(await newEntries()).toEqual([]); // a blank template is no personal data

    // A second campaign's life.
    const created = await step('campaigns.create', () =>
      http
        .post('/api/campaigns')
        .set(H.organizer!)
        .send({
          year: 2018,
          title: '2018年推进周',
          timeline: {
            planDueAt: '2018-10-10T15:59:59.000Z',
            weekStartsAt: '2018-10-21T16:00:00.000Z',
            weekEndsAt: '2018-10-28T16:00:00.000Z',
            launchAt: '2018-10-24T01:00:00.000Z',
            launchVenue: '区社区培训学院',
            summaryDueAt: '2018-10-31T15:59:59.000Z',
          },
        }),
    );
    const c2 = created.body.id as string;
    expect(called.get('campaigns.create')).toEqual(['campaigns.create']);
    expect(await t.prisma.auditEntry.findFirstOrThrow({ where: { kind: 'campaigns.create' } })).toMatchObject({
      actorKind: 'user',
      actorLabel: '组织办',
      target: '2018年推进周',
    });
    // A refused write is no write: nothing recorded.
    await newEntries();
    expect((await http.put(`/api/campaigns/${c2}`).set(H[coord]!).send({ version: 1, theme: '越权' })).status).toBe(403);
    expect((await http.put(`/api/campaigns/${c2}`).set(H.organizer!).send({ version: 9, theme: '旧版本' })).status).toBe(409);
    expect(await newEntries()).toEqual([]);
    await step('campaigns.update', () =>
      http.put(`/api/campaigns/${c2}`).set(H.organizer!).send({ version: 1, theme: '学习让生活更美好' }),
    );
    await step('campaigns.publish', () => http.post(`/api/campaigns/${c2}/publish`).set(H.organizer!));
    await step('campaigns.clone', () => http.post(`/api/campaigns/${c2}/clone`).set(H.organizer!).send({ year: 2019 }));
    await step('campaigns.close', () => http.post(`/api/campaigns/${c2}/close`).set(H.organizer!).send({ confirmOutstanding: true }));

    // A unit's plan and schedule, and its review.
    const sendEvent = async (user: string, type: string, extra: object = {}) => {
      const { version } = await t.detail(pid, 'organizer');
      return http
        .post(`/api/participations/${pid}/events`)
        .set(H[user]!)
        .send({ type, version, ...extra });
    };
    await step('participations.sendEvent', () => sendEvent(coord, 'START_DRAFT'));
    const drafted = await t.prisma.auditEntry.findFirstOrThrow({ where: { kind: 'participations.sendEvent' }, include: { unit: true } });
    expect(drafted).toMatchObject({ campaignId, unitId: units.other.id, target: 'START_DRAFT', actorKind: 'user' });
    await step('participations.updatePlan', () =>
      http.put(`/api/participations/${pid}/plan`).set(H[coord]!).send({ text: '实施方案正文', leadingBody: '领导小组', version: 1 }),
    );
    const row = {
      title: '读书沙龙',
      type: 'lecture',
      startsAt: '2017-10-24T01:00:00.000Z',
      endsAt: '2017-10-24T03:00:00.000Z',
      place: '培训教室',
      personInCharge: '王老师',
      phone: '0519-85123456',
      audiences: ['residents'],
    };
    const a1 = await step('participations.createActivity', () =>
      http.post(`/api/participations/${pid}/activities`).set(H[coord]!).send(row),
    );
    await step('participations.updateActivity', () =>
      http
        .put(`/api/participations/${pid}/activities/${a1.body.id as string}`)
        .set(H[coord]!)
        .send({ title: '读书沙龙（二）', version: 1 }),
    );
    let a2 = '';
    await step(
      'participations.deleteActivity',
      () => http.delete(`/api/participations/${pid}/activities/${a2}`).set(H[coord]!),
      async () => {
        a2 = (
          (
            await http
              .post(`/api/participations/${pid}/activities`)
              .set(H[coord]!)
              .send({ ...row, title: '临时' })
          ).body as { id: string }
        ).id;
      },
    );
    const schedule = await step('participations.exportSchedule', () =>
      http.get(`/api/participations/${pid}/activities.xlsx`).set(H[coord]!).buffer(true).parse(binary),
    );
    expect(await t.prisma.auditEntry.findFirstOrThrow({ where: { kind: DOWNLOAD_KIND }, orderBy: { id: 'desc' } })).toMatchObject({
      unitId: units.other.id,
      campaignId,
      target: expect.stringMatching(/\.xlsx$/),
    });
    await step('participations.importSchedule', () =>
      http
        .post(`/api/participations/${pid}/activities.xlsx`)
        .set(H[coord]!)
        .set('Content-Type', XLSX)
        .send(schedule.body as Buffer),
    );
    await step('console.remind', () =>
      http.post(`/api/campaigns/${campaignId}/deadlines/reminders`).set(H.approver!).send({ deadline: 'plan' }),
    );
    const notices = (await http.get('/api/notifications').set(H[units.school.coordinator]!)).body as {
      items: { id: string; readAt: string | null }[];
    };
    await step('notifications.read', () => http.post(`/api/notifications/${notices.items[0]!.id}/read`).set(H[units.school.coordinator]!));
    await step('participations.sendBulkEvent', async () => {
      const { version } = await t.detail(units.school.participationId);
      return http
        .post(`/api/campaigns/${campaignId}/participations/events`)
        .set(H.approver!)
        .send({ type: 'APPROVE_PLAN', items: [{ id: units.school.participationId, version }] });
    });
    expect(await t.prisma.auditEntry.findFirstOrThrow({ where: { kind: 'participations.sendBulkEvent' } })).toMatchObject({
      target: 'APPROVE_PLAN',
      counts: { applied: 0, failed: 1 },
    });
    expect((await sendEvent(coord, 'SUBMIT_PLAN')).status).toBe(200);
    expect((await sendEvent('approver', 'APPROVE_PLAN')).status).toBe(200);

    // Exemplars.
    const cp = `/api/campaigns/${campaignId}`;
    await step('exemplars.setQuotas', () =>
      http
        .put(`${cp}/nomination-quotas`)
        .set(H.organizer!)
        .send({ items: [{ unitKind: 'nonDegree', kind: 'learningStar', max: 2 }] }),
    );
    const nominated = await step('exemplars.create', () =>
      http.post(`${cp}/nominations`).set(H[coord]!).send({ kind: 'learningStar', name: '王秀英', story: '退休后坚持学习书法十年。' }),
    );
    const nid = (nominated.body as TNominationDetail).id;
    const nversion = async () => ((await http.get(`/api/nominations/${nid}`).set(H.organizer!)).body as TNominationDetail).version;
    await step('exemplars.update', async () =>
      http
        .put(`/api/nominations/${nid}`)
        .set(H[coord]!)
        .send({ achievements: '市级书法比赛二等奖', version: await nversion() }),
    );
    const withPhoto = await step('exemplars.addPhoto', async () =>
      http
        .post(`/api/nominations/${nid}/photos`)
        .set(H[coord]!)
        .attach('file', await photo(1), 'p.jpg'),
    );
    await step('exemplars.deletePhoto', () =>
      http.delete(`/api/nominations/${nid}/photos/${(withPhoto.body as TNominationDetail).photos[0]!.id}`).set(H[coord]!),
    );
    expect(
      (
        await http
          .post(`/api/nominations/${nid}/photos`)
          .set(H[coord]!)
          .attach('file', await photo(2), 'p.jpg')
      ).status,
    ).toBe(201);
    await step('exemplars.sendEvent', async () =>
      http
        .post(`/api/nominations/${nid}/events`)
        .set(H[coord]!)
        .send({ type: 'SUBMIT', version: await nversion() }),
    );
    expect(
      (
        await http
          .post(`/api/nominations/${nid}/events`)
          .set(H.organizer!)
          .send({ type: 'SHORTLIST', version: await nversion() })
      ).status,
    ).toBe(200);
    const approver = await t.prisma.user.findUniqueOrThrow({ where: { username: 'approver' } });
    await step('exemplars.setPanel', () =>
      http
        .put(`${cp}/panel`)
        .set(H.organizer!)
        .send({ userIds: [approver.id] }),
    );
    await step('exemplars.score', () =>
      http
        .put(`/api/nominations/${nid}/scores`)
        .set(H.approver!)
        .send({ scores: Object.fromEntries(DEFAULT_SCORING_CRITERIA.map((c) => [c, 80])) }),
    );
    await step('exemplars.exportForm', () => http.get(`${cp}/exemplars.xlsx`).set(H.organizer!).buffer(true).parse(binary));
    await step('exemplars.exportPages', () => http.get(`${cp}/exemplars.docx`).set(H.organizer!).buffer(true).parse(binary));

    // Check-in: a venue, its list, a screen, a staff check-in voided, a rehearsal.
    const session = await step('check-in.createSession', () =>
      http
        .post(`${cp}/checkin-sessions`)
        .set(H.organizer!)
        .send({ name: '主会场', venue: '春江镇', kind: 'main', opensAt: '2017-10-01T00:00:00.000Z', closesAt: '2017-10-02T00:00:00.000Z' }),
    );
    const sid = session.body.id as string;
    expect(await t.prisma.auditEntry.findFirstOrThrow({ where: { kind: 'check-in.createSession' } })).toMatchObject({
      campaignId,
      target: '主会场',
    });
    const template = await http.get(`/api/checkin-sessions/${sid}/attendees.xlsx`).set(H.organizer!).buffer(true).parse(binary);
    expect(await newEntries()).toEqual([]); // a blank template is no personal data
    const list = new ExcelJS.Workbook();
    await list.xlsx.load(template.body as ArrayBuffer);
    list.worksheets[0]!.addRow(['S-001', '陈阿姨', '', '13912345678']);
    await step('check-in.importAttendees', async () =>
      http
        .post(`/api/checkin-sessions/${sid}/attendees.xlsx`)
        .set(H.organizer!)
        .set('Content-Type', XLSX)
        .send(Buffer.from(await list.xlsx.writeBuffer())),
    );
    const issued = await step('check-in.issueDevice', () =>
      http.post(`${cp}/kiosk-devices`).set(H.organizer!).send({ name: '主会场大屏' }),
    );
    await step('check-in.revokeDevice', () => http.delete(`/api/kiosk-devices/${issued.body.device.id as string}`).set(H.organizer!));
    const checkin = await http
      .post(`/api/checkin-sessions/${sid}/checkins`)
      .set(H.organizer!)
      .send({ name: '居民老赵', idempotencyKey: 'audit-walk-0001' });
    expect(checkin.status, JSON.stringify(checkin.body)).toBe(201);
    expect(await newEntries()).toEqual([]); // the check-in is its own record
    await step('check-in.exportCheckins', () =>
      http.get(`/api/checkin-sessions/${sid}/checkins.xlsx`).set(H.organizer!).buffer(true).parse(binary),
    );
    await step('check-in.voidCheckins', () =>
      http
        .post(`/api/checkin-sessions/${sid}/checkins/void`)
        .set(H.organizer!)
        .send({ checkinIds: [checkin.body.checkin.id as string], reason: '重复登记' }),
    );
    await step('check-in.startRehearsal', () =>
      http.post(`${cp}/rehearsals`).set(H.organizer!).send({ runner: 'client', screens: 1, people: 1, minutes: 0.1 }),
    );

    // The week, as the system: the scheduler's steps are 系统's.
    t.clock.set(T.inWeek);
    await newEntries();
    await t.app.get(DeadlineService).tick();
    const week = (await newEntries()).filter((e) => e.kind === 'week.started');
    expect(week).toEqual([
      expect.objectContaining({ actorKind: 'system', actorLabel: '系统', actorId: null, campaignId, counts: { participations: 1 } }),
    ]);

    // The summary and its photos.
    t.clock.set(T.afterWeek);
    await sign();
    await t.app.get(DeadlineService).tick();
    const detail = async () => (await http.get(`/api/participations/${pid}`).set(H[coord]!)).body as TParticipationDetail;
    await step('participations.updateSummary', () =>
      http
        .put(`/api/participations/${pid}/summary`)
        .set(H[coord]!)
        .send({ text: '活动总结', activitiesHeld: 1, participants: 30, version: 1 }),
    );
    const activityId = (await detail()).activities[0]!.id;
    const uploaded = await step('participations.uploadPhoto', async () =>
      http
        .post(`/api/participations/${pid}/photos`)
        .set(H[coord]!)
        .field('activityId', activityId)
        .field('caption', '现场')
        .attach('file', await photo(3), 'a.jpg'),
    );
    await step('participations.deletePhoto', () =>
      http.delete(`/api/participations/${pid}/photos/${uploaded.body.id as string}`).set(H[coord]!),
    );
    await step('participations.markDisc', () => http.put(`/api/participations/${pid}/disc`).set(H.approver!).send({ delivered: true }));

    // The district's exports and the log's own.
    await step('console.exportSchedule', () => http.get(`${cp}/exports/schedule.xlsx`).set(H.approver!).buffer(true).parse(binary));
    await step('console.exportStatus', () => http.get(`${cp}/exports/status.xlsx`).set(H.approver!).buffer(true).parse(binary));
    await step('console.exportSummaries', () => http.get(`${cp}/exports/summaries.zip`).set(H.approver!).buffer(true).parse(binary));
    await step('audit.export', () => http.get('/api/audit.xlsx').set(H.organizer!).buffer(true).parse(binary));

    // Past the summaries' deadline the system marks who owes one, each unit its entry.
    t.clock.set(new Date(T.summaryDueAt.getTime() + 60_000));
    await newEntries();
    await t.app.get(DeadlineService).tick();
    const overdue = (await newEntries()).filter((e) => e.kind === 'deadline.overdueMarked');
    expect(overdue.length).toBeGreaterThan(0);
    expect(
      overdue.every((e) => e.actorKind === 'system' && e.target === 'summary' && e.unitId !== null && e.campaignId === campaignId),
    ).toBe(true);

    // Every write route and download this walk was written for was called (a newer one is held to its binding above).
    const recorded = API_ROUTES.filter((r) => routeAuditKind(r) !== undefined).map(key);
    expect([...ORIGINAL_ROUTES].filter((k) => !recorded.includes(k))).toEqual([]);
    expect([...ORIGINAL_ROUTES].filter((k) => !called.has(k) && !(k in BOUND_ONLY))).toEqual([]);
  });
});

/** The write routes and downloads this walk was written for: each of them must be called above. */
const ORIGINAL_ROUTES = new Set<string>([
  'auth.login',
  'auth.clearThrottle',
  'campaigns.create',
  'campaigns.update',
  'campaigns.publish',
  'campaigns.close',
  'campaigns.clone',
  'units.createTown',
  'units.setActive',
  'units.import',
  'participations.updatePlan',
  'participations.createActivity',
  'participations.updateActivity',
  'participations.deleteActivity',
  'participations.exportSchedule',
  'participations.importSchedule',
  'participations.uploadPhoto',
  'participations.deletePhoto',
  'participations.markDisc',
  'participations.updateSummary',
  'participations.sendBulkEvent',
  'participations.sendEvent',
  'console.remind',
  'console.exportSchedule',
  'console.exportStatus',
  'console.exportSummaries',
  'exemplars.create',
  'exemplars.update',
  'exemplars.addPhoto',
  'exemplars.deletePhoto',
  'exemplars.sendEvent',
  'exemplars.score',
  'exemplars.setQuotas',
  'exemplars.setPanel',
  'exemplars.exportForm',
  'exemplars.exportPages',
  'check-in.createSession',
  'check-in.exportCheckins',
  'check-in.voidCheckins',
  'check-in.reviewHeld',
  'check-in.startRehearsal',
  'check-in.reportRehearsal',
  'check-in.issueDevice',
  'check-in.revokeDevice',
  'check-in.importAttendees',
  'notifications.read',
  'notifications.updateProfile',
  'audit.export',
]);
