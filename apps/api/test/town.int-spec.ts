import type { TParticipationDetail, TTimelinePreview, TTownScope, TTownUnitsResponse } from '@learnweek/contracts';
import { initialSnapshot, participationMachine, PARTICIPATION_MACHINE_VERSION } from '@learnweek/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineService } from '../src/modules/participation/deadlines/deadline.service.js';
import { setup, startApp, T } from './harness.js';

/**
 * Town supervision: the coordinators of a town's community education centre read (never edit) the
 * participations of their own town's units, and hear of the late ones in one digest per town per day,
 * once however many instances run the deadline job.
 */
let t: Awaited<ReturnType<typeof setup>>;
/** A second town, 湖塘镇, with a school and a centre of its own. */
let other: { schoolParticipationId: string; centreUser: string };

beforeAll(async () => {
  t = await setup();
  const hash = (await t.prisma.user.findFirstOrThrow({ where: { username: 'organizer' } })).passwordHash;
  const town = await t.prisma.town.create({ data: { name: '湖塘镇' } });
  const make = async (code: string, kind: string, name: string) => {
    const unit = await t.prisma.unit.create({
      data: { code, name, kind, townId: town.id, contactPerson: `${name}联系人`, phone: '0519-86000000' },
    });
    await t.prisma.user.create({
      data: { username: `coord-${code}`, displayName: `${name}联络员`, roles: ['coordinator'], unitId: unit.id, passwordHash: hash },
    });
    return t.prisma.participation.create({
      data: {
        campaignId: t.fixture.campaignId,
        unitId: unit.id,
        machineId: 'participation',
        machineVersion: PARTICIPATION_MACHINE_VERSION,
        snapshot: initialSnapshot(participationMachine, unit.id) as object,
        state: 'invited',
      },
    });
  };
  const school = await make('H1', 'school', '湖塘实验小学');
  await make('H9', 'communityCentre', '湖塘镇社区教育中心');
  other = { schoolParticipationId: school.id, centreUser: 'coord-H9' };
  await t.prisma.unit.update({ where: { id: t.fixture.units.school.id }, data: { contactPerson: '张老师', phone: '13812345678' } });
});
afterAll(async () => {
  await t?.teardown();
});

const get = async (path: string, user: string) => t.http.get(path).set(await t.as(user));
const campaign = () => t.fixture.campaignId;

describe('a town centre’s scope', () => {
  it('is the town of a community education centre’s coordinator, and nobody else’s', async () => {
    expect(((await get('/api/town/scope', 'coord-C1')).body as TTownScope).town?.name).toBe('春江镇');
    expect(((await get('/api/town/scope', other.centreUser)).body as TTownScope).town?.name).toBe('湖塘镇');
    for (const user of ['coord-S1', 'coord-N1', 'organizer', 'approver'])
      expect((await get('/api/town/scope', user)).body, user).toEqual({ town: null });
  });
});

describe('the town’s units (本镇（街道）单位)', () => {
  it('lists the units of the centre’s own town only, with state, marks and each unit’s contact', async () => {
    const r = await get(`/api/campaigns/${campaign()}/town-units`, 'coord-C1');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const body = r.body as TTownUnitsResponse;
    expect(body.town.name).toBe('春江镇');
    expect(body.dueAt.plan).toBe(T.planDueAt.toISOString());
    expect(body.items.map((i) => i.unit.code)).toEqual(['C1', 'N1', 'S1']);
    expect(body.items.find((i) => i.unit.code === 'S1')).toMatchObject({
      state: 'invited',
      planOverdue: false,
      contactPerson: '张老师',
      phone: '13812345678',
    });
  });

  it('is refused (403) to a coordinator of another kind of unit, and to reviewers (not a town centre)', async () => {
    for (const user of ['coord-S1', 'coord-N1', 'approver', 'organizer'])
      expect((await get(`/api/campaigns/${campaign()}/town-units`, user)).status, user).toBe(403);
  });
});

describe('a town centre reading a participation', () => {
  it('opens a unit of its own town read-only: no step is offered to it', async () => {
    const r = await get(`/api/participations/${t.fixture.units.school.participationId}`, 'coord-C1');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const d = r.body as TParticipationDetail;
    expect(d.unit.code).toBe('S1');
    expect(d.allowedEvents).toEqual([]);
    expect((await get(`/api/participations/${t.fixture.units.school.participationId}/activities.xlsx`, 'coord-C1')).status).toBe(200);
  });

  it('is refused (403) a unit of another town, both ways', async () => {
    expect((await get(`/api/participations/${other.schoolParticipationId}`, 'coord-C1')).status).toBe(403);
    expect((await get(`/api/participations/${other.schoolParticipationId}/activities.xlsx`, 'coord-C1')).status).toBe(403);
    expect((await get(`/api/participations/${t.fixture.units.school.participationId}`, other.centreUser)).status).toBe(403);
    // Another unit's coordinator of the same town is no town centre.
    expect((await get(`/api/participations/${t.fixture.units.school.participationId}`, 'coord-N1')).status).toBe(403);
  });

  it('may not write to a unit of its town (403), and nothing changes', async () => {
    const id = t.fixture.units.school.participationId;
    const before = await t.detail(id);
    const auth = await t.as('coord-C1');
    expect(
      (await t.http.post(`/api/participations/${id}/events`).set(auth).send({ type: 'START_DRAFT', version: before.version })).status,
    ).toBe(403);
    expect(
      (await t.http.put(`/api/participations/${id}/plan`).set(auth).send({ text: '代填的方案', version: before.plan.version })).status,
    ).toBe(403);
    const activity = {
      title: '代填的活动',
      type: 'lecture',
      startsAt: '2017-10-24T01:00:00.000Z',
      endsAt: '2017-10-24T03:00:00.000Z',
      place: '礼堂',
      personInCharge: '王老师',
      audiences: ['elderly'],
    };
    expect((await t.http.post(`/api/participations/${id}/activities`).set(auth).send(activity)).status).toBe(403);
    const after = await t.detail(id);
    expect({ state: after.state, version: after.version, plan: after.plan.text, activities: after.activities.length }).toEqual({
      state: before.state,
      version: before.version,
      plan: before.plan.text,
      activities: before.activities.length,
    });
  });
});

describe('the escalation digest', () => {
  it('is one notice per town per day naming every late unit with its contact, however many instances race the job', async () => {
    t.clock.set(new Date(T.planDueAt.getTime() + 15 * 60_000));
    const second = await startApp(t.db, { clock: t.clock });
    try {
      const reports = await Promise.all([
        t.app.get(DeadlineService).tick(),
        second.app.get(DeadlineService).tick(),
        t.app.get(DeadlineService).tick(),
      ]);
      // One digest for each of the two towns, whichever instance wrote it.
      expect(reports.reduce((n, r) => n + r.escalations, 0)).toBe(2);
      expect(await t.prisma.townDigest.count()).toBe(2);
      const digests = await t.prisma.notification.findMany({
        where: { kind: 'townDigest' },
        include: { user: true },
        orderBy: { title: 'asc' },
      });
      expect(digests.map((n) => [n.user.username, n.title])).toEqual([
        ['coord-C1', '督办：春江镇有 2 家单位逾期未交，请督促提交'],
        ['coord-H9', '督办：湖塘镇有 1 家单位逾期未交，请督促提交'],
      ]);
      const chunjiang = digests[0]!.body.split('\n');
      expect(chunjiang).toEqual([
        '新北区某培训学校：实施方案和活动安排表已逾期 15 分钟（截止 2017年10月10日 23:59）；未登记联系人',
        '春江中心小学：实施方案和活动安排表已逾期 15 分钟（截止 2017年10月10日 23:59）；联系人：张老师，13812345678',
      ]);
      expect(digests[1]!.body).toBe(
        '湖塘实验小学：实施方案和活动安排表已逾期 15 分钟（截止 2017年10月10日 23:59）；联系人：湖塘实验小学联系人，0519-86000000',
      );

      // A restart the same (China) day sends none again; the next day, one more per town.
      t.clock.advance(3 * 3_600_000);
      expect((await second.app.get(DeadlineService).tick()).escalations).toBe(0);
      t.clock.set(new Date(T.planDueAt.getTime() + 24 * 3_600_000 + 60_000));
      const next = await Promise.all([t.app.get(DeadlineService).tick(), second.app.get(DeadlineService).tick()]);
      expect(next.reduce((n, r) => n + r.escalations, 0)).toBe(2);
      expect(await t.prisma.townDigest.count()).toBe(4);
      const latest = await t.prisma.notification.findFirstOrThrow({
        where: { kind: 'townDigest', user: { username: 'coord-C1' } },
        orderBy: { createdAt: 'desc' },
      });
      expect(latest.body).toContain('已逾期 1 天');
    } finally {
      await second.close();
    }
  });

  it('opens, from the centre’s bell, the late unit’s participation it names (no 无权查看)', async () => {
    // A day past the plans' due date, that day's digest sent (once, whichever test ran the job first).
    t.clock.set(new Date(T.planDueAt.getTime() + 24 * 3_600_000 + 60_000));
    await t.app.get(DeadlineService).tick();
    const list = (await get('/api/notifications', 'coord-C1')).body as { items: { kind: string; participationId: string | null }[] };
    expect(list.items.filter((n) => n.kind === 'townDigest').length).toBeGreaterThan(0);
    const units = (await get(`/api/campaigns/${campaign()}/town-units`, 'coord-C1')).body as TTownUnitsResponse;
    const late = units.items.filter((i) => i.planOverdue).map((i) => i.unit.code);
    // Late first (the centre itself among them in its list, though not in its digest), and each unit's page opens for the centre.
    expect(late).toEqual(['C1', 'N1', 'S1']);
    expect(units.items[0]!.planOverdue).toBe(true);
    for (const item of units.items) expect((await get(`/api/participations/${item.participationId}`, 'coord-C1')).status).toBe(200);
  });
});

describe('the preview of new dates', () => {
  it('counts the activities that would leave the week, the units overdue at once, and the dates moving; it changes nothing', async () => {
    t.clock.set(T.beforeDue);
    const { coordinator, participationId: id } = t.fixture.units.other;
    await t.event(id, coordinator, 'START_DRAFT');
    const add = async (title: string, startsAt: string, endsAt: string) =>
      t.http
        .post(`/api/participations/${id}/activities`)
        .set(await t.as(coordinator))
        .send({ title, type: 'lecture', startsAt, endsAt, place: '活动室', personInCharge: '王老师', audiences: ['elderly'] })
        .expect(201);
    await add('周二讲座', '2017-10-24T01:00:00.000Z', '2017-10-24T03:00:00.000Z');
    await add('周六讲座', '2017-10-28T01:00:00.000Z', '2017-10-28T03:00:00.000Z');
    const before = await t.prisma.campaign.findUniqueOrThrow({ where: { id: campaign() } });

    // The week starts four days later: the Tuesday lecture falls out; the plan is due a day earlier (still ahead).
    const query = {
      planDueAt: new Date(T.planDueAt.getTime() - 86_400_000).toISOString(),
      weekStartsAt: '2017-10-26T16:00:00.000Z',
      weekEndsAt: T.weekEndsAt.toISOString(),
      launchAt: '2017-10-27T01:00:00.000Z',
      summaryDueAt: T.summaryDueAt.toISOString(),
    };
    const r = await t.http
      .get(`/api/campaigns/${campaign()}/timeline-preview`)
      .query(query)
      .set(await t.as('organizer'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const p = r.body as TTimelinePreview;
    expect(p).toMatchObject({ activitiesOutside: 1, becomeOverdue: 0, unitsAffected: 1 });
    expect(p.activities).toEqual([{ unit: '新北区某培训学校', title: '周二讲座', startsAt: '2017-10-24T01:00:00.000Z' }]);
    expect(p.changes.map((c) => [c.key, c.from, c.to])).toEqual([
      ['planDueAt', T.planDueAt.toISOString(), query.planDueAt],
      ['weekStartsAt', T.weekStartsAt.toISOString(), query.weekStartsAt],
      ['launchAt', T.launchAt.toISOString(), query.launchAt],
    ]);

    // A plan deadline moved before now: the three units still owing the plan would be overdue at once.
    const past = await t.http
      .get(`/api/campaigns/${campaign()}/timeline-preview`)
      .query({ ...query, planDueAt: new Date(T.beforeDue.getTime() - 3_600_000).toISOString() })
      .set(await t.as('organizer'));
    expect(past.body).toMatchObject({ becomeOverdue: 5, unitsAffected: 5 });

    // The organizer's alone; and nothing was written.
    expect(
      (
        await t.http
          .get(`/api/campaigns/${campaign()}/timeline-preview`)
          .query(query)
          .set(await t.as('approver'))
      ).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .get(`/api/campaigns/${campaign()}/timeline-preview`)
          .query({ ...query, planDueAt: 'soon' })
          .set(await t.as('organizer'))
      ).status,
    ).toBe(400);
    const after = await t.prisma.campaign.findUniqueOrThrow({ where: { id: campaign() } });
    expect(after.version).toBe(before.version);
    expect(after.weekStartsAt).toEqual(before.weekStartsAt);
  });
});

describe('a return without its overall comment', () => {
  it('is refused on the comment field with the rule it breaks (not a condition of submitting), and nothing changes', async () => {
    const { participationId: id } = await t.newParticipation('planSubmitted');
    const { version } = await t.detail(id);
    const body = { type: 'RETURN_PLAN', version, comment: '  ', sectionComments: { schedule: '请写明面向对象和预计人数' } };
    const zh = await t.http
      .post(`/api/participations/${id}/events`)
      .set(await t.as('approver'))
      .send(body);
    expect(zh.status).toBe(422);
    expect(zh.body).toMatchObject({
      message: '提交的内容有误，请按提示修改',
      errors: [{ path: 'comment', message: '退回时须填写总体意见' }],
    });
    expect(JSON.stringify(zh.body)).not.toContain('提交条件');
    const en = await t.http
      .post(`/api/participations/${id}/events`)
      .set(await t.as('approver'))
      .set('Accept-Language', 'en')
      .send(body);
    expect(en.body.errors).toEqual([{ path: 'comment', message: 'Write an overall comment to return it' }]);
    expect(await t.detail(id)).toMatchObject({ state: 'planSubmitted', version });
  });
});
