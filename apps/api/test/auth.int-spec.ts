import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, setup, startApp } from './harness.js';

let t: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  t = await setup();
});
afterAll(async () => {
  await t?.teardown();
});

describe('sign-in', () => {
  it('signs in with the argon2-hashed password and describes the user', async () => {
    const r = await t.http.post('/api/auth/login').send({ username: 'coord-S1', password: PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ username: 'coord-S1', roles: ['coordinator'], unitId: t.fixture.units.school.id, locale: 'zh-CN' });
    expect(Date.parse(r.body.expiresAt) - t.clock.now().getTime()).toBe(3_600_000);
    const hash = (await t.prisma.user.findUniqueOrThrow({ where: { username: 'coord-S1' } })).passwordHash;
    expect(hash).toMatch(/^\$argon2id\$/);
    const me = await t.http.get('/api/auth/me').set({ Authorization: `Bearer ${r.body.accessToken}` });
    expect(me.body.username).toBe('coord-S1');
  });

  it('answers 401 alike for a wrong password and an unknown user', async () => {
    const wrong = await t.http.post('/api/auth/login').send({ username: 'approver', password: 'nope' });
    const unknown = await t.http.post('/api/auth/login').send({ username: 'nobody', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.message).toBe('用户名或密码错误，或账号已停用');
  });

  it('expires tokens by the injected clock', async () => {
    const token = await t.login('organizer');
    const ok = await t.http.get('/api/campaigns').set({ Authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    t.clock.advance(3_601_000);
    const expired = await t.http.get('/api/campaigns').set({ Authorization: `Bearer ${token}`, 'Accept-Language': 'en' });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ code: 'tokenExpired', message: 'Your session has expired; sign in again' });
  });

  it('shuts a deactivated user out at once, answering its right password exactly as a wrong one', async () => {
    const token = await t.login('approver');
    await t.prisma.user.update({ where: { username: 'approver' }, data: { active: false } });
    expect((await t.http.get('/api/campaigns').set({ Authorization: `Bearer ${token}` })).status).toBe(401);
    const right = await t.http.post('/api/auth/login').send({ username: 'approver', password: PASSWORD });
    const wrong = await t.http.post('/api/auth/login').send({ username: 'approver', password: 'nope' });
    expect(right.status).toBe(401);
    expect(right.body).toEqual(wrong.body);
    await t.prisma.user.update({ where: { username: 'approver' }, data: { active: true } });
  });

  it('rate-limits failed sign-ins per address, whatever the account (more in sign-in-throttle.int-spec.ts)', async () => {
    const limited = await startApp(t.db, { loginLimitPerMinute: 5 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push((await limited.http.post('/api/auth/login').send({ username: 'organizer', password: 'guess' })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      const other = await limited.http.post('/api/auth/login').send({ username: 'coord-C1', password: PASSWORD });
      expect(other.status).toBe(429);
      limited.clock.advance(60_000);
      expect((await limited.http.post('/api/auth/login').send({ username: 'coord-C1', password: PASSWORD })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('the public surface', () => {
  it('answers health with the database state', async () => {
    const r = await t.http.get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', db: 'ok' });
  });

  it('publishes an OpenAPI document generated from the contracts', async () => {
    const r = await t.http.get('/api/docs-json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    const events = r.body.paths['/api/participations/{id}/events'].post;
    expect(events.requestBody.content['application/json'].schema.properties.type.enum).toContain('SUBMIT_PLAN');
    expect(Object.keys(r.body.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/auth/login', '/api/campaigns/{id}/participations']),
    );
    const page = await t.http.get('/api/docs');
    expect(page.text).toContain('swagger-ui-bundle.js');
    expect((await t.http.get('/api/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
  });

  it('lists campaigns with timeline and rules for any signed-in user', async () => {
    const r = await t.http.get('/api/campaigns').set({ Authorization: `Bearer ${await t.login('coord-C1')}` });
    expect(r.status).toBe(200);
    expect(r.body.items[0]).toMatchObject({ year: 2017, status: 'published', rules: { photosRequired: 3, fourOnesKinds: ['school'] } });
    expect(r.body.items[0].timeline.weekStartsAt).toBe('2017-10-22T16:00:00.000Z');
    expect((await t.http.get('/api/campaigns')).status).toBe(401);
  });
});

describe('health when the database is gone', () => {
  it('answers 503', async () => {
    const { createApp } = await import('../src/bootstrap.js');
    const { loadConfig } = await import('../src/core/config/config.js');
    const app = await createApp({
      config: loadConfig({ LOG_LEVEL: 'error' }),
      databaseUrl: 'postgresql://nobody@127.0.0.1:1/none',
      poolMax: 1,
      scheduler: false,
      webRoot: false,
      logger: false,
    });
    await app.init();
    // supertest starts the bare HTTP server itself: Fastify must have loaded its routes first.
    await app.getHttpAdapter().getInstance().ready();
    const request = (await import('supertest')).default;
    const r = await request(app.getHttpServer()).get('/api/health');
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ status: 'degraded', db: 'down' });
    await app.close();
  });
});
