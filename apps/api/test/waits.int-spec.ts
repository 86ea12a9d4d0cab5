import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setup } from './harness.js';

/** A raw connection to the test app, with what it received and whether the server closed it. */
function connect(port: number): Promise<{ socket: net.Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (b: Buffer) => (data += b.toString('utf8')));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

/**
 * Every wait of a connection is bounded (core/http/connection-limits.ts): a JSON body that trickles
 * in, sent without an account, is cut off with 408 instead of holding the connection for the
 * 5 minutes an upload may take; one address holds at most MAX_CONNECTIONS_PER_ADDRESS connections.
 */
describe('bounded connections', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let port: number;

  beforeAll(async () => {
    t = await setup({ env: { MAX_CONNECTIONS_PER_ADDRESS: '5' }, capThisMachine: true });
    port = (t.app.getHttpServer().address() as net.AddressInfo).port;
  });
  afterAll(() => t.teardown());

  it('a sign-in body trickling in a byte at a time is answered 408 and its connection closed', async () => {
    const c = await connect(port);
    const body = JSON.stringify({ username: 'organizer', password: 'x'.repeat(200) });
    c.socket.write(`POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    let sent = 0;
    // One byte every 200 ms: the whole body would take 44 s, each byte well inside the idle timeout.
    const trickle = setInterval(() => {
      if (sent < body.length && !c.socket.destroyed) c.socket.write(body[sent++]!);
    }, 200);
    try {
      await c.closed;
    } finally {
      clearInterval(trickle);
    }
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(c.received()).toContain('"code":"requestTimeout"');
    expect(sent).toBeLessThan(body.length);
  });

  it('one address holds at most 5 connections: the sixth is closed unread, and a place freed is taken again', async () => {
    const held = await Promise.all(Array.from({ length: 5 }, () => connect(port)));
    const sixth = await connect(port);
    sixth.socket.write('GET /api/health/live HTTP/1.1\r\nHost: x\r\n\r\n');
    await sixth.closed;
    expect(sixth.received()).toBe('');
    held[0]!.socket.destroy();
    await held[0]!.closed;
    // The server counts the close when it sees it: the liveness probe answers once a place is free.
    let answer = '';
    while (!answer.startsWith('HTTP/1.1 200')) {
      const next = await connect(port);
      next.socket.write('GET /api/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await next.closed;
      answer = next.received();
    }
    expect(answer).toContain('{"status":"ok"}');
    for (const h of held.slice(1)) h.socket.destroy();
  });
});
