import type { TListNotificationsResponse, TSignInThrottles } from '@learnweek/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaText } from '../src/core/clock/china-time.js';
import { SIGN_IN_RULES } from '../src/modules/auth/sign-in-limiter.js';
import { PASSWORD, setup, startApp, type TestApp } from './harness.js';
import { startSmtp } from './smtp.js';

/**
 * Sign-in protection (docs/PRODUCT.md): failures throttled per account and address with growing
 * waits, per address across accounts, and an account under attack slowed, never locked; its owner
 * told once per window; the organiser sees and clears throttles. Behind a proxy on this host
 * (TRUST_PROXY=loopback): X-Forwarded-For names the client. Counters in the real Redis, shared by
 * the instances of one database; time from the ManualClock.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PROXIED = { TRUST_PROXY: 'loopback', PUBLIC_URL: 'https://learnweek.example.cn' };

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let t: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  smtp = await startSmtp();
  t = await setup({ loginLimitPerMinute: 30, redisUrl: REDIS_URL, env: { ...PROXIED, SMTP_URL: `${smtp.url}?from=xxzx@example.cn` } });
});
afterAll(async () => {
  await t?.teardown();
  await smtp?.close();
});

/** A user with the test password (a check-in volunteer unless told). */
async function addUser(username: string, data: { roles?: string[]; email?: string } = {}) {
  const { passwordHash } = await t.prisma.user.findUniqueOrThrow({ where: { username: 'organizer' } });
  return t.prisma.user.create({
    data: { username, displayName: username, roles: data.roles ?? ['checkinStaff'], email: data.email ?? null, passwordHash },
  });
}

const login = (s: Pick<TestApp, 'http'>, username: string, password: string, from: string) =>
  s.http.post('/api/auth/login').set('X-Forwarded-For', from).set('Accept-Language', 'en').send({ username, password });

describe('a guesser at one address', () => {
  it('cannot keep the owner at another address out: 30 wrong passwords, and the right one from elsewhere signs in at once', async () => {
    await addUser('desk');
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await login(t, 'desk', `guess-${i}`, '203.0.113.66')).status);
    // 5 free failures, then the address waits (429) between tries.
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    const owner = await login(t, 'desk', PASSWORD, '192.0.2.10');
    expect(owner.status).toBe(200);
    // Even the guesser's address with the right password waits: nothing tells it that it is right.
    expect((await login(t, 'desk', PASSWORD, '203.0.113.66')).status).toBe(429);
  });

  it('waits 1 s, 2 s, 4 s… between tries after its 5 free failures, and 15 minutes once its account has 10 failures (under attack)', async () => {
    await addUser('patient');
    for (let i = 0; i < SIGN_IN_RULES.pairFree; i++) expect((await login(t, 'patient', 'nope', '198.51.100.7')).status).toBe(401);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await login(t, 'patient', 'nope', '198.51.100.7');
      expect(r.status).toBe(429);
      expect(r.body).toMatchObject({ code: 'signInLocked', message: 'Too many failed sign-in attempts; try again later' });
      const seconds = Number(r.headers['retry-after']);
      waits.push(seconds);
      t.clock.advance(seconds * 1_000);
      expect((await login(t, 'patient', 'nope', '198.51.100.7')).status).toBe(401);
    }
    // The 10th failure puts the account under attack: one free failure per address, so this one's 11th waits 2^10 s, capped.
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 900, 900]);
    // The right password after the wait: the pair starts afresh.
    t.clock.advance(900_000);
    expect((await login(t, 'patient', PASSWORD, '198.51.100.7')).status).toBe(200);
    expect((await login(t, 'patient', 'nope', '198.51.100.7')).status).toBe(401);
  });

  it('spraying one password across accounts is stopped after 30 failures a minute, for that address only', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await login(t, `sprayed-${i}`, 'Spring2017!', '203.0.113.5')).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    const refused = await login(t, 'organizer', PASSWORD, '203.0.113.5');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await login(t, 'organizer', PASSWORD, '203.0.113.6')).status).toBe(200);
    t.clock.advance(60_000);
    expect((await login(t, 'organizer', PASSWORD, '203.0.113.5')).status).toBe(200);
  });
});

describe('an account under attack from many addresses', () => {
  it('is slowed, never locked: each new address gets one free failure then waits, and the owner still signs in from anywhere', async () => {
    await addUser('ceremony');
    // 10 failures (loginFailuresPerAccount) from 10 addresses: under attack.
    for (let i = 1; i <= 10; i++) expect((await login(t, 'ceremony', 'guess', `198.51.100.${100 + i}`)).status).toBe(401);
    expect((await login(t, 'ceremony', 'guess', '198.51.100.120')).status).toBe(401);
    const wait = await login(t, 'ceremony', 'guess', '198.51.100.120');
    expect(wait.status).toBe(429);
    expect(wait.headers['retry-after']).toBe('1');
    expect((await login(t, 'ceremony', PASSWORD, '192.0.2.77')).status).toBe(200);
  });

  it('tells its owner once per hour, in the app and by email, with the time and the addresses', async () => {
    await addUser('volunteer', { email: 'zhiyuanzhe@example.cn' });
    const sent = smtp.attempts;
    const at = t.clock.now();
    for (let i = 1; i <= 25; i++) {
      await login(t, 'volunteer', 'guess', `198.51.100.${i}`);
      t.clock.advance(1_000);
    }
    const tried = (i: number) => chinaText(new Date(at.getTime() + (i - 1) * 1_000), 'second');
    const bell = (await t.http.get('/api/notifications').set(await t.as('volunteer'))).body as TListNotificationsResponse;
    const notices = bell.items.filter((n) => n.kind === 'signInFailures');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toBe(`您的账号 volunteer 自 ${chinaText(at, 'minute')} 起已有 10 次登录失败`);
    expect(notices[0]!.body).toContain(`来源地址：198.51.100.10 (${tried(10)})、198.51.100.9 (${tried(9)})、`);
    expect(notices[0]!.body).toContain(`198.51.100.1 (${tried(1)})。如非本人操作`);
    await smtp.waitForAttempts(sent + 1);
    const mail = smtp.received.at(-1)!;
    expect(mail).toMatchObject({ to: 'zhiyuanzhe@example.cn', subject: '账号 volunteer 多次登录失败' });
    expect(mail.text).toContain('198.51.100.1 (');
    expect(mail.text).toContain('https://learnweek.example.cn/admin/');
    // The next hour's attack is told again.
    t.clock.advance(SIGN_IN_RULES.accountWindowMs);
    for (let i = 1; i <= 10; i++) await login(t, 'volunteer', 'guess', `198.51.100.${200 + i}`);
    const later = (await t.http.get('/api/notifications').set(await t.as('volunteer'))).body as TListNotificationsResponse;
    expect(later.items.filter((n) => n.kind === 'signInFailures')).toHaveLength(2);
  });
});

describe('the organiser', () => {
  it('sees the throttles of every instance and clears one, audited; nobody else may', async () => {
    await addUser('gate');
    const other = await startApp(t.db, { clock: t.clock, loginLimitPerMinute: 30, redisUrl: REDIS_URL, env: PROXIED });
    try {
      // Failures on the other instance, seen and cleared from this one.
      for (let i = 0; i < 6; i++) await login(other, 'gate', 'nope', '203.0.113.77');
      expect((await login(t, 'gate', PASSWORD, '203.0.113.77')).status).toBe(429);
      const list = await t.http.get('/api/auth/throttles').set(await t.as('organizer'));
      expect(list.status).toBe(200);
      const items = (list.body as TSignInThrottles).items;
      expect(items).toContainEqual({
        kind: 'pair',
        username: 'gate',
        address: '203.0.113.77',
        failures: 5,
        until: new Date(t.clock.now().getTime() + 1_000).toISOString(),
        slowed: false,
      });
      expect(items).toContainEqual({ kind: 'account', username: 'gate', address: null, failures: 5, until: null, slowed: false });

      for (const who of ['approver', 'coord-S1', 'gate']) {
        expect((await t.http.get('/api/auth/throttles').set(await t.as(who))).status).toBe(403);
        expect(
          (
            await t.http
              .post('/api/auth/throttles/clear')
              .set(await t.as(who))
              .send({ username: 'gate' })
          ).status,
        ).toBe(403);
      }
      const empty = await t.http
        .post('/api/auth/throttles/clear')
        .set(await t.as('organizer'))
        .set('Accept-Language', 'en')
        .send({});
      expect(empty.status).toBe(400);
      expect(empty.body.errors).toEqual([{ path: 'username', message: 'Must not be blank' }]);

      const cleared = await t.http
        .post('/api/auth/throttles/clear')
        .set(await t.as('organizer'))
        .send({ username: ' Gate ' });
      expect(cleared.status).toBe(200);
      expect(cleared.body.cleared).toBeGreaterThanOrEqual(2);
      expect((await login(other, 'gate', PASSWORD, '203.0.113.77')).status).toBe(200);
      const after = ((await t.http.get('/api/auth/throttles').set(await t.as('organizer'))).body as TSignInThrottles).items;
      expect(after.filter((e) => e.username === 'gate')).toEqual([]);
      const audit = await t.http
        .get('/api/audit')
        .query({ kind: 'signIn.throttleCleared' })
        .set(await t.as('organizer'));
      expect(audit.body.items).toEqual([
        expect.objectContaining({
          kind: 'signIn.throttleCleared',
          target: 'gate',
          counts: { cleared: cleared.body.cleared },
          actor: expect.objectContaining({ username: 'organizer' }),
        }),
      ]);
    } finally {
      await other.close();
    }
  });
});
