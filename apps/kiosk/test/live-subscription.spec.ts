import type { ClientToServerEvents, ServerToClientEvents, TSubscribeReply, TSubscribeRequest } from '@learnweek/contracts';
import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepSubscribed, LIVE_RETRY_MS } from '../src/wall/live-subscription';

/** A socket standing in for socket.io's: records subscribes and lets the test answer them. */
class FakeSocket {
  connected = false;
  active = true;
  connects = 0;
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
  fire(event: string, ...args: unknown[]) {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const f of this.handlers.get(event) ?? []) f(...args);
  }
}

const ok = (lastSeq: number, more = false): TSubscribeReply => ({ ok: true, replayed: 0, lastSeq, more });

describe('keepSubscribed', () => {
  let socket: FakeSocket;
  let lastSeq: number;
  let stop: () => void;
  beforeEach(() => {
    vi.useFakeTimers();
    socket = new FakeSocket();
    lastSeq = 10;
    stop = keepSubscribed(
      socket as unknown as Socket<ServerToClientEvents, ClientToServerEvents>,
      () => ({ campaignId: 'c', sinceSeq: lastSeq }),
      (r) => {
        if (r.ok) lastSeq = Math.max(lastSeq, r.lastSeq);
      },
    );
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

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
});
