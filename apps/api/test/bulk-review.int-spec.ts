import { randomUUID } from 'node:crypto';
import type { TBulkEventResponse } from '@learnweek/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setup } from './harness.js';

let t: Awaited<ReturnType<typeof setup>>;

beforeAll(async () => {
  t = await setup();
});
afterAll(async () => {
  await t?.teardown();
});

/** Drafts a plan with one activity in the week (free, for the elderly) and submits it. */
async function submitted(unit: 'other' | 'centre') {
  const { participationId: id, coordinator } = t.fixture.units[unit];
  await t.event(id, coordinator, 'START_DRAFT');
  await t.http
    .put(`/api/participations/${id}/plan`)
    .set(await t.as(coordinator))
    .send({ text: '实施方案', version: 1 })
    .expect(200);
  await t.http
    .post(`/api/participations/${id}/activities`)
    .set(await t.as(coordinator))
    .send({
      title: '老年人智能手机课',
      type: 'freeClass',
      startsAt: '2017-10-24T01:00:00.000Z',
      endsAt: '2017-10-24T03:00:00.000Z',
      place: '活动室',
      personInCharge: '王老师',
      audiences: ['elderly'],
      free: true,
    })
    .expect(201);
  await t.event(id, coordinator, 'SUBMIT_PLAN');
  return id;
}

describe('bulk approve', () => {
  it('approves the ready ones and reports each failure alone', async () => {
    const other = await submitted('other');
    const centre = await submitted('centre');
    const school = t.fixture.units.school.participationId;
    await t.event(school, t.fixture.units.school.coordinator, 'START_DRAFT');
    const url = `/api/campaigns/${t.fixture.campaignId}/participations/events`;
    const items = [
      { id: other, version: (await t.detail(other)).version },
      { id: centre, version: (await t.detail(centre)).version - 1 }, // stale
      { id: school, version: (await t.detail(school)).version }, // still drafting
      { id: randomUUID(), version: 1 },
    ];
    await t.http
      .post(url)
      .set(await t.as(t.fixture.units.other.coordinator))
      .send({ type: 'APPROVE_PLAN', items })
      .expect(403);
    const r = await t.http
      .post(url)
      .set(await t.as('approver'))
      .send({ type: 'APPROVE_PLAN', comment: '同意', items });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const body = r.body as TBulkEventResponse;
    expect(body).toMatchObject({ applied: 1, failed: 3 });
    expect(body.items).toEqual([
      { id: other, ok: true, state: 'planApproved', version: items[0]!.version + 1 },
      { id: centre, ok: false, statusCode: 409, message: '数据已被他人修改，请刷新后重试' },
      { id: school, ok: false, statusCode: 409, message: '当前状态下不能执行此操作' },
      { id: items[3]!.id, ok: false, statusCode: 404, message: '未找到该记录' },
    ]);
    expect((await t.detail(other)).history.at(-1)).toMatchObject({ event: 'APPROVE_PLAN', comment: '同意' });
    expect((await t.detail(centre)).state).toBe('planSubmitted');
    const bad = await t.http
      .post(url)
      .set(await t.as('approver'))
      .send({ type: 'SUBMIT_PLAN', items });
    expect(bad.status).toBe(400);
  });
});
