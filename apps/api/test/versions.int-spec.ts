import type { TActivity, TCampaign, TNominationDetail, TSavedPlan, TSummary } from '@learnweek/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineService } from '../src/modules/participation/deadlines/deadline.service.js';
import { setup, T } from './harness.js';

/**
 * Versions on every edit (docs/ARCHITECTURE.md, "Versions"): two tabs load the same value, the
 * first saves, the second's save from the version it loaded is refused with 409 and the value as
 * it is now; the first's text is kept; the second can then overwrite from the version it was shown.
 */
let t: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  t = await setup();
});
afterAll(async () => {
  await t?.teardown();
});

const STALE_ZH = '数据已被他人修改，请刷新后重试';
const STALE_EN = 'Someone else changed this; reload and try again';

async function put(url: string, user: string, body: object, lang?: string) {
  const req = t.http.put(`/api/${url}`).set(await t.as(user));
  return lang ? req.set('Accept-Language', lang).send(body) : req.send(body);
}

/** Tab A saves `a`, then tab B saves `b`, both from `version`: A's answer, B's refusal. */
async function twoTabs<T>(url: string, user: string, version: number, a: object, b: object) {
  const first = await put(url, user, { ...a, version });
  expect(first.status, JSON.stringify(first.body)).toBe(200);
  const second = await put(url, user, { ...b, version });
  expect(second.status, JSON.stringify(second.body)).toBe(409);
  expect(second.body).toMatchObject({ statusCode: 409, code: 'staleVersion', message: STALE_ZH });
  const english = await put(url, user, { ...b, version }, 'en');
  expect(english.status).toBe(409);
  expect(english.body).toMatchObject({ code: 'staleVersion', message: STALE_EN });
  return { saved: first.body as T, refused: second.body as { current: T } };
}

const coordinator = () => t.fixture.units.other.coordinator;
const pid = () => t.fixture.units.other.participationId;

describe('versions on every edit: a stale save is refused with the current value, the first one kept', () => {
  it('a plan: tab B’s stale save is a 409 with tab A’s paragraph, which stays; B may then overwrite from the version shown', async () => {
    await t.event(pid(), coordinator(), 'START_DRAFT');
    const loaded = (await t.detail(pid(), coordinator())).plan;
    expect(loaded.version).toBe(1);
    const { saved, refused } = await twoTabs<TSavedPlan>(
      `participations/${pid()}/plan`,
      coordinator(),
      loaded.version,
      { text: 'A 写的段落', budgetNote: 'A 的预算' },
      { text: 'B 写的段落' },
    );
    expect(saved).toMatchObject({ text: 'A 写的段落', version: 2 });
    expect(refused.current).toEqual({ ...saved, participationId: pid() });
    expect((await t.detail(pid(), coordinator())).plan).toMatchObject({ text: 'A 写的段落', budgetNote: 'A 的预算', version: 2 });

    const overwrite = await put(`participations/${pid()}/plan`, coordinator(), { text: 'B 写的段落', version: refused.current.version });
    expect(overwrite.status).toBe(200);
    expect(overwrite.body).toMatchObject({ text: 'B 写的段落', budgetNote: 'A 的预算', version: 3 });
  });

  it('saves racing from one version: exactly one applies, the others are 409', async () => {
    const own = await t.newParticipation('drafting');
    const { version } = (await t.detail(own.participationId, own.coordinator)).plan;
    const answers = await Promise.all(
      Array.from({ length: 6 }, async (_, i) =>
        put(`participations/${own.participationId}/plan`, own.coordinator, { text: `第 ${i} 个标签页`, version }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    const winner = answers.find((a) => a.status === 200)!.body as TSavedPlan;
    expect((await t.detail(own.participationId, own.coordinator)).plan).toMatchObject({ text: winner.text, version: version + 1 });
  });

  it('a schedule row', async () => {
    const own = await t.newParticipation('drafting', { activities: 0 });
    const created = await t.http
      .post(`/api/participations/${own.participationId}/activities`)
      .set(await t.as(own.coordinator))
      .send({
        title: '主题讲座',
        type: 'lecture',
        startsAt: '2017-10-24T01:00:00.000Z',
        endsAt: '2017-10-24T03:00:00.000Z',
        place: '报告厅',
        personInCharge: '王老师',
      });
    expect(created.status).toBe(201);
    const row = created.body as TActivity;
    expect(row.version).toBe(1);
    const { saved, refused } = await twoTabs<TActivity>(
      `participations/${own.participationId}/activities/${row.id}`,
      own.coordinator,
      row.version,
      { place: 'A 改的地点' },
      { place: 'B 改的地点' },
    );
    expect(saved).toMatchObject({ place: 'A 改的地点', version: 2 });
    expect(refused.current).toEqual(saved);
    expect((await t.detail(own.participationId, own.coordinator)).activities[0]).toMatchObject({ place: 'A 改的地点', version: 2 });
  });

  it('a summary', async () => {
    const own = await t.newParticipation('weekRunning');
    t.clock.set(T.inWeek);
    // During the week the row records what happened, from its version too.
    const held = await put(`participations/${own.participationId}/activities/${own.activityId}`, own.coordinator, {
      status: 'held',
      actualParticipants: 30,
      version: 1,
    });
    expect(held.body).toMatchObject({ status: 'held', version: 2 });
    t.clock.set(T.afterWeek);
    await t.app.get(DeadlineService).tick();
    const loaded = (await t.detail(own.participationId, own.coordinator)).summary;
    expect(loaded.version).toBe(1);
    const { saved, refused } = await twoTabs<TSummary>(
      `participations/${own.participationId}/summary`,
      own.coordinator,
      loaded.version,
      { text: 'A 写的总结', participants: 30 },
      { text: 'B 写的总结' },
    );
    expect(saved).toMatchObject({ text: 'A 写的总结', participants: 30, version: 2 });
    expect(refused.current).toEqual(saved);
    expect((await t.detail(own.participationId, own.coordinator)).summary).toMatchObject({ text: 'A 写的总结', version: 2 });
  });

  it('a nomination, whose version its workflow steps take too', async () => {
    const created = await t.http
      .post(`/api/campaigns/${t.fixture.campaignId}/nominations`)
      .set(await t.as(coordinator()))
      .send({ kind: 'learningStar', name: '王秀英' });
    expect(created.status).toBe(201);
    const n = created.body as TNominationDetail;
    const { saved, refused } = await twoTabs<TNominationDetail>(
      `nominations/${n.id}`,
      coordinator(),
      n.version,
      { story: 'A 写的事迹' },
      { story: 'B 写的事迹' },
    );
    expect(saved).toMatchObject({ story: 'A 写的事迹', version: n.version + 1 });
    expect(refused.current).toMatchObject({ id: n.id, story: 'A 写的事迹', version: saved.version });
    // A step from the version before the edit is stale as well.
    const step = await t.http
      .post(`/api/nominations/${n.id}/events`)
      .set(await t.as(coordinator()))
      .send({ type: 'SUBMIT', version: n.version });
    expect(step.status).toBe(409);
  });

  it('campaign settings, also when the saves race', async () => {
    const campaign = (await t.http.get(`/api/campaigns/${t.fixture.campaignId}`).set(await t.as('organizer'))).body as TCampaign;
    const { saved, refused } = await twoTabs<TCampaign>(
      `campaigns/${campaign.id}`,
      'organizer',
      campaign.version,
      { theme: 'A 的主题' },
      { theme: 'B 的主题' },
    );
    expect(saved).toMatchObject({ theme: 'A 的主题', version: campaign.version + 1 });
    expect(refused.current).toEqual(saved);

    const answers = await Promise.all(
      ['甲', '乙', '丙', '丁'].map((x) => put(`campaigns/${campaign.id}`, 'organizer', { theme: `${x} 的主题`, version: saved.version })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
    const now = (await t.http.get(`/api/campaigns/${campaign.id}`).set(await t.as('organizer'))).body as TCampaign;
    expect(now).toMatchObject({ theme: (answers.find((a) => a.status === 200)!.body as TCampaign).theme, version: saved.version + 1 });
  });
});
