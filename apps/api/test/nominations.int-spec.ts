import { hashPassword } from '@learnweek/db';
import type { TListNominationsResponse, TNominationDetail, TPublicExemplars, TRankingResponse } from '@learnweek/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binary, photo, printElsewhere, readDocxElsewhere, readXlsxElsewhere } from './files.js';
import { PASSWORD, setup } from './harness.js';

let t: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  t = await setup();
  const passwordHash = await hashPassword(PASSWORD);
  await t.prisma.user.createMany({
    data: [
      { username: 'approver2', displayName: '审核人乙', roles: ['approver'], passwordHash },
      { username: 'approver3', displayName: '审核人丙', roles: ['approver'], passwordHash },
    ],
  });
});
afterAll(async () => {
  await t?.teardown();
});

const campaign = (id = t.fixture.campaignId) => `/api/campaigns/${id}`;
const other = () => t.fixture.units.other.coordinator;
/** A nomination drafted by the training school's coordinator (or `by`, in its campaign), with `photos` photos. */
async function nominate(
  body: object,
  photos = 1,
  seed = 0,
  by: { coordinator: string; campaignId: string } = { coordinator: other(), campaignId: t.fixture.campaignId },
): Promise<TNominationDetail> {
  const r = await t.http
    .post(`${campaign(by.campaignId)}/nominations`)
    .set(await t.as(by.coordinator))
    .send(body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  let n = r.body as TNominationDetail;
  for (let i = 0; i < photos; i++) {
    const up = await t.http
      .post(`/api/nominations/${n.id}/photos`)
      .set(await t.as(by.coordinator))
      .attach('file', await photo(seed + i), 'p.jpg');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    n = up.body as TNominationDetail;
  }
  return n;
}
const send = async (n: { id: string }, user: string, type: string, extra: object = {}) => {
  const { version } = (await t.http.get(`/api/nominations/${n.id}`).set(await t.as('organizer'))).body as TNominationDetail;
  return t.http
    .post(`/api/nominations/${n.id}/events`)
    .set(await t.as(user))
    .send({ type, version, ...extra });
};

/** The three approvers as a campaign's panel. */
async function panelOfThree(campaignId = t.fixture.campaignId) {
  const ids = await t.prisma.user.findMany({ where: { username: { in: ['approver', 'approver2', 'approver3'] } } });
  const r = await t.http
    .put(`${campaign(campaignId)}/panel`)
    .set(await t.as('organizer'))
    .send({ userIds: ids.map((u) => u.id) });
  expect(r.body.members).toHaveLength(3);
}
const score = async (user: string, n: { id: string }, s: number[]) =>
  t.http
    .put(`/api/nominations/${n.id}/scores`)
    .set(await t.as(user))
    .send({ scores: { 事迹典型性: s[0], 示范带动: s[1], 材料完整: s[2] } });
/** The brand project the panel scores 95/90/85, 85/85/85 and 60/70/80 (a mean of 81.67). */
const PROJECT = {
  kind: 'brandProject',
  name: '银龄数字课堂',
  story: '连续五年为老年人开设智能手机课程。',
  yearsRunning: 5,
  participantsReached: 1200,
};
const PROJECT_SCORES = [
  ['approver', [95, 90, 85]],
  ['approver2', [85, 85, 85]],
  ['approver3', [60, 70, 80]],
] as const;

describe('nominations', () => {
  it('refuses a submission over the unit’s quota, with a clear message, and an incomplete one', async () => {
    const q = await t.http
      .put(`${campaign()}/nomination-quotas`)
      .set(await t.as('organizer'))
      .send({ items: [{ unitKind: 'nonDegree', kind: 'learningStar', max: 1 }] });
    expect(q.status, JSON.stringify(q.body)).toBe(200);
    await t.http
      .put(`${campaign()}/nomination-quotas`)
      .set(await t.as(other()))
      .send({ items: [] })
      .expect(403);

    const star = await nominate(
      {
        kind: 'learningStar',
        name: '王秀英',
        ageGroup: '老年',
        story: '退休后坚持学习书法十年，带动社区三十余名老人参加学习。',
        achievements: '市级书法比赛二等奖',
      },
      2,
    );
    expect(star.allowedEvents).toEqual(['SUBMIT']);
    expect((await send(star, other(), 'SUBMIT')).status).toBe(200);

    const second = await nominate({ kind: 'learningStar', name: '李建国', story: '自学电脑十五年。' }, 1, 5);
    const over = await send(second, other(), 'SUBMIT');
    expect(over.status).toBe(422);
    expect(over.body.problems).toEqual([
      { code: 'quotaExceeded', kind: 'learningStar', max: 1, message: '本单位本届最多推荐 1 个“百姓学习之星”，名额已满' },
    ]);
    expect((await t.http.get(`/api/nominations/${second.id}`).set(await t.as(other()))).body.state).toBe('draft');

    // A brand project leaves its unit only with its years running and people reached: each named under its field.
    const bare = await nominate({ kind: 'brandProject', name: '社区读书会' }, 0);
    const figures = await send(bare, other(), 'SUBMIT');
    expect(figures.status).toBe(400);
    expect(figures.body.errors).toEqual([
      { path: 'yearsRunning', message: '终身学习品牌项目须填写持续年数' },
      { path: 'participantsReached', message: '终身学习品牌项目须填写受益人数' },
    ]);
    const en = await t.http
      .post(`/api/nominations/${bare.id}/events?lang=en`)
      .set(await t.as(other()))
      .send({ type: 'SUBMIT', version: bare.version });
    expect(en.body.errors[0]).toEqual({ path: 'yearsRunning', message: 'A brand project needs its years running' });
    await t.http
      .put(`/api/nominations/${bare.id}`)
      .set(await t.as(other()))
      .send({ yearsRunning: 3, participantsReached: 400, version: bare.version })
      .expect(200);
    const incomplete = await send(bare, other(), 'SUBMIT');
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.problems[0]).toMatchObject({ code: 'nominationIncomplete', missing: ['story', 'photos'] });

    // Another unit's coordinator neither reads nor changes it.
    const school = t.fixture.units.school.coordinator;
    await t.http
      .get(`/api/nominations/${star.id}`)
      .set(await t.as(school))
      .expect(403);
    await t.http
      .put(`/api/nominations/${second.id}`)
      .set(await t.as(school))
      .send({ name: '改名', version: 1 })
      .expect(403);
    expect(((await t.http.get(`${campaign()}/nominations`).set(await t.as(school))).body as TListNominationsResponse).items).toEqual([]);
  });

  it('ranks the shortlist by the mean of three panelists’ scores, with the spread', async () => {
    // A campaign of its own and a unit in it, whose learning star and brand project are shortlisted.
    const { campaignId } = await t.newCampaign();
    const by = { coordinator: (await t.newParticipation('invited', { campaignId })).coordinator, campaignId };
    const star = await nominate({ kind: 'learningStar', name: '王秀英', ageGroup: '老年', story: '退休后坚持学习书法十年。' }, 2, 0, by);
    expect((await send(star, by.coordinator, 'SUBMIT')).status).toBe(200);
    const project = await nominate(PROJECT, 1, 9, by);
    expect((await send(project, by.coordinator, 'SUBMIT')).status).toBe(200);
    for (const n of [star, project]) expect((await send(n, 'organizer', 'SHORTLIST')).status).toBe(200);

    const bad = await t.http
      .put(`${campaign(campaignId)}/panel`)
      .set(await t.as('organizer'))
      .send({ userIds: [(await t.prisma.user.findUniqueOrThrow({ where: { username: 'organizer' } })).id] });
    expect(bad.status).toBe(400);
    await panelOfThree(campaignId);

    for (const [[user, a], [, b]] of [
      [['approver', [90, 80, 70]], PROJECT_SCORES[0]],
      [['approver2', [80, 80, 80]], PROJECT_SCORES[1]],
      [['approver3', [70, 90, 80]], PROJECT_SCORES[2]],
    ] as const) {
      expect((await score(user, star, [...a])).status).toBe(200);
      expect((await score(user, project, [...b])).status).toBe(200);
    }
    const missing = await t.http
      .put(`/api/nominations/${star.id}/scores`)
      .set(await t.as('approver'))
      .send({ scores: { 事迹典型性: 90 } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ path: 'scores.示范带动', message: '请为每一项评分' }]);

    // Each kind ranked on its own: the learning star is first of its kind although the project scored higher.
    const ranking = (await t.http.get(`${campaign(campaignId)}/nominations/ranking`).set(await t.as('organizer'))).body as TRankingResponse;
    expect(ranking.panel).toBe(3);
    expect(ranking.items.map((n) => [n.kind, n.rank, n.name, n.score])).toEqual([
      ['learningStar', 1, '王秀英', { scoredBy: 3, mean: 80, min: 80, max: 80, spread: 0 }],
      ['brandProject', 1, '银龄数字课堂', { scoredBy: 3, mean: 81.67, min: 70, max: 90, spread: 8.5 }],
    ]);
    // The database holds the invariant too: a submitted brand project keeps its figures.
    await expect(t.prisma.nomination.update({ where: { id: project.id }, data: { participantsReached: null } })).rejects.toThrow(
      /Nomination_brandProject_check/,
    );
    await t.http
      .get(`${campaign(campaignId)}/nominations/ranking`)
      .set(await t.as('approver'))
      .expect(403);
    const mine = (await t.http.get(`/api/nominations/${star.id}`).set(await t.as('approver2'))).body as TNominationDetail;
    expect(mine.myScores).toEqual({ 事迹典型性: 80, 示范带动: 80, 材料完整: 80 });
  });

  it('shows an exemplar on the public page and the wall only once published', async () => {
    // The training school's brand project, shortlisted and scored by the panel of three.
    const project = await nominate(PROJECT, 1, 9);
    expect((await send(project, other(), 'SUBMIT')).status).toBe(200);
    expect((await send(project, 'organizer', 'SHORTLIST')).status).toBe(200);
    await panelOfThree();
    for (const [user, s] of PROJECT_SCORES) expect((await score(user, project, [...s])).status).toBe(200);
    const publicPage = async () =>
      (await t.http.get(`/api/public/campaigns/${t.fixture.campaignId}/exemplars`).expect(200)).body as TPublicExemplars;
    expect((await publicPage()).items).toEqual([]);
    expect((await send(project, 'organizer', 'SELECT')).status).toBe(200);
    expect((await publicPage()).items).toEqual([]);
    expect((await send(project, 'approver', 'PUBLISH')).status).toBe(403);
    expect((await send(project, 'organizer', 'PUBLISH')).status).toBe(200);
    const page = await publicPage();
    expect(page.items).toEqual([
      expect.objectContaining({
        name: '银龄数字课堂',
        kind: 'brandProject',
        unitName: '新北区某培训学校',
        yearsRunning: 5,
        participantsReached: 1200,
      }),
    ]);
    const img = await t.http.get(page.items[0]!.photos[0]!.url).buffer(true).parse(binary);
    expect(img.status).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');

    // The wall shows it when the organizer turns the panel on.
    const { token } = (
      await t.http
        .post(`${campaign()}/kiosk-devices`)
        .set(await t.as('organizer'))
        .send({ name: '大屏' })
    ).body as { token: string };
    const wall = async () =>
      (
        await t.http
          .get('/api/kiosk/wall')
          .set({ Authorization: `Bearer ${token}` })
          .expect(200)
      ).body as { exemplars: { name: string }[] };
    expect((await wall()).exemplars).toEqual([]);
    const { rules, version } = (await t.http.get(campaign()).set(await t.as('organizer'))).body as { rules: object; version: number };
    await t.http
      .put(campaign())
      .set(await t.as('organizer'))
      .send({ rules: { ...rules, exemplarsOnWall: true }, version })
      .expect(200);
    expect((await wall()).exemplars.map((x) => x.name)).toEqual(['银龄数字课堂']);

    // The recommendation form lists what was selected or published, read back by openpyxl.
    const x = await t.http
      .get(`${campaign()}/exemplars.xlsx`)
      .set(await t.as('organizer'))
      .buffer(true)
      .parse(binary);
    const [rows] = readXlsxElsewhere(x.body as Buffer);
    expect(rows).toHaveLength(3);
    expect(rows![2]!.slice(0, 5)).toEqual([1, '终身学习品牌项目', '银龄数字课堂', '新北区某培训学校', '春江镇']);
    expect(rows![2]![10]).toBe(81.67);
    expect(rows![1]![11]).toBe('类别内名次');
    expect(rows![2]![11]).toBe(1);
    // And the forms (推荐表) as Word, opened by Python: the exemplar's particulars and its photo.
    const d = await t.http
      .get(`${campaign()}/exemplars.docx`)
      .set(await t.as('approver'))
      .buffer(true)
      .parse(binary);
    expect(d.status).toBe(200);
    const docx = readDocxElsewhere(d.body as Buffer);
    expect(docx.images).toBe(1);
    expect(docx.text).toContain('2017年全民终身学习推进周“终身学习品牌项目”推荐表');
    expect(docx.text).toContain('银龄数字课堂');
    expect(docx.text).toContain('连续五年为老年人开设智能手机课程。');
    expect(docx.text).toContain('81.67');
    // Printed by LibreOffice: a page for the one exemplar, its particulars, story and photo, in a CJK font.
    const forms = printElsewhere({ 'forms.docx': d.body as Buffer })['forms.docx']!;
    expect(forms.pages).toHaveLength(1);
    expect(forms.pages[0]).toMatchObject({ width: expect.closeTo(595.3, 0) as number, height: expect.closeTo(841.9, 0) as number });
    for (const text of [
      '2017年全民终身学习推进周“终身学习品牌项目”推荐表',
      '银龄数字课堂',
      '新北区某培训学校（春江镇）',
      '连续五年为老年人开设智能手机课程。',
      '81.67',
    ])
      expect(forms.pages[0]!.flat).toContain(text);
    // The approval boxes under the particulars, each with where to sign (and seal) and date.
    expect(forms.pages[0]!.flat).toMatch(/推荐单位意见（盖章）（盖章）签字：＿+＿+年＿+月＿+日区审核意见签字：＿+＿+年＿+月＿+日/);
    expect(forms.images).toBe(1);
    expect(forms.fonts.some((f) => /CJK/i.test(f))).toBe(true);
    await t.http
      .get(`${campaign()}/exemplars.docx`)
      .set(await t.as(other()))
      .expect(403);
  });

  it('asks before 拟表彰 and 公布 while not every panelist has scored, with the counts', async () => {
    await panelOfThree();
    const school = t.fixture.units.school.coordinator;
    const r = await t.http
      .post(`${campaign()}/nominations`)
      .set(await t.as(school))
      .send({
        kind: 'brandProject',
        name: '家长学校',
        story: '每月一次家庭教育讲座，已坚持八年。',
        yearsRunning: 8,
        participantsReached: 3000,
      });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const n = r.body as TNominationDetail;
    await t.http
      .post(`/api/nominations/${n.id}/photos`)
      .set(await t.as(school))
      .attach('file', await photo(21), 'p.jpg')
      .expect(201);
    expect((await send(n, school, 'SUBMIT')).status).toBe(200);
    expect((await send(n, 'organizer', 'SHORTLIST')).status).toBe(200);
    await t.http
      .put(`/api/nominations/${n.id}/scores`)
      .set(await t.as('approver'))
      .send({ scores: { 事迹典型性: 90, 示范带动: 90, 材料完整: 90 } })
      .expect(200);

    // Scored by 1 of the 3 panelists: refused with the counts unless confirmed; the approver is refused outright.
    expect((await send(n, 'approver', 'SELECT')).status).toBe(403);
    const asked = await send(n, 'organizer', 'SELECT');
    expect(asked.status).toBe(409);
    expect(asked.body).toMatchObject({
      code: 'confirmationRequired',
      message: '此操作需要确认',
      problems: [
        { code: 'scoresIncomplete', scoredBy: 1, panel: 3, message: '评审尚未完成：已评 1 / 3，还有 2 位评审未评分。确认仍要继续吗？' },
      ],
    });
    expect(((await t.http.get(`/api/nominations/${n.id}`).set(await t.as('organizer'))).body as TNominationDetail).state).toBe(
      'shortlisted',
    );
    expect((await send(n, 'organizer', 'SELECT', { confirmIncomplete: true })).status).toBe(200);
    expect((await send(n, 'organizer', 'PUBLISH')).body.problems[0]).toMatchObject({ code: 'scoresIncomplete', scoredBy: 1, panel: 3 });

    // A public notice (公示) period: the proposed exemplar is listed only while it runs, with no contact of the unit or anyone.
    await t.prisma.unit.update({ where: { id: t.fixture.units.school.id }, data: { contactPerson: '李联络', phone: '13812345678' } });
    await t.prisma.user.update({ where: { username: school }, data: { email: 'coord-s1@example.com' } });
    const notice = { startsAt: '2017-11-10T00:00:00.000Z', endsAt: '2017-11-17T00:00:00.000Z', contact: '区教育局职成教科 0519-85123456' };
    await t.http
      .put(`${campaign()}/exemplar-notice`)
      .set(await t.as(school))
      .send(notice)
      .expect(403);
    const backwards = await t.http
      .put(`${campaign()}/exemplar-notice`)
      .set(await t.as('organizer'))
      .send({ ...notice, endsAt: notice.startsAt });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([{ path: 'endsAt', message: '结束时间不能早于开始时间' }]);
    const set = await t.http
      .put(`${campaign()}/exemplar-notice`)
      .set(await t.as('organizer'))
      .send(notice);
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toEqual({ notice });
    const publicPage = async () =>
      (await t.http.get(`/api/public/campaigns/${t.fixture.campaignId}/exemplars`).expect(200)).body as TPublicExemplars;
    t.clock.set('2017-11-09T23:59:00Z');
    expect((await publicPage()).notice).toBeNull();
    t.clock.set('2017-11-12T08:00:00Z');
    const during = await publicPage();
    expect(during.notice).toEqual({
      ...notice,
      items: [
        {
          id: n.id,
          kind: 'brandProject',
          name: '家长学校',
          unitName: '春江中心小学',
          town: '春江镇',
          deeds: '每月一次家庭教育讲座，已坚持八年。',
        },
      ],
    });
    const raw = JSON.stringify(during);
    for (const secret of ['13812345678', '李联络', 'coord-s1@example.com', '@']) expect(raw).not.toContain(secret);
    // Published only once the notice has ended.
    const early = await send(n, 'organizer', 'PUBLISH', { confirmIncomplete: true });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'noticeRunning', message: '公示期尚未结束，公示期满后才能公布' });
    t.clock.set('2017-11-17T00:00:00Z');
    expect((await publicPage()).notice).toBeNull();
    expect((await send(n, 'organizer', 'PUBLISH', { confirmIncomplete: true })).status).toBe(200);
    expect((await publicPage()).items.map((x) => x.name)).toContain('家长学校');
    await t.http
      .delete(`${campaign()}/exemplar-notice`)
      .set(await t.as('organizer'))
      .expect(204);
    expect(
      (
        await t.http
          .get(`${campaign()}/exemplar-notice`)
          .set(await t.as('approver'))
          .expect(200)
      ).body,
    ).toEqual({ notice: null });
  });
});
