import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { setup } from './harness.js';

/**
 * Hostile strings are a 400 naming the field in the caller's language, never a 500: the
 * contracts' one text schema refuses them before anything reaches PostgreSQL.
 */
describe('hostile input', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let sessionId: string;
  const EN = { 'Accept-Language': 'en' };

  beforeAll(async () => {
    t = await setup({ clock: new ManualClock(new Date('2017-10-25T01:00:00Z')) });
    const session = await t.prisma.checkinSession.create({
      data: {
        campaignId: t.fixture.campaignId,
        name: '启动仪式主会场',
        venue: '春江镇社区教育中心',
        kind: 'main',
        qrSecret: 'secret-for-hostile-tests',
        opensAt: new Date('2017-10-25T00:00:00Z'),
        closesAt: new Date('2017-10-25T06:00:00Z'),
      },
    });
    sessionId = session.id;
  });
  afterAll(() => t.teardown());

  it('a NUL as the username at sign-in is a 400 naming the field (no sign-in needed)', async () => {
    const zh = await t.http.post('/api/auth/login').send({ username: '\u0000', password: 'x' });
    expect(zh.status).toBe(400);
    expect(zh.body).toMatchObject({
      code: 'validationFailed',
      message: '提交的内容有误，请按提示修改',
      errors: [{ path: 'username', message: '含有不可见的控制字符（如 NUL），请删除后重试' }],
    });
    const en = await t.http.post('/api/auth/login').set(EN).send({ username: '\u0000', password: 'x' });
    expect(en.status).toBe(400);
    expect(en.body.errors).toEqual([{ path: 'username', message: 'Contains an invisible control character (such as NUL); remove it' }]);
  });

  it('a check-in named "\\ud800x" (an unpaired surrogate) is a 400 naming the field, and nothing is written', async () => {
    const staff = await t.as('organizer');
    const body = { name: '\ud800x', idempotencyKey: 'hostile-key-0001' };
    expect(JSON.stringify(body)).toContain('\\ud800x');
    const zh = await t.http.post(`/api/checkin-sessions/${sessionId}/checkins`).set(staff).send(body);
    expect(zh.status).toBe(400);
    expect(zh.body.errors).toEqual([{ path: 'name', message: '含有无效的字符编码（不成对的代理项），请重新输入' }]);
    const en = await t.http.post(`/api/checkin-sessions/${sessionId}/checkins`).set(staff).set(EN).send(body);
    expect(en.body.errors).toEqual([{ path: 'name', message: 'Contains an invalid character (an unpaired surrogate); type it again' }]);
    expect(await t.prisma.checkin.count({ where: { sessionId } })).toBe(0);
    // The same desk's honest check-in right after goes through.
    const ok = await t.http
      .post(`/api/checkin-sessions/${sessionId}/checkins`)
      .set(staff)
      .send({ name: '张三艳', idempotencyKey: 'hostile-key-0002' });
    expect(ok.status).toBe(201);
  });

  it('a NUL in the public calendar’s `town` is a 400 naming the parameter (no sign-in needed)', async () => {
    const url = `/api/public/campaigns/${t.fixture.campaignId}/activities?town=%00`;
    const zh = await t.http.get(url);
    expect(zh.status).toBe(400);
    expect(zh.body.errors).toEqual([{ path: 'town', message: '含有不可见的控制字符（如 NUL），请删除后重试' }]);
    const en = await t.http.get(`${url}&lang=en`);
    expect(en.status).toBe(400);
    expect(en.body.errors).toEqual([{ path: 'town', message: 'Contains an invisible control character (such as NUL); remove it' }]);
    expect((await t.http.get(`/api/public/campaigns/${t.fixture.campaignId}/activities?town=${encodeURIComponent('春江镇')}`)).status).toBe(
      200,
    );
  });

  it('bidi overrides, invisible-only names, line breaks in one-line text and NUL in long text are refused where they are written', async () => {
    const organizer = await t.as('organizer');
    const coordinator = await t.as(t.fixture.units.school.coordinator);
    const town = await t.http.post('/api/towns').set(organizer).set(EN).send({ name: '\u200b\u200b' });
    expect(town.status).toBe(400);
    expect(town.body.errors).toEqual([{ path: 'name', message: 'Must not consist of blank or invisible characters only' }]);
    const device = await t.http
      .post(`/api/campaigns/${t.fixture.campaignId}/kiosk-devices`)
      .set(organizer)
      .set(EN)
      .send({ name: 'wall\u202egnp.exe' });
    expect(device.body.errors).toEqual([{ path: 'name', message: 'Contains a text-direction control character; remove it' }]);
    const nomination = await t.http
      .post(`/api/campaigns/${t.fixture.campaignId}/nominations`)
      .set(coordinator)
      .set(EN)
      .send({ kind: 'learningStar', name: '张三\n李四' });
    expect(nomination.body.errors).toEqual([{ path: 'name', message: 'Must be a single line, without line breaks or tabs' }]);
    const plan = await t.http
      .put(`/api/participations/${t.fixture.units.school.participationId}/plan`)
      .set(coordinator)
      .send({ text: '第一段\n\n第二段\u0000', version: 1 });
    expect(plan.status).toBe(400);
    expect(plan.body.errors[0].path).toBe('text');
    expect(await t.prisma.town.count({ where: { name: { contains: '\u200b' } } })).toBe(0);
  });

  it('a name carrying hidden TAG characters or a Hangul filler is a 400 naming the field, in both languages', async () => {
    const organizer = await t.as('organizer');
    const hidden = `大屏${String.fromCodePoint(0xe0069, 0xe0067, 0xe006e)}`;
    const zh = await t.http.post(`/api/campaigns/${t.fixture.campaignId}/kiosk-devices`).set(organizer).send({ name: hidden });
    expect(zh.status).toBe(400);
    expect(zh.body.errors).toEqual([
      { path: 'name', message: '含有不允许使用的特殊字符（隐藏标签、填充符、非字符或超宽字符），请删除后重试' },
    ]);
    const en = await t.http.post('/api/towns').set(organizer).set(EN).send({ name: '春\u3164江镇' });
    expect(en.body.errors).toEqual([
      {
        path: 'name',
        message: 'Contains a character that is not allowed (a hidden tag, a filler, a non-character or an oversized ligature); remove it',
      },
    ]);
  });

  it('60,000 unknown keys are one small 400: a few field errors, each cut short, and their count', async () => {
    const organizer = await t.as('organizer');
    const body: Record<string, unknown> = { email: null, locale: 'zh-CN' };
    for (let i = 0; i < 60_000; i++) body[`k${i}`] = 1;
    const res = await t.http.put('/api/profile').set(organizer).send(body);
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(16_384);
    const errors = res.body.errors as { path: string; message: string }[];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.length).toBeLessThanOrEqual(128);
    for (const e of errors) expect(e.message.length).toBeLessThanOrEqual(300);
    expect(res.body.errorCount ?? errors.length).toBeGreaterThanOrEqual(errors.length);
  });
});
