import { createApi } from '@learnweek/client';
import { describe, expect, it } from 'vitest';
import { backoffMs, CheckinQueue, checkinSender, classify, type TSendResult } from '../src/checkin/queue';
import { MemoryStore } from './memory-store';

const body = (name: string) => ({ name, idempotencyKey: `key-${name}-0000` });

/** A queue on a hand-moved clock. */
function queueAt(start = 1_000_000, store = new MemoryStore()) {
  const clock = { t: start };
  return { q: new CheckinQueue(store, 'q', () => clock.t), clock, store };
}

describe('the staff check-in queue', () => {
  it('keeps check-ins while the network is down and sends each once, with its key and scan time, when back', async () => {
    const { q, clock } = queueAt();
    const scanned = new Date('2026-12-04T01:02:03Z');
    for (const n of ['甲', '乙', '丙']) await q.add(body(n), scanned);
    let network = false;
    const sent: { key: string; scannedAt?: string }[] = [];
    const send = async (b: { idempotencyKey: string; scannedAt?: string }): Promise<TSendResult> => {
      if (!network) return { kind: 'retry' };
      sent.push({ key: b.idempotencyKey, scannedAt: b.scannedAt });
      return { kind: 'done', message: 'ok' };
    };
    expect((await q.flush(send)).settled).toEqual([]);
    expect(await q.list()).toHaveLength(3);
    network = true;
    clock.t += 60_000;
    const r = await q.flush(send);
    expect(r.settled.map((x) => x.body.name)).toEqual(['甲', '乙', '丙']);
    expect(sent).toEqual(['甲', '乙', '丙'].map((n) => ({ key: `key-${n}-0000`, scannedAt: scanned.toISOString() })));
    expect(await q.list()).toEqual([]);
  });

  it('keeps an item on 5xx and 429 and backs off; the same key goes out again', async () => {
    const { q, clock } = queueAt();
    await q.add(body('甲'), new Date());
    const keys: string[] = [];
    const answers: TSendResult[] = [{ kind: 'retry' }, { kind: 'retry', retryAfterMs: 5_000 }, { kind: 'done', message: 'ok' }];
    const send = async (b: { idempotencyKey: string }) => (keys.push(b.idempotencyKey), answers.shift()!);
    await q.flush(send);
    expect((await q.list())[0]?.attempts).toBe(1);
    // within the backoff nothing is sent
    await q.flush(send);
    expect(keys).toHaveLength(1);
    clock.t += backoffMs(1);
    await q.flush(send);
    expect(keys).toHaveLength(2);
    expect(q.nextTryAt).toBe(clock.t + 5_000);
    clock.t += 5_000;
    expect((await q.flush(send)).settled).toHaveLength(1);
    expect(keys).toEqual(['key-甲-0000', 'key-甲-0000', 'key-甲-0000']);
    expect(await q.list()).toEqual([]);
  });

  it('removes a definitive refusal from the queue and lists it, with the reason, until dismissed', async () => {
    const { q } = queueAt();
    for (const n of ['甲', '乙']) await q.add(body(n), new Date());
    await q.flush(async (b) =>
      b.name === '甲' ? { kind: 'refused', status: 409, message: '签到已结束' } : { kind: 'done', message: 'ok' },
    );
    expect(await q.list()).toEqual([]);
    expect((await q.refused()).map((r) => [r.body.name, r.status, r.reason])).toEqual([['甲', 409, '签到已结束']]);
    await q.dismiss('key-甲-0000');
    expect(await q.refused()).toEqual([]);
  });

  it('runs one flush at a time: the timer, a tap and `online` together send each item once', async () => {
    const { q } = queueAt();
    for (const n of ['甲', '乙']) await q.add(body(n), new Date());
    const sent: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const send = async (b: { idempotencyKey: string }): Promise<TSendResult> => {
      sent.push(b.idempotencyKey);
      await gate;
      return { kind: 'done', message: 'ok' };
    };
    const flushes = [q.flush(send), q.flush(send), q.flush(send)];
    release();
    await Promise.all(flushes);
    expect(sent).toEqual(['key-甲-0000', 'key-乙-0000']);
  });

  it('stops at the first item it cannot send now and keeps the rest in order', async () => {
    const { q } = queueAt();
    for (const n of ['甲', '乙', '丙']) await q.add(body(n), new Date());
    let calls = 0;
    const r = await q.flush(async () => (++calls === 2 ? { kind: 'retry' } : { kind: 'done', message: 'x' }));
    expect(r.settled.map((x) => x.body.name)).toEqual(['甲']);
    expect((await q.list()).map((x) => x.body.name)).toEqual(['乙', '丙']);
  });

  it('keeps what waits across a reload: a new queue on the same store sends it, once', async () => {
    const store = new MemoryStore();
    const before = queueAt(1_000_000, store);
    await before.q.add(body('甲'), new Date('2026-12-04T01:02:03Z'));
    await before.q.flush(async () => ({ kind: 'retry' }));
    // the page reloads: nothing of the old queue object is left but its store
    const after = queueAt(2_000_000, store);
    expect((await after.q.list()).map((x) => [x.body.name, x.attempts, x.body.scannedAt])).toEqual([['甲', 1, '2026-12-04T01:02:03.000Z']]);
    const sent: string[] = [];
    await after.q.flush(async (b) => (sent.push(b.idempotencyKey), { kind: 'done', message: 'ok' }));
    await after.q.flush(async (b) => (sent.push(b.idempotencyKey), { kind: 'done', message: 'ok' }));
    expect(sent).toEqual(['key-甲-0000']);
    expect(await after.q.list()).toEqual([]);
  });

  it('loses no tap made while a flush is sending', async () => {
    const { q } = queueAt();
    await q.add(body('甲'), new Date());
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const flushing = q.flush(async () => (await gate, { kind: 'done', message: 'ok' }));
    await q.add(body('乙'), new Date());
    release();
    await flushing;
    expect((await q.list()).map((x) => x.body.name)).toEqual(['乙']);
  });

  it('takes over what an earlier desk queued in localStorage, once, without doubling what it has', async () => {
    const { q } = queueAt();
    await q.add(body('甲'), new Date('2026-12-04T01:00:00Z'));
    const legacy = new Map<string, string>([
      [
        'q',
        JSON.stringify([
          { body: body('甲'), queuedAt: '2026-12-04T01:00:00.000Z', attempts: 2 },
          { body: body('乙'), queuedAt: '2026-12-04T01:00:05.000Z' },
        ]),
      ],
      ['q.refused', JSON.stringify([{ body: body('丙'), status: 409, reason: '签到已结束', at: '2026-12-04T01:00:09.000Z' }])],
    ]);
    const storage = { getItem: (k: string) => legacy.get(k) ?? null, removeItem: (k: string) => void legacy.delete(k) };
    expect(await q.adopt(storage)).toBe(2);
    expect((await q.list()).map((x) => [x.body.name, x.attempts])).toEqual([
      ['甲', 0],
      ['乙', 0],
    ]);
    expect((await q.refused()).map((r) => r.body.name)).toEqual(['丙']);
    expect(legacy.size).toBe(0);
    expect(await q.adopt(storage)).toBe(0);
    expect(await q.list()).toHaveLength(2);
  });

  it('takes 200/201 as done, 400/403/404/409/422 as refused, every other status as try again', () => {
    expect([200, 201].map(classify)).toEqual(['done', 'done']);
    expect([400, 403, 404, 409, 422].map(classify)).toEqual(Array(5).fill('refused'));
    expect([401, 408, 429, 500, 502, 503, 504].map(classify)).toEqual(Array(7).fill('retry'));
    expect(backoffMs(1)).toBe(1_000);
    expect(backoffMs(3)).toBe(4_000);
    expect(backoffMs(20)).toBe(30_000);
  });

  it('sends through the API client: keeps an item when no answer comes, waits what a 503 asks, lists a refusal, and is done on 201', async () => {
    const SESSION = '3f0e4a52-7c1b-4d2e-9a8f-1b2c3d4e5f60';
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) =>
      new Response(JSON.stringify(payload), { status, headers: { 'Content-Type': 'application/json', ...headers } });
    const answers: (() => Response)[] = [
      () => {
        throw new TypeError('Failed to fetch');
      },
      () => json(503, { statusCode: 503, code: 'unavailable', message: '服务繁忙' }, { 'Retry-After': '7' }),
      () => json(201, { checkin: {}, duplicate: false, message: '签到成功' }),
      () => json(409, { statusCode: 409, code: 'conflict', message: '不在签到时段内' }),
    ];
    const requests: { url: string; key: string }[] = [];
    const fetchFake = (async (url: string, init: RequestInit) => {
      requests.push({ url, key: (JSON.parse(init.body as string) as { idempotencyKey: string }).idempotencyKey });
      return answers.shift()!();
    }) as unknown as typeof fetch;
    const send = checkinSender(createApi({ fetch: fetchFake }), SESSION, false);
    const { q, clock } = queueAt();
    await q.add(body('甲'), new Date());
    await q.add(body('乙'), new Date());

    expect(await q.flush(send)).toEqual({ settled: [], results: [] });
    expect(await q.list()).toHaveLength(2);
    clock.t += 1_000; // the first backoff
    await q.flush(send);
    expect((await q.list()).map((x) => [x.body.name, x.attempts])).toEqual([
      ['甲', 2],
      ['乙', 0],
    ]);
    expect(q.nextTryAt).toBe(clock.t + 7_000);
    clock.t += 7_000;
    const r = await q.flush(send);
    expect(r.results).toEqual([
      { kind: 'done', message: '甲：签到成功' },
      { kind: 'refused', status: 409, message: '不在签到时段内' },
    ]);
    expect(await q.list()).toEqual([]);
    expect((await q.refused()).map((x) => [x.body.name, x.status, x.reason])).toEqual([['乙', 409, '不在签到时段内']]);
    expect(requests.map((x) => x.key)).toEqual(['key-甲-0000', 'key-甲-0000', 'key-甲-0000', 'key-乙-0000']);
    expect(new Set(requests.map((x) => x.url))).toEqual(new Set([`/api/checkin-sessions/${SESSION}/checkins`]));
  });

  it('on a resident’s page takes a 401 as a refusal; the desk keeps the item for after the next sign-in', async () => {
    const unauthorized = (async () =>
      new Response(JSON.stringify({ statusCode: 401, code: 'unauthorized', message: '请先登录' }), {
        status: 401,
      })) as unknown as typeof fetch;
    const api = createApi({ fetch: unauthorized });
    expect(await checkinSender(api, 's', true)(body('甲'))).toEqual({ kind: 'refused', status: 401, message: '请先登录' });
    expect(await checkinSender(api, 's', false)(body('甲'))).toEqual({ kind: 'retry', retryAfterMs: undefined });
  });
});
