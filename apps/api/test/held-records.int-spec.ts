import type { TActivity, TActivityRecordsResponse, TCampaign, TPublicActivities } from '@learnweek/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineService } from '../src/modules/participation/deadlines/deadline.service.js';
import { setup, T } from './harness.js';

// docs/PRODUCT.md §3 "Held, cancelled, corrected" and §6 "The public calendar".
let t: Awaited<ReturnType<typeof setup>>;
type Key = 'free' | 'threeDays' | 'pupils' | 'open' | 'dropped' | 'classMeeting';

const row = (title: string, type: string, startsAt: string, endsAt: string, audiences: string[], extra: Record<string, unknown> = {}) => ({
  title,
  type,
  startsAt,
  endsAt,
  audiences,
  place: '社区教育中心',
  personInCharge: '王老师',
  phone: '0519-85123456',
  ...extra,
});
const ROWS: Record<Key, ReturnType<typeof row>> = {
  free: row('老年人智能手机课', 'freeClass', '2017-10-24T01:00:00.000Z', '2017-10-24T03:00:00.000Z', ['elderly'], { free: true }),
  // 10月26日 08:00 to 10月28日 17:00, China time.
  threeDays: row('社区读书节', 'reading', '2017-10-26T00:00:00.000Z', '2017-10-28T09:00:00.000Z', ['residents']),
  pupils: row('各班手抄报', 'poster', '2017-10-25T01:00:00.000Z', '2017-10-25T03:00:00.000Z', ['students']),
  open: row('家庭教育讲座', 'lecture', '2017-10-25T06:00:00.000Z', '2017-10-25T08:00:00.000Z', []),
  dropped: row('书法体验课', 'training', '2017-10-27T01:00:00.000Z', '2017-10-27T03:00:00.000Z', ['residents', 'students']),
  classMeeting: row('终身学习主题班会', 'classMeeting', '2017-10-27T06:00:00.000Z', '2017-10-27T07:00:00.000Z', ['residents']),
};

/** A drafting participation given the six rows above (through the API) and its plan approved; with what its tests call. */
async function withRows(pid: string, coord: string) {
  const ids = {} as Record<Key, string>;
  for (const [key, body] of Object.entries(ROWS)) {
    const r = await t.http
      .post(`/api/participations/${pid}/activities`)
      .set(await t.as(coord))
      .send(body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[key as Key] = (r.body as TActivity).id;
  }
  await t.event(pid, coord, 'SUBMIT_PLAN');
  expect((await t.event(pid, 'approver', 'APPROVE_PLAN')).state).toBe('planApproved');
  return {
    pid,
    coord,
    ids,
    put: async (activityId: string, body: Record<string, unknown>, user = coord) =>
      t.http
        .put(`/api/participations/${pid}/activities/${activityId}`)
        .set(await t.as(user))
        .send(body),
    current: async (activityId: string) => (await t.detail(pid, coord)).activities.find((a) => a.id === activityId)!,
    records: async (activityId: string, user = coord) =>
      t.http.get(`/api/participations/${pid}/activities/${activityId}/records`).set(await t.as(user)),
  };
}
type Centre = Awaited<ReturnType<typeof withRows>>;

/** A community centre of its own in a campaign of its own (whose public calendar shows only its rows), its six rows approved. */
async function ownCentre(): Promise<Centre & { campaignId: string }> {
  t.clock.set(T.beforeDue);
  const { campaignId } = await t.newCampaign();
  const unit = await t.newParticipation('drafting', { kind: 'communityCentre', activities: 0, campaignId });
  return { campaignId, ...(await withRows(unit.participationId, unit.coordinator)) };
}
/** The clock in the week (10月24日 10:00) and the scheduler's tick. */
async function inWeek() {
  t.clock.set(T.inWeek);
  await t.app.get(DeadlineService).tick();
}
/** After the week: the summary written, the disc delivered and the summary submitted. */
async function submitSummary(c: Centre) {
  t.clock.set(T.afterWeek);
  await t.app.get(DeadlineService).tick();
  await t.http
    .put(`/api/participations/${c.pid}/summary`)
    .set(await t.as(c.coord))
    .send({ text: '总结正文', version: 1 })
    .expect(200);
  await t.http
    .put(`/api/participations/${c.pid}/disc`)
    .set(await t.as('approver'))
    .send({ delivered: true })
    .expect(200);
  expect((await t.event(c.pid, c.coord, 'SUBMIT_SUMMARY')).state).toBe('summarySubmitted');
}
const calendar = async (campaignId: string) =>
  (await t.http.get(`/api/public/campaigns/${campaignId}/activities`).expect(200)).body as TPublicActivities;

// The fixture's community centre, with the six rows: the tests of its one record, in order.
let main: Centre;
let pid: string;
let coord: string;
let ids: Record<Key, string>;
const put = (...a: Parameters<Centre['put']>) => main.put(...a);
const current = (activityId: string) => main.current(activityId);
const records = (...a: Parameters<Centre['records']>) => main.records(...a);

beforeAll(async () => {
  t = await setup();
  ({ participationId: pid, coordinator: coord } = t.fixture.units.centre);
  t.clock.set(T.beforeDue);
  await t.event(pid, coord, 'START_DRAFT');
  await t.http
    .put(`/api/participations/${pid}/plan`)
    .set(await t.as(coord))
    .send({ text: '实施方案', version: 1 })
    .expect(200);
  main = await withRows(pid, coord);
  ids = main.ids;
});
afterAll(async () => {
  await t?.teardown();
});

describe('an activity cancelled', () => {
  it('needs a reason (400 on the field, in Chinese), once the plan is approved and before the week', async () => {
    const bare = await put(ids.dropped, { status: 'cancelled', version: 1 });
    expect(bare.status).toBe(400);
    expect(bare.body.errors).toEqual([{ path: 'cancelReason', message: '取消活动须填写原因' }]);
    const blank = await put(ids.dropped, { status: 'cancelled', cancelReason: '   ', version: 1 });
    expect(blank.status).toBe(400);
    // Another unit's coordinator and the approver may not.
    expect(
      (await put(ids.dropped, { status: 'cancelled', cancelReason: '场地检修', version: 1 }, t.fixture.units.school.coordinator)).status,
    ).toBe(403);
    expect((await put(ids.dropped, { status: 'cancelled', cancelReason: '场地检修', version: 1 }, 'approver')).status).toBe(403);

    const done = await put(ids.dropped, { status: 'cancelled', cancelReason: '场地检修', version: 1 });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'cancelled', cancelReason: '场地检修', version: 2 });
    // Being approved, the plan's fields stay as they are.
    expect((await put(ids.dropped, { place: '别处', version: 2 })).status).toBe(409);
    expect(
      (await records(ids.dropped)).body.items.map((r: { action: string; cancelReason: string | null }) => [r.action, r.cancelReason]),
    ).toEqual([['cancelled', '场地检修']]);
  });

  it('is kept so in the database: never without a reason', async () => {
    // In a campaign of its own, so that the public calendar keeps this file's rows.
    const own = await t.newParticipation('planApproved', await t.newCampaign());
    await t.prisma.activity.update({ where: { id: own.activityId }, data: { status: 'cancelled', cancelReason: '场地检修' } });
    await expect(t.prisma.activity.update({ where: { id: own.activityId }, data: { cancelReason: null } })).rejects.toThrow(
      /Activity_cancel_check/,
    );
    await expect(t.prisma.activity.update({ where: { id: ids.open }, data: { status: 'cancelled' } })).rejects.toThrow(
      /Activity_cancel_check/,
    );
  });
});

describe('an activity held', () => {
  beforeAll(async () => {
    await inWeek();
    expect((await t.detail(pid, coord)).state).toBe('weekRunning');
  });

  it('is recorded only from its start, by the server’s clock: before, 400 on the field', async () => {
    const early = await put(ids.threeDays, { status: 'held', actualParticipants: 30, version: 1 });
    expect(early.status).toBe(400);
    expect(early.body.errors).toEqual([{ path: 'status', message: '活动尚未开始，开始后才能登记为已举办' }]);
    const en = await t.http
      .put(`/api/participations/${pid}/activities/${ids.threeDays}`)
      .set(await t.as(coord))
      .set('Accept-Language', 'en')
      .send({ status: 'held', actualParticipants: 30, version: 1 });
    expect(en.body.errors).toEqual([
      { path: 'status', message: 'The activity has not started yet; it can be recorded as held once it starts' },
    ]);
    expect(await current(ids.threeDays)).toMatchObject({ status: 'planned', heldAt: null, version: 1 });
    // Nor behind the API's back.
    await expect(
      t.prisma.activity.update({ where: { id: ids.threeDays }, data: { status: 'held', actualParticipants: 1, heldAt: T.inWeek } }),
    ).rejects.toThrow(/Activity_held_check/);
  });

  it('with a report of several lines, corrected and withdrawn while the summary is not submitted; each change in its history', async () => {
    const held = await put(ids.free, { status: 'held', actualParticipants: 45, report: '顺利举办', version: 1 });
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect(held.body).toMatchObject({ status: 'held', actualParticipants: 45, heldAt: T.inWeek.toISOString(), version: 2 });

    t.clock.set(new Date(T.inWeek.getTime() + 3_600_000));
    const report = '上午讲解智能手机基本操作；\n下午分组练习扫码就医。\n\n学员反映很实用。';
    const corrected = await put(ids.free, { actualParticipants: 52, report, version: 2 });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    // The first moment it was held is kept; the lines are kept as typed.
    expect(corrected.body).toMatchObject({ status: 'held', actualParticipants: 52, report, heldAt: T.inWeek.toISOString(), version: 3 });
    // A stale copy is refused with the row as it is now.
    const stale = await put(ids.free, { actualParticipants: 1, version: 2 });
    expect(stale.status).toBe(409);
    expect(stale.body.current).toMatchObject({ actualParticipants: 52, version: 3 });

    const withdrawn = await put(ids.free, { status: 'planned', version: 3 });
    expect(withdrawn.body).toMatchObject({ status: 'planned', actualParticipants: null, report: null, heldAt: null, version: 4 });
    expect((await put(ids.free, { status: 'held', actualParticipants: 50, report: '补记：顺利举办', version: 4 })).status).toBe(200);

    const history = await records(ids.free);
    expect(history.status).toBe(200);
    expect((history.body as TActivityRecordsResponse).items.map((r) => [r.action, r.status, r.actualParticipants, r.report])).toEqual([
      ['held', 'held', 45, '顺利举办'],
      ['corrected', 'held', 52, report],
      ['withdrawn', 'planned', null, null],
      ['held', 'held', 50, '补记：顺利举办'],
    ]);
    expect((history.body as TActivityRecordsResponse).items[0]).toMatchObject({
      actorLabel: '春江镇社区教育中心联络员',
      at: T.inWeek.toISOString(),
    });
    // The approver and the organizer read it; another unit's coordinator does not.
    expect((await records(ids.free, 'approver')).status).toBe(200);
    expect((await records(ids.free, t.fixture.units.school.coordinator)).status).toBe(403);
    // The history is never rewritten.
    await expect(
      t.prisma.$executeRaw`UPDATE "ActivityRecord" SET "actualParticipants" = 0 WHERE "activityId" = ${ids.free}::uuid`,
    ).rejects.toThrow(/ActivityRecord is append-only/);
  });

  it('a cancellation is reinstated, then the activity held once it has started', async () => {
    // A unit of its own in the week (another campaign), its one activity (from 10月23日 01:00) cancelled.
    const own = await t.newParticipation('weekRunning', await t.newCampaign());
    const ownPut = async (body: Record<string, unknown>) =>
      t.http
        .put(`/api/participations/${own.participationId}/activities/${own.activityId}`)
        .set(await t.as(own.coordinator))
        .send(body);
    t.clock.set(T.inWeek);
    expect((await ownPut({ status: 'cancelled', cancelReason: '场地检修', version: 1 })).status).toBe(200);
    const back = await ownPut({ status: 'planned', version: 2 });
    expect(back.body).toMatchObject({ status: 'planned', cancelReason: null, version: 3 });
    expect((await ownPut({ status: 'held', actualParticipants: 12, version: 3 })).status).toBe(200);
    const history = await t.http
      .get(`/api/participations/${own.participationId}/activities/${own.activityId}/records`)
      .set(await t.as(own.coordinator));
    expect(history.body.items.map((r: { action: string }) => r.action)).toEqual(['cancelled', 'reinstated', 'held']);
  });

  it('can no longer be corrected or withdrawn once the summary is submitted', async () => {
    // A centre of its own, its free class held in the week.
    const own = await ownCentre();
    await inWeek();
    expect((await own.put(own.ids.free, { status: 'held', actualParticipants: 50, report: '顺利举办', version: 1 })).status).toBe(200);
    await submitSummary(own);
    const { version } = await own.current(own.ids.free);
    const correction = await own.put(own.ids.free, { actualParticipants: 99, version });
    expect(correction.status).toBe(409);
    expect(correction.body.code).toBe('notEditable');
    expect((await own.put(own.ids.free, { status: 'planned', version })).status).toBe(409);
    expect((await own.put(own.ids.threeDays, { status: 'cancelled', cancelReason: '天气', version: 1 })).status).toBe(409);
    expect(await own.current(own.ids.free)).toMatchObject({ status: 'held', actualParticipants: 50 });
    expect((await own.records(own.ids.free)).body.items).toHaveLength(1);
  });
});

describe('the public calendar', () => {
  it('lists what residents can go to, each day of a multi-day activity, the ceremony, cancellations and whom to ask', async () => {
    // A centre of its own, its free class held and its calligraphy class cancelled.
    const own = await ownCentre();
    expect((await own.put(own.ids.dropped, { status: 'cancelled', cancelReason: '场地检修', version: 1 })).status).toBe(200);
    await inWeek();
    expect((await own.put(own.ids.free, { status: 'held', actualParticipants: 45, version: 1 })).status).toBe(200);
    const campaign = (
      await t.http
        .get(`/api/campaigns/${own.campaignId}`)
        .set(await t.as('organizer'))
        .expect(200)
    ).body as TCampaign;
    expect(campaign.enquiryContact).toBe('');
    // The organiser sets the enquiry contact; nobody else may.
    expect(
      (
        await t.http
          .put(`/api/campaigns/${campaign.id}`)
          .set(await t.as('approver'))
          .send({ enquiryContact: 'x', version: campaign.version })
      ).status,
    ).toBe(403);
    const saved = await t.http
      .put(`/api/campaigns/${campaign.id}`)
      .set(await t.as('organizer'))
      .send({ enquiryContact: '区社区教育办公室 0519-85160000', version: campaign.version });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(
      (
        await t.http
          .put(`/api/campaigns/${campaign.id}`)
          .set(await t.as('organizer'))
          .send({ enquiryContact: '电话\n换行', version: saved.body.version })
      ).status,
    ).toBe(400);

    const page = await calendar(own.campaignId);
    expect(page.campaign).toMatchObject({
      enquiryContact: '区社区教育办公室 0519-85160000',
      weekStartsAt: T.weekStartsAt.toISOString(),
      weekEndsAt: T.weekEndsAt.toISOString(),
    });
    expect(page.ceremony).toEqual({ startsAt: T.launchAt.toISOString(), venue: '春江镇社区教育中心', day: '2017-10-25' });
    const byTitle = new Map(page.items.map((a) => [a.title, a]));
    // Pupils-only rows (all audiences students, or a class meeting) are not for residents; a row naming no audience is.
    expect([...byTitle.keys()].sort()).toEqual(['书法体验课', '家庭教育讲座', '社区读书节', '老年人智能手机课'].sort());
    expect(byTitle.get('社区读书节')).toMatchObject({ days: ['2017-10-26', '2017-10-27', '2017-10-28'], held: false, cancelled: false });
    expect(byTitle.get('老年人智能手机课')).toMatchObject({ days: ['2017-10-24'], held: true, cancelled: false, free: true });
    // Free-only keeps the residents' rule.
    const free = (await t.http.get(`/api/public/campaigns/${own.campaignId}/activities?free=true`).expect(200)).body as TPublicActivities;
    expect(free.items.map((a) => a.title)).toEqual(['老年人智能手机课']);
  });

  it('shows a cancelled activity as cancelled', async () => {
    // A centre of its own whose summary was returned: the record is open again, and the unit cancels a row it never held.
    const own = await ownCentre();
    await inWeek();
    await submitSummary(own);
    await t.event(own.pid, 'approver', 'RETURN_SUMMARY', { comment: '请补充' });
    const r = await own.put(own.ids.threeDays, { status: 'cancelled', cancelReason: '天气原因', version: 1 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const item = (await calendar(own.campaignId)).items.find((a) => a.title === '社区读书节');
    expect(item).toMatchObject({ cancelled: true, held: false, days: ['2017-10-26', '2017-10-27', '2017-10-28'] });
  });
});
