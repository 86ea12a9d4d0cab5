// With REDIS_URL, the per-address limit of self check-ins holds for the deployment, not per
// instance: two instances on one Redis count one address's check-ins together.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { setup, startApp, type TestApp } from './harness.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CEREMONY = new Date('2017-10-25T01:00:00Z');
const SECRET = 'venue-secret-throttle-0123';

let t: Awaited<ReturnType<typeof setup>>;
let two: TestApp;
let sessionId: string;

beforeAll(async () => {
  t = await setup({ clock: new ManualClock(CEREMONY), redisUrl: REDIS_URL, checkinLimitPerMinute: 5 });
  two = await startApp(t.db, { clock: t.clock, redisUrl: REDIS_URL, checkinLimitPerMinute: 5 });
  sessionId = await t.newCheckinSession({ qrSecret: SECRET });
});
afterAll(async () => {
  await two?.close();
  await t?.teardown();
});

const selfCheckin = (app: TestApp, i: number) =>
  app.http
    .post(`/api/checkin-sessions/${sessionId}/checkins`)
    .send({ name: `来宾${i}`, phone: `1391234${String(5000 + i)}`, idempotencyKey: `k-${randomUUID()}`, secret: SECRET });

describe('the self check-in limit per address, with two instances on one Redis', () => {
  it('counts the check-ins of one address on both instances together', async () => {
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await selfCheckin(i % 2 === 0 ? t : two, i));
    // 5 a minute from this address, whichever instance took them: not 5 on each.
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 429, 429]);
    const refused = answers[5]!;
    expect(refused.body.message).toBe('操作过于频繁，请稍后再试');
    expect(Number(refused.headers['retry-after-checkin'])).toBeGreaterThan(0);
    // Signed-in staff at a desk are not limited.
    const staff = await t.http
      .post(`/api/checkin-sessions/${sessionId}/checkins`)
      .set(await t.as('organizer'))
      .send({ name: '来宾甲', idempotencyKey: `k-${randomUUID()}` });
    expect(staff.status).toBe(201);
  });
});
