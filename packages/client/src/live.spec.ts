import type { TLiveEnvelope, TSubscribeReply, TSubscribeRequest } from '@learnweek/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { followLive, keepSubscribed, LIVE_RETRY_MS, type TLiveSocket, type TResyncReason } from './live.js';

/** A socket standing in for socket.io's: records subscribes and lets the test answer them. */
class FakeSocket {
  connected = false;
  active = true;
  connects = 0;
  closed = false;
  sent: { request: TSubscribeRequest; answer: (r: TSubscribeReply) => void }[] = [];
  private handlers = new Map<string, ((...args: unknown[]) => void)[]>();
  on(event: string, f: (...args: unknown[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), f]);
    return this;
  }
  emit(_event: 'subscribe', request: TSubscribeRequest, answer: (r: TSubscribeReply) => void) {
    this.sent.push({ request, answer });
    return this;
  }
  connect() {
    this.connects += 1;
    return this;
  }
  close() {
    this.closed = true;
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const f of this.handlers.get(event) ?? []) f(...args);
  }
  get asSocket() {
    return this as unknown as TLiveSocket;
  }
}

const ok = (lastSeq: number, more = false, resyncNeeded?: true): TSubscribeReply => ({
  ok: true,
  replayed: 0,
  lastSeq,
  more,
  ...(resyncNeeded ? { resyncNeeded } : {}),
});
const stats = (seq: number): TLiveEnvelope => ({
  seq,
  type: 'checkin.stats',
  at: '2017-10-24T01:00:00.000Z',
  data: { sessionId: 's', total: seq },
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('keepSubscribed', () => {
  let socket: FakeSocket;
  let lastSeq: number;
  let stop: () => void;
  beforeEach(() => {
    socket = new FakeSocket();
    lastSeq = 10;
    stop = keepSubscribed(
      socket.asSocket,
      () => ({ campaignId: 'c', sinceSeq: lastSeq }),
      (r) => {
        if (r.ok) lastSeq = Math.max(lastSeq, r.lastSeq);
      },
    );
  });
  afterEach(() => stop());

  it('subscribes from the last seq seen on every connection and on live.resync', () => {
    socket.fire('connect');
    expect(socket.sent.map((s) => s.request)).toEqual([{ campaignId: 'c', sinceSeq: 10 }]);
    socket.sent[0]!.answer(ok(42));
    socket.fire('live.resync');
    expect(socket.sent[1]!.request).toEqual({ campaignId: 'c', sinceSeq: 42 });
    socket.sent[1]!.answer(ok(42));
    socket.fire('disconnect');
    socket.fire('connect');
    expect(socket.sent[2]!.request).toEqual({ campaignId: 'c', sinceSeq: 42 });
  });

  it('sends one request at a time, then once more for what was asked meanwhile, and continues a cut replay', () => {
    socket.fire('connect');
    socket.fire('live.resync');
    socket.fire('live.resync');
    expect(socket.sent).toHaveLength(1);
    socket.sent[0]!.answer(ok(5_010, true));
    expect(socket.sent.map((s) => s.request.sinceSeq)).toEqual([10, 5_010]);
    socket.sent[1]!.answer(ok(6_000, true));
    expect(socket.sent.map((s) => s.request.sinceSeq)).toEqual([10, 5_010, 6_000]);
    socket.sent[2]!.answer(ok(6_100));
    expect(socket.sent).toHaveLength(3);
  });

  it('starts afresh after a connection lost with a request in flight', () => {
    socket.fire('connect');
    socket.fire('disconnect');
    socket.fire('connect');
    expect(socket.sent).toHaveLength(2);
  });

  it('asks again later when the server could not answer, and reconnects after a handshake it could not check', () => {
    socket.fire('connect');
    socket.sent[0]!.answer({ ok: false, replayed: 0, lastSeq: 0, error: 'unavailable' });
    expect(socket.sent).toHaveLength(1);
    vi.advanceTimersByTime(LIVE_RETRY_MS);
    expect(socket.sent).toHaveLength(2);
    socket.sent[1]!.answer({ ok: false, replayed: 0, lastSeq: 0, error: 'forbidden' });
    vi.advanceTimersByTime(LIVE_RETRY_MS);
    expect(socket.sent).toHaveLength(2); // a refusal is not retried

    socket.fire('disconnect');
    socket.active = false;
    socket.fire('connect_error', new Error('unauthorized'));
    vi.advanceTimersByTime(LIVE_RETRY_MS);
    expect(socket.connects).toBe(0);
    socket.fire('connect_error', new Error('unavailable'));
    vi.advanceTimersByTime(LIVE_RETRY_MS);
    expect(socket.connects).toBe(1);
  });

  it('waits as long as the server says when it limits this client, then subscribes again', () => {
    socket.fire('connect');
    socket.sent[0]!.answer({ ok: false, replayed: 0, lastSeq: 0, error: 'rateLimited', retryAfterMs: 30_000 });
    vi.advanceTimersByTime(29_999);
    expect(socket.sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(socket.sent).toHaveLength(2);
    socket.sent[1]!.answer({ ok: false, replayed: 0, lastSeq: 0, error: 'tooManySubscriptions', retryAfterMs: 60_000 });
    vi.advanceTimersByTime(60_000);
    expect(socket.sent.map((s) => s.request)).toEqual([1, 2, 3].map(() => ({ campaignId: 'c', sinceSeq: 10 })));
  });
});

describe('followLive', () => {
  function follow(options: { sinceSeq?: number; resyncEveryMs?: number } = {}) {
    const socket = new FakeSocket();
    const events: number[] = [];
    const live: boolean[] = [];
    const resyncs: TResyncReason[] = [];
    const feed = followLive(socket.asSocket, {
      follow: { campaignId: 'c' },
      types: ['checkin.stats'],
      onEvent: (e) => events.push(e.seq),
      onLive: (l) => live.push(l),
      onResync: (r) => resyncs.push(r),
      ...options,
    });
    return { socket, feed, events, live, resyncs };
  }

  it('asks for no replay before it knows where the feed is, then resubscribes from the highest seq seen', () => {
    const { socket, feed, events } = follow();
    socket.fire('connect');
    expect(socket.sent[0]!.request).toEqual({ campaignId: 'c' });
    socket.sent[0]!.answer(ok(100));
    socket.fire('checkin.stats', stats(107));
    socket.fire('checkin.stats', stats(103)); // a late one does not move it back
    expect([events, feed.lastSeq]).toEqual([[107, 103], 107]);
    socket.fire('disconnect');
    socket.fire('connect');
    expect(socket.sent[1]!.request).toEqual({ campaignId: 'c', sinceSeq: 107 });
    socket.sent[1]!.answer(ok(120));
    socket.fire('live.resync');
    expect(socket.sent[2]!.request).toEqual({ campaignId: 'c', sinceSeq: 120 });
  });

  it('starts from the page’s REST state, and from a redraw’s when that is further', () => {
    const { socket, feed } = follow({ sinceSeq: 50 });
    socket.fire('connect');
    expect(socket.sent[0]!.request).toEqual({ campaignId: 'c', sinceSeq: 50 });
    socket.sent[0]!.answer(ok(60));
    feed.seen(80);
    feed.seen(70);
    socket.fire('live.resync');
    expect(socket.sent[1]!.request).toEqual({ campaignId: 'c', sinceSeq: 80 });
  });

  it('says when it is live, and asks for a redraw on a gap, on the server’s resync and on its timer', () => {
    const { socket, feed, live, resyncs } = follow({ sinceSeq: 1, resyncEveryMs: 60_000 });
    socket.fire('connect');
    socket.sent[0]!.answer(ok(900, false, true));
    expect([live, resyncs]).toEqual([[true], ['gap']]);
    socket.fire('live.resync');
    socket.sent[1]!.answer({ ok: false, replayed: 0, lastSeq: 0, error: 'forbidden' });
    socket.fire('disconnect');
    socket.fire('connect_error', new Error('unavailable'));
    expect([live, resyncs]).toEqual([
      [true, false, false, false],
      ['gap', 'server'],
    ]);
    vi.advanceTimersByTime(120_000);
    expect(resyncs).toEqual(['gap', 'server', 'timer', 'timer']);

    feed.close();
    vi.advanceTimersByTime(120_000);
    expect(resyncs).toHaveLength(4);
    expect(socket.closed).toBe(true);
  });
});
