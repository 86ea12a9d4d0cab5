import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineService } from '../src/modules/participation/deadlines/deadline.service.js';
import { bearer, setup, T } from './harness.js';

let t: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  t = await setup();
});
afterAll(async () => {
  await t?.teardown();
});

async function send(id: string, user: string, type: string, extra: Record<string, unknown> = {}) {
  const { version } = await t.detail(id, user);
  return t.http
    .post(`/api/participations/${id}/events`)
    .set(bearer(await t.login(user)))
    .send({ type, version, ...extra });
}

const activity = (type: string, extra: Record<string, unknown> = {}) => ({
  title: `${type} 活动`,
  type,
  startsAt: '2017-10-24T01:00:00.000Z',
  endsAt: '2017-10-24T03:00:00.000Z',
  place: '学校报告厅',
  personInCharge: '王老师',
  phone: '0519-85123456',
  audiences: ['students'],
  ...extra,
});

async function addActivities(id: string, user: string, rows: Record<string, unknown>[]) {
  const ids: string[] = [];
  for (const row of rows) {
    const r = await t.http
      .post(`/api/participations/${id}/activities`)
      .set(bearer(await t.login(user)))
      .send(row);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids.push(r.body.id as string);
  }
  return ids;
}

async function wholeWay(id: string, coord: string, rows: Record<string, unknown>[]) {
  t.clock.set(T.beforeDue);
  await t.event(id, coord, 'START_DRAFT');
  const plan = await t.http
    .put(`/api/participations/${id}/plan`)
    .set(bearer(await t.login(coord)))
    .send({ text: '实施方案正文', leadingBody: '领导小组', version: 1 });
  expect(plan.status).toBe(200);
  const activityIds = await addActivities(id, coord, rows);
  await t.event(id, coord, 'SUBMIT_PLAN');
  await t.event(id, 'approver', 'RETURN_PLAN', { comment: '请补充预算说明', sectionComments: { plan: '预算说明缺失' } });
  const returned = await t.detail(id, coord);
  expect(returned.state).toBe('planReturned');
  expect(returned.allowedEvents).toEqual(['SUBMIT_PLAN']);
  await t.http
    .put(`/api/participations/${id}/plan`)
    .set(bearer(await t.login(coord)))
    .send({ budgetNote: '公用经费列支', version: returned.plan.version })
    .expect(200);
  await t.event(id, coord, 'SUBMIT_PLAN');
  expect((await t.event(id, 'approver', 'APPROVE_PLAN')).state).toBe('planApproved');

  t.clock.set(T.inWeek);
  const ticked = await t.app.get(DeadlineService).tick();
  expect(ticked.weekStarted).toBeGreaterThanOrEqual(1);
  expect((await t.detail(id, coord)).state).toBe('weekRunning');
  const held = await t.http
    .put(`/api/participations/${id}/activities/${activityIds[0]}`)
    .set(bearer(await t.login(coord)))
    .send({ status: 'held', actualParticipants: 120, report: '顺利举办', version: 1 });
  expect(held.status, JSON.stringify(held.body)).toBe(200);
  expect(held.body).toMatchObject({ status: 'held', actualParticipants: 120 });
  // The district's ticker hears of it through the outbox.
  const ticker = await t.prisma.outboxEvent.findMany({ where: { type: 'activity.held' } });
  expect(ticker.map((e) => e.data)).toContainEqual(expect.objectContaining({ activityId: activityIds[0], actualParticipants: 120 }));

  t.clock.set(T.afterWeek);
  await t.app.get(DeadlineService).tick();
  expect((await t.detail(id, coord)).state).toBe('summaryDue');
  await t.http
    .put(`/api/participations/${id}/summary`)
    .set(bearer(await t.login(coord)))
    .send({ text: '活动总结', activitiesHeld: 1, participants: 120, version: 1 })
    .expect(200);
  // No photos and no disc: the guard says why.
  const refused = await send(id, coord, 'SUBMIT_SUMMARY');
  expect(refused.status).toBe(422);
  expect(refused.body.problems).toEqual([expect.objectContaining({ code: 'photosCount', count: 0, required: 3 })]);
  await t.prisma.summary.update({ where: { participationId: id }, data: { discDelivered: true } });
  await t.event(id, coord, 'SUBMIT_SUMMARY');
  await t.event(id, 'approver', 'RETURN_SUMMARY', { comment: '参与人数请核对' });
  await t.event(id, coord, 'SUBMIT_SUMMARY');
  expect((await t.event(id, 'approver', 'ACCEPT_SUMMARY')).state).toBe('reviewed');

  const done = await t.detail(id, 'organizer');
  expect(done.history.map((h) => [h.event, h.from, h.to])).toEqual([
    ['START_DRAFT', 'invited', 'drafting'],
    ['SUBMIT_PLAN', 'drafting', 'planSubmitted'],
    ['RETURN_PLAN', 'planSubmitted', 'planReturned'],
    ['SUBMIT_PLAN', 'planReturned', 'planSubmitted'],
    ['APPROVE_PLAN', 'planSubmitted', 'planApproved'],
    ['WEEK_STARTED', 'planApproved', 'weekRunning'],
    ['WEEK_ENDED', 'weekRunning', 'summaryDue'],
    ['SUBMIT_SUMMARY', 'summaryDue', 'summarySubmitted'],
    ['RETURN_SUMMARY', 'summarySubmitted', 'summaryReturned'],
    ['SUBMIT_SUMMARY', 'summaryReturned', 'summarySubmitted'],
    ['ACCEPT_SUMMARY', 'summarySubmitted', 'reviewed'],
  ]);
  expect(done.history[2]).toMatchObject({ actor: '审核人甲', comment: '请补充预算说明', sectionComments: { plan: '预算说明缺失' } });
  expect(done.history[5]).toMatchObject({ actor: 'scheduler' });
  expect(done.history[0]!.actor).toContain('联络员');
  expect(done.planRevisions.map((r) => r.revision)).toEqual([2, 1]);
  expect(done.planRevisions[1]).toMatchObject({ budgetNote: '' });
  expect(done.planRevisions[0]).toMatchObject({ budgetNote: '公用经费列支' });
  expect(done.planRevisions[0]!.activities).toHaveLength(rows.length);
  expect(done.summaryRevisions).toHaveLength(2);
  expect(done.allowedEvents).toEqual([]);
  const outbox = await t.prisma.outboxEvent.findMany({ where: { type: 'participation.transitioned' }, orderBy: { seq: 'asc' } });
  expect(outbox.filter((o) => (o.data as { participationId: string }).participationId === id)).toHaveLength(11);
  const notices = await t.prisma.notification.findMany({ where: { participationId: id }, orderBy: { createdAt: 'asc' } });
  const review = ['planReturned', 'planApproved', 'summaryReturned', 'summaryAccepted'];
  // Each review step told the unit once (steps at the same clock time have no order among their notices).
  expect(
    notices
      .map((n) => n.kind)
      .filter((k) => review.includes(k))
      .sort(),
  ).toEqual([...review].sort());
  // Each submission told the approver.
  expect(
    notices
      .filter((n) => n.kind === 'planSubmitted' || n.kind === 'summarySubmitted')
      .map((n) => n.kind)
      .sort(),
  ).toEqual(['planSubmitted', 'planSubmitted', 'summarySubmitted', 'summarySubmitted']);
  // The week ended two days before the summary deadline: a reminder went out, once.
  expect(notices.filter((n) => n.kind === 'deadlineReminder' && n.title.includes('活动总结'))).toHaveLength(1);
}

describe('the participation workflow end to end', () => {
  it('takes a school the whole way, with history, revisions, outbox and notices', async () => {
    const { participationId, coordinator } = t.fixture.units.school;
    await wholeWay(
      participationId,
      coordinator,
      ['lecture', 'classMeeting', 'poster', 'volunteer'].map((x) => activity(x)),
    );
  });

  it('takes a community centre the whole way', async () => {
    const { participationId, coordinator } = t.fixture.units.centre;
    await wholeWay(participationId, coordinator, [activity('freeClass', { free: true, audiences: ['elderly', 'migrantWorkers'] })]);
  });
});

describe('guards answer 422 with reasons in the caller’s language', () => {
  it('refuses a school plan without a theme class meeting, and a centre without a free class', async () => {
    t.clock.set(T.beforeDue);
    const db = t.prisma;
    // Fresh participations of a school and a centre, so that the fixture's units keep their history.
    const town = await db.town.findFirstOrThrow();
    const mk = async (code: string, kind: 'school' | 'communityCentre') => {
      const unit = await db.unit.create({ data: { code, name: code, kind, townId: town.id } });
      const coord = await db.user.findFirstOrThrow({ where: { username: 'coord-S1' } });
      await db.user.create({
        data: { username: `coord-${code}`, displayName: code, roles: ['coordinator'], unitId: unit.id, passwordHash: coord.passwordHash },
      });
      const { initialSnapshot, participationMachine } = await import('@learnweek/workflow');
      const p = await db.participation.create({
        data: {
          campaignId: t.fixture.campaignId,
          unitId: unit.id,
          machineId: 'participation',
          machineVersion: 1,
          snapshot: initialSnapshot(participationMachine, unit.id) as object,
          state: 'invited',
        },
      });
      return { id: p.id, coord: `coord-${code}` };
    };
    const school = await mk('S9', 'school');
    await t.event(school.id, school.coord, 'START_DRAFT');
    await t.http
      .put(`/api/participations/${school.id}/plan`)
      .set(bearer(await t.login(school.coord)))
      .send({ text: '方案', version: 1 })
      .expect(200);
    await addActivities(
      school.id,
      school.coord,
      ['lecture', 'poster', 'volunteer'].map((x) => activity(x)),
    );
    const r = await send(school.id, school.coord, 'SUBMIT_PLAN');
    expect(r.status).toBe(422);
    expect(r.body.problems).toEqual([{ code: 'fourOnesMissing', missing: ['classMeeting'], message: '学校须覆盖“四个一”：缺少主题班会' }]);
    const en = await t.http
      .post(`/api/participations/${school.id}/events`)
      .set({ ...bearer(await t.login(school.coord)), 'Accept-Language': 'en' })
      .send({ type: 'SUBMIT_PLAN', version: r.body.version ?? 2 });
    expect(en.status).toBe(422);
    expect(en.body.problems[0].message).toBe('Schools must cover the "four ones": missing Theme class meeting');
    const d = await t.detail(school.id, school.coord);
    expect(d.problems.map((p) => p.code)).toEqual(['fourOnesMissing']);
    expect(d.allowedEvents).toEqual([]);

    const centre = await mk('C9', 'communityCentre');
    await t.event(centre.id, centre.coord, 'START_DRAFT');
    await t.http
      .put(`/api/participations/${centre.id}/plan`)
      .set(bearer(await t.login(centre.coord)))
      .send({ text: '方案', version: 1 })
      .expect(200);
    await addActivities(centre.id, centre.coord, [activity('freeClass', { free: true, audiences: ['students'] })]);
    const c = await send(centre.id, centre.coord, 'SUBMIT_PLAN');
    expect(c.status).toBe(422);
    expect(c.body.problems.map((p: { code: string }) => p.code)).toEqual(['freeClassMissing']);
    // Nothing was frozen by the refused submissions.
    expect(await db.planRevision.count({ where: { participationId: { in: [school.id, centre.id] } } })).toBe(0);
  });
});

describe('concurrency', () => {
  it('applies exactly one of 50 concurrent APPROVE_PLAN/RETURN_PLAN; the others get 409', async () => {
    t.clock.set(T.beforeDue);
    const { participationId: id, coordinator } = t.fixture.units.other;
    await t.event(id, coordinator, 'START_DRAFT');
    await t.http
      .put(`/api/participations/${id}/plan`)
      .set(bearer(await t.login(coordinator)))
      .send({ text: '方案', version: 1 })
      .expect(200);
    await addActivities(id, coordinator, [activity('training')]);
    await t.event(id, coordinator, 'SUBMIT_PLAN');
    const { version } = await t.detail(id, 'approver');
    const token = await t.login('approver');
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.http
          .post(`/api/participations/${id}/events`)
          .set(bearer(token))
          .send(i % 2 ? { type: 'APPROVE_PLAN', version } : { type: 'RETURN_PLAN', version, comment: `意见 ${i}` }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const rows = await t.prisma.transition.findMany({ where: { participationId: id, event: { in: ['APPROVE_PLAN', 'RETURN_PLAN'] } } });
    expect(rows).toHaveLength(1);
    const after = await t.detail(id, 'approver');
    expect(after.version).toBe(version + 1);
  });
});

describe('who may do what', () => {
  it('keeps a coordinator of unit A out of every read and write of unit B', async () => {
    t.clock.set(T.beforeDue);
    const a = await t.login(t.fixture.units.school.coordinator);
    const { participationId: b, activityId: bActivity } = await t.newParticipation('drafting', { kind: 'communityCentre' });
    const calls: [string, () => ReturnType<typeof t.http.get>][] = [
      ['read', () => t.http.get(`/api/participations/${b}`)],
      ['plan', () => t.http.put(`/api/participations/${b}/plan`).send({ text: 'x', version: 1 })],
      ['add activity', () => t.http.post(`/api/participations/${b}/activities`).send(activity('lecture'))],
      ['edit activity', () => t.http.put(`/api/participations/${b}/activities/${bActivity}`).send({ title: 'x', version: 1 })],
      ['delete activity', () => t.http.delete(`/api/participations/${b}/activities/${bActivity}`)],
      ['summary', () => t.http.put(`/api/participations/${b}/summary`).send({ text: 'x', version: 1 })],
      ['event', () => t.http.post(`/api/participations/${b}/events`).send({ type: 'SUBMIT_PLAN', version: 1 })],
    ];
    for (const [what, call] of calls) {
      const r = await call().set(bearer(a));
      expect([403, 404], what).toContain(r.status);
    }
    expect(await t.prisma.activity.count({ where: { participationId: b, title: 'x' } })).toBe(0);
    // The campaign list shows a coordinator their own unit only.
    const mine = await t.http.get(`/api/campaigns/${t.fixture.campaignId}/participations`).set(bearer(a));
    expect(mine.body.items.map((i: { unit: { code: string } }) => i.unit.code)).toEqual(['S1']);
  });

  it('does not let an approver submit a plan nor a coordinator approve', async () => {
    const id = t.fixture.units.school.participationId;
    expect((await send(id, 'approver', 'SUBMIT_PLAN')).status).toBe(403);
    expect((await send(id, t.fixture.units.school.coordinator, 'APPROVE_PLAN')).status).toBe(403);
  });

  it('lets a kiosk token reach nothing but its own routes', async () => {
    const { createHash } = await import('node:crypto');
    await t.prisma.kioskDevice.create({
      data: { campaignId: t.fixture.campaignId, name: '大屏', tokenHash: createHash('sha256').update('kiosk-secret-token').digest('hex') },
    });
    const kiosk = bearer('kiosk-secret-token');
    for (const path of [
      '/api/campaigns',
      `/api/campaigns/${t.fixture.campaignId}/participations`,
      `/api/participations/${t.fixture.units.school.participationId}`,
      '/api/notifications',
    ]) {
      expect((await t.http.get(path).set(kiosk)).status, path).toBe(403);
    }
    expect(
      (
        await t.http
          .post(`/api/participations/${t.fixture.units.school.participationId}/events`)
          .set(kiosk)
          .send({ type: 'APPROVE_PLAN', version: 1 })
      ).status,
    ).toBe(403);
    expect((await t.http.get('/api/campaigns').set(bearer('not-a-token'))).status).toBe(401);
    const wall = await t.http.get('/api/kiosk/wall').set(kiosk);
    expect(wall.status).toBe(200);
    expect(wall.body).toMatchObject({ campaignId: t.fixture.campaignId, title: '2017年全民终身学习推进周' });
    expect((await t.http.get('/api/kiosk/wall').set(bearer(await t.login('organizer')))).status).toBe(403);
  });

  it('an action that changes nothing never reports success', async () => {
    const { participationId: id } = await t.newParticipation('reviewed');
    const r = await send(id, 'approver', 'ACCEPT_SUMMARY');
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('eventNotAllowed');
    const stale = await t.http
      .post(`/api/participations/${id}/events`)
      .set(bearer(await t.login('approver')))
      .send({ type: 'ACCEPT_SUMMARY', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('staleVersion');
  });
});

describe('lists and filters', () => {
  it('pages and filters participations for approvers', async () => {
    // A campaign of its own: five units in four states.
    const { campaignId } = await t.newCampaign();
    const done = [await t.newParticipation('reviewed', { campaignId }), await t.newParticipation('reviewed', { campaignId })];
    const school = await t.newParticipation('drafting', { campaignId, kind: 'school' });
    await t.newParticipation('planSubmitted', { campaignId });
    await t.newParticipation('invited', { campaignId, kind: 'communityCentre' });
    const token = bearer(await t.login('approver'));
    const all = await t.http.get(`/api/campaigns/${campaignId}/participations?pageSize=2`).set(token);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(5);
    expect(all.body.items).toHaveLength(2);
    const reviewed = await t.http.get(`/api/campaigns/${campaignId}/participations?state=reviewed`).set(token);
    expect(reviewed.body.items.map((i: { unit: { code: string } }) => i.unit.code).sort()).toEqual(done.map((d) => d.code).sort());
    const schools = await t.http.get(`/api/campaigns/${campaignId}/participations?kind=school&q=${school.code}`).set(token);
    expect(schools.body.items.map((i: { unit: { code: string } }) => i.unit.code)).toEqual([school.code]);
    const town = await t.http.get(`/api/campaigns/${campaignId}/participations?town=${encodeURIComponent('孟河镇')}`).set(token);
    expect(town.body.total).toBe(0);
  });
});

describe('bad input never answers 5xx', () => {
  it('answers 4xx with field-level messages', async () => {
    const coord = bearer(await t.login(t.fixture.units.other.coordinator));
    const id = t.fixture.units.other.participationId;
    const cases: [string, string, unknown, number][] = [
      ['post', `/api/participations/${id}/events`, { type: 'NOPE', version: 1 }, 400],
      ['post', `/api/participations/${id}/events`, { type: 'SUBMIT_PLAN', version: 'x' }, 400],
      ['post', `/api/participations/${id}/events`, {}, 400],
      ['post', `/api/participations/${id}/events`, { type: 'SUBMIT_PLAN', version: 1, extra: true }, 400],
      ['put', `/api/participations/${id}/plan`, { text: 'x'.repeat(30_000), version: 1 }, 400],
      ['put', `/api/participations/${id}/plan`, { text: 42, version: 1 }, 400],
      ['post', `/api/participations/${id}/activities`, { ...activity('lecture'), endsAt: '2017-10-23T00:00:00.000Z' }, 400],
      ['post', `/api/participations/${id}/activities`, { ...activity('lecture'), phone: '12345' }, 400],
      ['post', `/api/participations/${id}/activities`, { ...activity('lecture'), audiences: ['aliens'] }, 400],
      ['get', '/api/participations/not-a-uuid', undefined, 400],
      ['get', '/api/participations/00000000-0000-4000-8000-000000000000', undefined, 404],
      ['get', `/api/campaigns/${t.fixture.campaignId}/participations?page=-1`, undefined, 400],
      ['post', '/api/auth/login', { username: '' }, 400],
    ];
    const approver = bearer(await t.login('approver'));
    for (const [method, path, body, status] of cases) {
      const req =
        method === 'get'
          ? t.http.get(path)
          : method === 'put'
            ? t.http.put(path).send(body as object)
            : t.http.post(path).send(body as object);
      const r = await req.set(path.includes('/participations?') || path.endsWith('participations?page=-1') ? approver : coord);
      expect(r.status, `${method} ${path} ${JSON.stringify(r.body)}`).toBe(status);
      expect(typeof r.body.message).toBe('string');
    }
    const phone = await t.http
      .post(`/api/participations/${id}/activities`)
      .set(coord)
      .send({ ...activity('lecture'), phone: '12345' });
    expect(phone.body.errors).toEqual([{ path: 'phone', message: expect.stringContaining('有效的手机号') }]);
    const ends = await t.http
      .post(`/api/participations/${id}/activities`)
      .set(coord)
      .send({ ...activity('lecture'), endsAt: '2017-10-23T00:00:00.000Z' });
    expect(ends.body.errors).toEqual([{ path: 'endsAt', message: '结束时间不能早于开始时间' }]);
    const malformed = await t.http
      .put(`/api/participations/${id}/plan`)
      .set({ ...coord, 'Content-Type': 'application/json' })
      .send('{"text": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('malformedJson');
    const huge = await t.http
      .put(`/api/participations/${id}/plan`)
      .set({ ...coord, 'Content-Type': 'application/json' })
      .send(JSON.stringify({ text: 'x'.repeat(2_000_000) }));
    expect(huge.status).toBe(413);
    // Edits outside the editable states are refused, nothing changed.
    const approved = await t.newParticipation('planApproved');
    const before = await t.prisma.plan.findUniqueOrThrow({ where: { participationId: approved.participationId } });
    const frozen = await t.http
      .put(`/api/participations/${approved.participationId}/plan`)
      .set(bearer(await t.login(approved.coordinator)))
      .send({ text: 'changed', version: before.version });
    expect(frozen.status).toBe(409);
    expect((await t.prisma.plan.findUniqueOrThrow({ where: { participationId: approved.participationId } })).text).toBe(before.text);
  });
});
