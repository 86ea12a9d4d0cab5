import { ACTIVITY_FIELDS, PLAN_FIELDS, type TActivity, type TActivityField, type TPlanField } from '@learnweek/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setup } from './harness.js';

/**
 * Fields declared once (CONTRIBUTING.md, "A new field"): the contract's plan and schedule fields are
 * what an edit writes and what the detail answers. Each value below differs from the row's, and
 * the maps are typed by the contract's fields, so a new field does not compile until it is given a
 * value here, and an edit that drops it (answering 200) fails.
 */
let t: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  t = await setup();
});
afterAll(async () => {
  await t?.teardown();
});

const coordinator = () => t.fixture.units.other.coordinator;
const pid = () => t.fixture.units.other.participationId;

const ROW_EDIT = {
  title: '改过的讲座',
  type: 'training',
  form: '线上',
  startsAt: '2017-10-25T01:00:00.000Z',
  endsAt: '2017-10-25T04:00:00.000Z',
  place: '学校礼堂',
  audiences: ['elderly', 'students'],
  expectedParticipants: 300,
  personInCharge: '李老师',
  phone: '13812345678',
  free: true,
  notes: '请带身份证',
} satisfies Record<TActivityField, unknown>;

const PLAN_EDIT = {
  leadingBody: '校长室',
  budgetNote: '经费自筹',
  publicity: '微信公众号',
  text: '实施方案正文',
} satisfies Record<TPlanField, string>;

describe('every declared field is written by an edit and answered', () => {
  it('a schedule row: every field of ACTIVITY_FIELDS changed in one edit, each one kept', async () => {
    await t.event(pid(), coordinator(), 'START_DRAFT');
    const created = await t.http
      .post(`/api/participations/${pid()}/activities`)
      .set(await t.as(coordinator()))
      .send({
        title: '主题讲座',
        type: 'lecture',
        startsAt: '2017-10-24T01:00:00.000Z',
        endsAt: '2017-10-24T03:00:00.000Z',
        place: '报告厅',
        personInCharge: '王老师',
      })
      .expect(201);
    const row = created.body as TActivity;
    for (const f of ACTIVITY_FIELDS) expect(row[f], f).not.toEqual(ROW_EDIT[f]);
    const saved = await t.http
      .put(`/api/participations/${pid()}/activities/${row.id}`)
      .set(await t.as(coordinator()))
      .send({ ...ROW_EDIT, version: row.version })
      .expect(200);
    const stored = (await t.detail(pid(), coordinator())).activities.find((a) => a.id === row.id)!;
    for (const f of ACTIVITY_FIELDS) {
      expect((saved.body as TActivity)[f], f).toEqual(ROW_EDIT[f]);
      expect(stored[f], f).toEqual(ROW_EDIT[f]);
    }
  });

  it('the plan: every field of PLAN_FIELDS changed in one edit, each one kept', async () => {
    const before = await t.detail(pid(), coordinator());
    if (before.state === 'invited') await t.event(pid(), coordinator(), 'START_DRAFT');
    const { plan } = await t.detail(pid(), coordinator());
    await t.http
      .put(`/api/participations/${pid()}/plan`)
      .set(await t.as(coordinator()))
      .send({ ...PLAN_EDIT, version: plan.version })
      .expect(200);
    const after = (await t.detail(pid(), coordinator())).plan;
    for (const f of PLAN_FIELDS) expect(after[f], f).toEqual(PLAN_EDIT[f]);
  });
});
