import type { TCampaign, TSummary } from '@learnweek/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineService } from '../src/modules/participation/deadlines/deadline.service.js';
import { setup, T } from './harness.js';

let t: Awaited<ReturnType<typeof setup>>;
let pid: string;
let coord: string;
beforeAll(async () => {
  t = await setup();
  pid = t.fixture.units.other.participationId;
  coord = t.fixture.units.other.coordinator;
});
afterAll(async () => {
  await t?.teardown();
});

/** The non-degree unit's plan approved and the week over: its summary is due. */
async function summaryDue() {
  await t.event(pid, coord, 'START_DRAFT');
  await t.http
    .put(`/api/participations/${pid}/plan`)
    .set(await t.as(coord))
    .send({ text: '方案', version: 1 })
    .expect(200);
  await t.http
    .post(`/api/participations/${pid}/activities`)
    .set(await t.as(coord))
    .send({
      title: '读书会',
      type: 'lecture',
      startsAt: '2017-10-24T01:00:00.000Z',
      endsAt: '2017-10-24T02:00:00.000Z',
      place: '礼堂',
      personInCharge: '李',
      audiences: ['elderly'],
      free: true,
    })
    .expect(201);
  await t.event(pid, coord, 'SUBMIT_PLAN');
  await t.event(pid, 'approver', 'APPROVE_PLAN');
  t.clock.set(T.afterWeek);
  await t.app.get(DeadlineService).tick();
  expect((await t.detail(pid, coord)).state).toBe('summaryDue');
}

describe('the photo disc (光盘): sent by the coordinator, received by the approver', () => {
  it('lets only the unit’s coordinator say it was sent, with a note, and only the approver confirm it; sent stands in for the photos', async () => {
    await summaryDue();
    const note = '已于10月30日由专人送至区教育局职成教科';
    // Each role is refused the other's step.
    await t.http
      .put(`/api/participations/${pid}/disc-sent`)
      .set(await t.as('approver'))
      .send({ sent: true, note })
      .expect(403);
    await t.http
      .put(`/api/participations/${pid}/disc-sent`)
      .set(await t.as(t.fixture.units.school.coordinator))
      .send({ sent: true, note })
      .expect(403);
    await t.http
      .put(`/api/participations/${pid}/disc`)
      .set(await t.as(coord))
      .send({ delivered: true })
      .expect(403);
    const tooLong = await t.http
      .put(`/api/participations/${pid}/disc-sent`)
      .set(await t.as(coord))
      .send({ sent: true, note: '长'.repeat(501) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].path).toBe('note');

    const sent = await t.http
      .put(`/api/participations/${pid}/disc-sent`)
      .set(await t.as(coord))
      .send({ sent: true, note });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body as TSummary).toMatchObject({ discSentAt: T.afterWeek.toISOString(), discNote: note, discDelivered: false });
    expect((await t.detail(pid, 'approver')).summary).toMatchObject({ discSentAt: T.afterWeek.toISOString(), discNote: note });

    // No photos: the disc sent lets the summary go in.
    await t.http
      .put(`/api/participations/${pid}/summary`)
      .set(await t.as(coord))
      .send({ text: '活动总结', activitiesHeld: 1, participants: 50, version: 1 })
      .expect(200);
    expect((await t.event(pid, coord, 'SUBMIT_SUMMARY')).state).toBe('summarySubmitted');
    // Submitted: the coordinator's word is frozen with it; the approver confirms receipt.
    await t.http
      .put(`/api/participations/${pid}/disc-sent`)
      .set(await t.as(coord))
      .send({ sent: false })
      .expect(409);
    const received = await t.http
      .put(`/api/participations/${pid}/disc`)
      .set(await t.as('approver'))
      .send({ delivered: true });
    expect(received.status).toBe(200);
    expect(received.body as TSummary).toMatchObject({ discDelivered: true, discNote: note });
    const row = await t.prisma.summary.findUniqueOrThrow({ where: { participationId: pid } });
    expect(row.discMarkedAt?.toISOString()).toBe(T.afterWeek.toISOString());
  });

  it('keeps a note only with the disc sent (a CHECK)', async () => {
    const school = t.fixture.units.school.participationId;
    await expect(t.prisma.summary.create({ data: { participationId: school, discNote: '没有寄出的光盘' } })).rejects.toThrow(
      /Summary_discNote_check/,
    );
  });
});

describe('closing a campaign early', () => {
  it('refuses while units are outstanding unless confirmed, naming how many', async () => {
    // A campaign of its own: two units that have not started, one whose summary awaits review.
    const { campaignId } = await t.newCampaign();
    await t.newParticipation('invited', { campaignId, kind: 'school' });
    await t.newParticipation('invited', { campaignId, kind: 'communityCentre' });
    await t.newParticipation('summarySubmitted', { campaignId });
    const url = `/api/campaigns/${campaignId}/close`;
    await t.http
      .post(url)
      .set(await t.as('approver'))
      .send({ confirmOutstanding: true })
      .expect(403);
    const asked = await t.http
      .post(url)
      .set(await t.as('organizer'))
      .send({});
    expect(asked.status).toBe(409);
    // The school and the centre have not started; the training school's summary awaits review.
    expect(asked.body).toMatchObject({
      code: 'confirmationRequired',
      message: '此操作需要确认',
      problems: [
        {
          code: 'campaignOutstanding',
          units: 3,
          plans: 2,
          summaries: 1,
          message: '还有 3 个单位未完成：2 个单位的实施方案、1 个单位的活动总结尚未提交或审核通过。结束后这些单位不能再提交。确认结束吗？',
        },
      ],
    });
    const en = await t.http
      .post(`${url}?lang=en`)
      .set(await t.as('organizer'))
      .send({ confirmOutstanding: false });
    expect(en.body.problems[0].message).toMatch(/^3 units are not done: 2 plans and 1 summaries/);
    expect(((await t.http.get(`/api/campaigns/${campaignId}`).set(await t.as('organizer'))).body as TCampaign).status).toBe('published');

    const closed = await t.http
      .post(url)
      .set(await t.as('organizer'))
      .send({ confirmOutstanding: true });
    expect(closed.status).toBe(200);
    expect((closed.body as TCampaign).status).toBe('closed');
  });
});
