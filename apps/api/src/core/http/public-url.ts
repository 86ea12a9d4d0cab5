import { isIP } from 'node:net';
import type { TLinkReach } from '@learnweek/contracts';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/config.js';

/**
 * The one way absolute links are made (posters, the wall's QR, desk links, e-mails, the rehearsal's
 * target): PUBLIC_URL when it is set, whatever the request says; otherwise the origin the browser
 * used, as the trusted proxy forwarded it. Fastify believes X-Forwarded-Proto and X-Forwarded-Host
 * only from a peer named in TRUST_PROXY (bootstrap.ts), so a client's own headers never make a link
 * unless it is such a proxy. A Host that is not a host name (or address) with an optional port gives
 * `localhost`, which the console then flags. No trailing slash. (docs/SCALE.md, "Behind a proxy")
 */
export function publicOrigin(config: Pick<AppConfig, 'publicUrl'>, req: FastifyRequest): string {
  if (config.publicUrl) return config.publicUrl;
  const protocol = req.protocol === 'https' ? 'https' : 'http';
  return `${protocol}://${hostOf(req.host)}`;
}

/**
 * An absolute link made outside any request (the scheduler's e-mails): `path` under PUBLIC_URL. With
 * no PUBLIC_URL there is no origin to name, and the path is given alone (the console flags the setting).
 */
export function publicLink(config: Pick<AppConfig, 'publicUrl'>, path: string): string {
  return `${config.publicUrl ?? ''}${path}`;
}

/** `host[:port]` as received, when it is one; `localhost` otherwise. */
function hostOf(raw: string | undefined): string {
  if (!raw || raw.length > 262 || !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(raw)) return 'localhost';
  try {
    return new URL(`http://${raw}`).host;
  } catch {
    return 'localhost';
  }
}

/**
 * Whom an origin reaches: `loopback` (only this machine: 127.0.0.1, localhost, ::1), `private` (a
 * private or link-local network: phones on the venue's Wi-Fi at most), `public` (anyone).
 */
export function linkReach(origin: string): TLinkReach {
  const host = new URL(origin).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    host === '0.0.0.0' ||
    host === '::' ||
    /^127\./.test(host) ||
    /^::ffff:127\./.test(host)
  )
    return 'loopback';
  const family = isIP(host);
  if (family === 4) {
    const [a = 0, b = 0] = host.split('.').map(Number);
    if (
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127)
    )
      return 'private';
  }
  if (family === 6 && /^(f[cd]|fe[89ab])/.test(host)) return 'private';
  // A name without a dot (a machine's name on the LAN) or under .local / .lan / .internal.
  if (family === 0 && (!host.includes('.') || /\.(local|lan|internal|home\.arpa)$/.test(host))) return 'private';
  return 'public';
}
