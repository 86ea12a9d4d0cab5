import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { DeadlineService } from '../src/modules/participation/deadlines/deadline.service.js';
import { DeadlineCron } from '../src/modules/participation/deadlines/deadline.cron.js';
import { bearer, setup, startApp, T } from './harness.js';

const DAY = 86_400_000;
let t: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  t = await setup();
});
afterAll(async () => {
  await t?.teardown();
});

async function approvePlan(id: string, coordinator: string, types: string[]) {
  const coord = bearer(await t.login(coordinator));
  const version = async () => (await t.http.get(`/api/participations/${id}`).set(coord)).body.version as number;
  const send = async (who: Record<string, string>, type: string) =>
    t.http
      .post(`/api/participations/${id}/events`)
      .set(who)
      .send({ type, version: await version() })
      .expect(200);
  await send(coord, 'START_DRAFT');
  await t.http.put(`/api/participations/${id}/plan`).set(coord).send({ text: '方案', version: 1 }).expect(200);
  for (const type of types) {
    await t.http
      .post(`/api/participations/${id}/activities`)
      .set(coord)
      .send({
        title: type,
        type,
        startsAt: '2017-10-24T01:00:00.000Z',
        endsAt: '2017-10-24T02:00:00.000Z',
        place: '礼堂',
        personInCharge: '李',
        audiences: ['elderly'],
        free: true,
      })
      .expect(201);
  }
  await send(coord, 'SUBMIT_PLAN');
  await send(bearer(await t.login('approver')), 'APPROVE_PLAN');
}

describe('deadlines and timed transitions', () => {
  it('reminds 3 days and 1 day before the plan deadline, once each, to units that have not submitted', async () => {
    const deadlines = t.app.get(DeadlineService);
    t.clock.set(new Date(T.planDueAt.getTime() - 4 * DAY));
    expect((await deadlines.tick()).reminders).toBe(0);
    t.clock.set(new Date(T.planDueAt.getTime() - 3 * DAY + 60_000));
    expect((await deadlines.tick()).reminders).toBe(3);
    expect((await deadlines.tick()).reminders).toBe(0);
    t.clock.set(new Date(T.planDueAt.getTime() - DAY + 60_000));
    expect((await deadlines.tick()).reminders).toBe(3);
    const n = await t.prisma.notification.findMany({ where: { kind: 'deadlineReminder' } });
    expect(n).toHaveLength(6);
    expect(n[0]!.title).toContain('2017年10月10日');
  });

  it('marks overdue at the deadline, follows an edited due date, and clears on submission', async () => {
    const deadlines = t.app.get(DeadlineService);
    t.clock.set(new Date(T.planDueAt.getTime() + 60_000));
    expect((await deadlines.tick()).overdueMarked).toBe(3);
    expect(await t.prisma.participation.count({ where: { planOverdueAt: { not: null } } })).toBe(3);
    // The bureau extends the deadline by two days: the marks go, and come back when it passes.
    await t.prisma.campaign.update({ where: { id: t.fixture.campaignId }, data: { planDueAt: new Date(T.planDueAt.getTime() + 2 * DAY) } });
    expect((await deadlines.tick()).overdueCleared).toBe(3);
    expect(await t.prisma.participation.count({ where: { planOverdueAt: { not: null } } })).toBe(0);
    t.clock.set(new Date(T.planDueAt.getTime() + 2 * DAY + 60_000));
    expect((await deadlines.tick()).overdueMarked).toBe(3);
    const list = await t.http
      .get(`/api/campaigns/${t.fixture.campaignId}/participations?overdue=true`)
      .set(bearer(await t.login('approver')));
    expect(list.body.total).toBe(3);
    const overdueNotices = await t.prisma.notification.count({ where: { kind: 'overdue' } });
    expect(overdueNotices).toBe(6); // one per unit for each due date it passed

    // A late submission clears the mark and carries the late flag.
    await approvePlan(t.fixture.units.centre.participationId, t.fixture.units.centre.coordinator, ['freeClass']);
    await deadlines.tick();
    const centre = await t.prisma.participation.findUniqueOrThrow({ where: { id: t.fixture.units.centre.participationId } });
    expect(centre).toMatchObject({ planOverdueAt: null, latePlan: true, state: 'planApproved' });
  });

  it('after a downtime across weekStartsAt, two instances starting together fire WEEK_STARTED exactly once', async () => {
    // Two approved plans: a unit of its own, and the training school's approved now.
    const own = await t.newParticipation('planApproved');
    await approvePlan(t.fixture.units.other.participationId, t.fixture.units.other.coordinator, ['training']);
    await t.close(); // the service is down while the week begins
    const clock = new ManualClock(new Date(T.weekStartsAt.getTime() + 3_600_000));
    const [a, b] = await Promise.all([startApp(t.db, { clock, scheduler: true }), startApp(t.db, { clock, scheduler: true })]);
    // Both ran their start-up catch-up; run both crons once more at the same moment.
    await Promise.all([a.app.get(DeadlineCron).run(), b.app.get(DeadlineCron).run()]);
    const approved = [own.participationId, t.fixture.units.other.participationId];
    const rows = await t.prisma.participation.findMany({ where: { id: { in: approved } } });
    expect(rows.map((r) => r.state)).toEqual(['weekRunning', 'weekRunning']);
    for (const id of approved) {
      expect(await t.prisma.transition.count({ where: { participationId: id, event: 'WEEK_STARTED' } })).toBe(1);
    }
    await Promise.all([a.close(), b.close()]);
    t.close = async () => {};
  });
});
