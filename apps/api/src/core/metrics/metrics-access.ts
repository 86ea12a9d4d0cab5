import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The loopback addresses as Node reports a peer: 127.0.0.0/8, ::1 and IPv4-mapped 127.x. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** The password of `Authorization: Basic …` (any user name), as Prometheus's `basic_auth` sends it. */
function basicPassword(header: string | undefined): string | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** Equal in constant time, whatever the lengths (both sides hashed first). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Who may read /api/metrics: a process on this machine talking to the API directly, or anyone
 * presenting METRICS_TOKEN (as the password of HTTP Basic: `curl -u metrics:$METRICS_TOKEN`).
 * "This machine" is the TCP peer, never the address a proxy forwarded, and a request that carries
 * X-Forwarded-For or Forwarded came through a proxy: nginx on the same host connects from 127.0.0.1
 * for every client on the internet, so such a request needs the token (infra/nginx.conf sets
 * X-Forwarded-For on every request it passes).
 */
export function metricsAllowed(peer: string | undefined, headers: IncomingHttpHeaders, token: string | undefined): boolean {
  const given = basicPassword(headers.authorization);
  if (token !== undefined && given !== undefined && sameSecret(given, token)) return true;
  const proxied = headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined;
  return isLoopback(peer) && !proxied;
}
