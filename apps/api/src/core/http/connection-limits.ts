import { BlockList, isIPv4 } from 'node:net';
import type { Server, Socket } from 'node:net';
import os from 'node:os';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { ApiException } from '../errors/api.exception.js';

/**
 * The waits of a connection, sized for a ceremony (docs/RELIABILITY.md, "Every wait bounded"): a
 * venue's phones on a busy network send a JSON body in well under a second, a photo in a minute.
 *  - `headersMs`: a request's headers (Node's headersTimeout; Node checks it every few seconds);
 *  - `jsonBodyMs`: a JSON body, the only body read before the guards (408, then the connection is closed);
 *  - `requestMs`: a whole request, uploads included (read after their guards: only signed-in users);
 *  - `idleMs`: a connection without a byte either way (Fastify's connectionTimeout);
 *  - `keepAliveMs`: a kept-alive connection between requests, above nginx's 60 s for its upstream
 *    connections, so that the proxy never sends a request on a connection being closed under it.
 */
export const HTTP_WAITS = { headersMs: 10_000, jsonBodyMs: 10_000, requestMs: 300_000, idleMs: 60_000, keepAliveMs: 65_000 } as const;

/** The ranges of Fastify's trustProxy names (proxy-addr's). */
const RANGES: Record<string, [string, number, 'ipv4' | 'ipv6'][]> = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  linklocal: [
    ['169.254.0.0', 16, 'ipv4'],
    ['fe80::', 10, 'ipv6'],
  ],
  uniquelocal: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
};

/**
 * The peers the cap does not count: the proxies of TRUST_PROXY (names, addresses, CIDR ranges)
 * and, unless told otherwise, this machine itself (loopback and its own addresses: the proxy on the
 * same host, the organisers' load rehearsal run by the server against its own address).
 */
export function uncappedPeers(trusted: false | string[], thisMachine = true): BlockList {
  const list = new BlockList();
  if (thisMachine) {
    for (const [net, prefix, family] of RANGES.loopback!) list.addSubnet(net, prefix, family);
    for (const a of Object.values(os.networkInterfaces()).flat()) if (a) list.addAddress(a.address, a.family === 'IPv4' ? 'ipv4' : 'ipv6');
  }
  for (const entry of trusted || []) {
    const range = RANGES[entry];
    if (range) for (const [net, prefix, family] of range) list.addSubnet(net, prefix, family);
    else {
      const [address = '', prefix] = entry.split('/');
      const family = isIPv4(address) ? 'ipv4' : 'ipv6';
      if (prefix === undefined) list.addAddress(address, family);
      else list.addSubnet(address, Number(prefix), family);
    }
  }
  return list;
}

const peerOf = (socket: Socket) => socket.remoteAddress?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/**
 * At most `max` open connections from one address (0: no cap); the uncapped peers (the proxies carry
 * everyone) are not counted, a venue's NAT is. A connection beyond is closed at once,
 * before a byte is read: 20,000 idle connections from one host cannot exhaust the process.
 */
export function capConnectionsPerAddress(server: Server, max: number, uncapped: BlockList): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const peer = peerOf(socket);
    if (!peer || uncapped.check(peer, isIPv4(peer) ? 'ipv4' : 'ipv6')) return;
    const n = (open.get(peer) ?? 0) + 1;
    if (n > max) {
      socket.destroy();
      return;
    }
    open.set(peer, n);
    socket.once('close', () => {
      const left = (open.get(peer) ?? 1) - 1;
      if (left > 0) open.set(peer, left);
      else open.delete(peer);
    });
  });
}

/**
 * A JSON body must arrive within HTTP_WAITS.jsonBodyMs: it is read before the guards, so a slow
 * sender needs no account. Then 408 (`requestTimeout`), and the connection closes once that is sent.
 */
export function boundJsonBodies(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', (req, reply, payload, done) => {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return done(null, payload);
    const body = new PassThrough();
    const timer = setTimeout(() => {
      // Answered already (a refusal before the body was read, a body over the limit): nothing waits for it.
      if (reply.raw.headersSent) return;
      payload.unpipe(body);
      reply.header('Connection', 'close');
      reply.raw.once('finish', () => req.raw.socket.destroySoon());
      body.destroy(new ApiException(408, 'requestTimeout'));
    }, HTTP_WAITS.jsonBodyMs);
    payload.once('end', () => clearTimeout(timer));
    payload.once('close', () => clearTimeout(timer));
    reply.raw.once('close', () => clearTimeout(timer));
    payload.once('error', (err) => body.destroy(err));
    // The parser listens while it reads; once it has stopped (the request answered), an error here
    // must not become an uncaught exception that ends the process.
    body.on('error', () => undefined);
    payload.pipe(body);
    done(null, body);
  });
}
