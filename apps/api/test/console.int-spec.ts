import type { TDeadlineMatrixResponse, TStatusBoard } from '@learnweek/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineService } from '../src/modules/participation/deadlines/deadline.service.js';
import { setup, T } from './harness.js';

const DAY = 86_400_000;
let t: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  t = await setup();
});
afterAll(async () => {
  await t?.teardown();
});

const matrix = async (query = '') => {
  const r = await t.http.get(`/api/campaigns/${t.fixture.campaignId}/deadlines${query}`).set(await t.as('approver'));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as TDeadlineMatrixResponse;
};
const remind = (body: object, user = 'approver') =>
  t.as(user).then((h) => t.http.post(`/api/campaigns/${t.fixture.campaignId}/deadlines/reminders`).set(h).send(body));
const board = async (campaignId = t.fixture.campaignId) => {
  const r = await t.http.get(`/api/campaigns/${campaignId}/board`).set(await t.as('organizer'));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as TStatusBoard;
};
/** A school's one activity: a parents' lecture in the week. */
const addLecture = async (school: { participationId: string; coordinator: string }) =>
  t.http
    .post(`/api/participations/${school.participationId}/activities`)
    .set(await t.as(school.coordinator))
    .send({
      title: '家长讲座',
      type: 'lecture',
      startsAt: '2017-10-24T01:00:00.000Z',
      endsAt: '2017-10-24T02:00:00.000Z',
      place: '礼堂',
      personInCharge: '李',
    })
    .expect(201);
const notices = (kind: string) =>
  t.prisma.notification.findMany({ where: { kind }, include: { user: true }, orderBy: { createdAt: 'asc' } });

describe('deadline matrix', () => {
  it('shows units × deliverables, and only to organizer and approvers', async () => {
    const { school } = t.fixture.units;
    await t.event(school.participationId, school.coordinator, 'START_DRAFT');
    await addLecture(school);
    const m = await matrix();
    expect(m).toMatchObject({
      total: 3,
      current: 'plan',
      dueAt: { plan: T.planDueAt.toISOString(), summary: T.summaryDueAt.toISOString() },
    });
    const row = (id: string) => m.items.find((r) => r.participationId === id)!;
    expect(row(school.participationId)).toMatchObject({ state: 'drafting', coordinators: 1, activities: 1 });
    expect(row(school.participationId).cells).toEqual({
      plan: { status: 'drafting', late: false },
      schedule: { status: 'drafting', late: false },
      summary: { status: 'notOpen', late: false },
      photos: { status: 'notOpen', late: false },
    });
    expect(row(t.fixture.units.other.participationId).cells.schedule.status).toBe('missing');
    expect((await matrix('?kind=school')).items.map((r) => r.unit.code)).toEqual(['S1']);
    await t.http
      .get(`/api/campaigns/${t.fixture.campaignId}/deadlines`)
      .set(await t.as(school.coordinator))
      .expect(403);
    await remind({ deadline: 'plan' }, school.coordinator).then((r) => expect(r.status).toBe(403));
  });

  it('reminds each missing coordinator exactly once a day, all or the selected', async () => {
    const r1 = await remind({ deadline: 'plan' });
    expect(r1.status, JSON.stringify(r1.body)).toBe(200);
    expect(r1.body).toEqual({ units: 3, notified: 3, alreadyReminded: 0 });
    const first = await notices('deadlineReminder');
    expect(first.map((n) => n.user.username).sort()).toEqual(['coord-C1', 'coord-N1', 'coord-S1']);
    expect(first[0]!.title).toBe('实施方案和活动安排表将于 2017年10月10日 23:59 截止，请按时提交');

    // The same click again that day creates nothing.
    expect((await remind({ deadline: 'plan' })).body).toEqual({ units: 3, notified: 0, alreadyReminded: 3 });
    expect(await notices('deadlineReminder')).toHaveLength(3);

    // The next day, only the selected unit; a unit that has submitted is no longer "missing".
    t.clock.set(new Date(T.beforeDue.getTime() + DAY));
    const { school, other } = t.fixture.units;
    expect((await remind({ deadline: 'plan', participationIds: [school.participationId] })).body).toEqual({
      units: 1,
      notified: 1,
      alreadyReminded: 0,
    });
    expect((await remind({ deadline: 'summary', participationIds: [other.participationId] })).body).toEqual({
      units: 0,
      notified: 0,
      alreadyReminded: 0,
    });
    expect(await notices('deadlineReminder')).toHaveLength(4);
    // The matrix shows who was reminded when, newest first, and of which deadline.
    const rows = (await matrix()).items;
    const schoolRow = rows.find((r) => r.participationId === school.participationId)!;
    expect(schoolRow.reminders).toEqual([
      { at: new Date(T.beforeDue.getTime() + DAY).toISOString(), to: '春江中心小学联络员', deadline: 'plan' },
      { at: T.beforeDue.toISOString(), to: '春江中心小学联络员', deadline: 'plan' },
    ]);
    expect(rows.find((r) => r.participationId === other.participationId)!.reminders).toHaveLength(1);

    const bad = await remind({ deadline: 'photos', participationIds: ['x'] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('deadline');
  });

  it('marks overdue units red and escalates them to their town’s community education centre in one digest a day', async () => {
    t.clock.set(new Date(T.planDueAt.getTime() + 60_000));
    const report = await t.app.get(DeadlineService).tick();
    expect(report).toMatchObject({ overdueMarked: 3, escalations: 1 });
    const digests = await notices('townDigest');
    // The school and the training school, in one notice to the centre's coordinator; the centre not to itself.
    expect(digests.map((n) => n.user.username)).toEqual(['coord-C1']);
    expect(digests[0]!.title).toBe('督办：春江镇有 2 家单位逾期未交，请督促提交');
    expect(digests[0]!.body.split('\n')).toEqual([
      '新北区某培训学校：实施方案和活动安排表已逾期 1 分钟（截止 2017年10月10日 23:59）；未登记联系人',
      '春江中心小学：实施方案和活动安排表已逾期 1 分钟（截止 2017年10月10日 23:59）；未登记联系人',
    ]);
    expect(await notices('escalation')).toHaveLength(0);
    expect((await t.app.get(DeadlineService).tick()).escalations).toBe(0);
    const m = await matrix('?overdue=true');
    expect(m.total).toBe(3);
    expect(m.items.every((r) => r.cells.plan.status === 'overdue' && r.cells.summary.status === 'notOpen')).toBe(true);
  });
});

describe('status board', () => {
  it('counts participations by state, kind and town, late and overdue, and the week’s coverage', async () => {
    // A campaign of its own in a town of its own: a school drafting its plan with one activity, a
    // community centre and a training school not started; the plans' due date passed.
    t.clock.set(T.beforeDue);
    const { campaignId } = await t.newCampaign();
    const { id: townId } = await t.prisma.town.create({ data: { name: '看板镇' } });
    const school = await t.newParticipation('drafting', { campaignId, kind: 'school', townId, activities: 0 });
    await addLecture(school);
    const centre = await t.newParticipation('invited', { campaignId, kind: 'communityCentre', townId, activities: 0 });
    await t.newParticipation('invited', { campaignId, kind: 'nonDegree', townId, activities: 0 });
    t.clock.set(new Date(T.planDueAt.getTime() + 60_000));
    await t.app.get(DeadlineService).tick();

    const b = await board(campaignId);
    expect(b).toMatchObject({
      total: 3,
      byState: { drafting: 1, invited: 2 },
      overdue: { plan: 3, summary: 0 },
      late: { plan: 0, summary: 0 },
      activities: { planned: 1, held: 0, cancelled: 0, expectedParticipants: 0, actualParticipants: 0 },
      fourOnes: { units: 1, complete: 0 },
      freeClasses: { units: 1, complete: 0, classes: 0 },
    });
    expect(b.byTown).toEqual([{ key: '看板镇', total: 3, byState: { drafting: 1, invited: 2 }, late: 0, overdue: 3 }]);
    expect(b.byKind.map((g) => [g.key, g.total]).sort()).toEqual([
      ['communityCentre', 1],
      ['nonDegree', 1],
      ['school', 1],
    ]);

    await t.event(centre.participationId, centre.coordinator, 'START_DRAFT');
    await t.http
      .post(`/api/participations/${centre.participationId}/activities`)
      .set(await t.as(centre.coordinator))
      // A 惠民免费培训班 is free by its type, with the switch left off.
      .send({
        title: '老年人智能手机课',
        type: 'freeClass',
        startsAt: '2017-10-24T01:00:00.000Z',
        endsAt: '2017-10-24T03:00:00.000Z',
        place: '活动室',
        personInCharge: '王',
        audiences: ['elderly'],
        free: false,
        expectedParticipants: 30,
      })
      .expect(201);
    const after = await board(campaignId);
    expect(after.byState).toEqual({ drafting: 2, invited: 1 });
    expect(after.freeClasses).toEqual({ units: 1, complete: 1, classes: 1 });
    expect(after.audiences).toEqual({ elderly: 1 });
    expect(after.activities.expectedParticipants).toBe(30);
    await t.http
      .get(`/api/campaigns/${campaignId}/board`)
      .set(await t.as(centre.coordinator))
      .expect(403);
  });
});
