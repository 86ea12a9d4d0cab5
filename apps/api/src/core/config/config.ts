import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { wellKnownScreenTokensAllowed } from '@learnweek/db';
import { z } from 'zod';
import { backupKeyOf } from '../../modules/operations/backup-format.js';
import { parseCron } from '../../modules/operations/schedule.js';
import { secretWeakness } from './secret-strength.js';

/** Names Fastify's `trustProxy` (proxy-addr) understands for address ranges. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** One entry of TRUST_PROXY: a range name, an address, or an address with a prefix length (CIDR). */
function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** An SMTP server: smtp:// (STARTTLS when offered) or smtps://, credentials in the URL, `?from=` the sender. */
function isSmtpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (
      (u.protocol === 'smtp:' || u.protocol === 'smtps:') &&
      u.hostname !== '' &&
      (!u.searchParams.has('from') || /^[^@\s]+@[^@\s]+$/.test(u.searchParams.get('from')!))
    );
  } catch {
    return false;
  }
}

/** The address people reach the service at: http(s), no query or fragment (links are made under it). */
function isPublicUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (
      (u.protocol === 'http:' || u.protocol === 'https:') && u.search === '' && u.hash === '' && u.username === '' && u.password === ''
    );
  } catch {
    return false;
  }
}

/** Who the emails come from unless MAIL_FROM_NAME says otherwise: the bureau running the week. */
export const DEFAULT_MAIL_FROM_NAME = '区教育局终身学习活动周';

/** Every environment variable the service reads (documented in .env.example). */
export const ZConfig = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgresql://')
    .optional(),
  PGLITE_DATA_DIR: z.string().min(1).optional(),
  /** Where uploaded photos are kept (originals, web-size copies, thumbnails). */
  FILES_DIR: z.string().min(1).optional(),
  /**
   * S3-compatible object storage for uploads instead of FILES_DIR (MinIO, Ceph, any S3): what
   * several instances need, since a folder on one machine is not shared with the others.
   */
  FILES_S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  FILES_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name: 3–63 lowercase letters, digits, dots and hyphens')
    .default('learnweek'),
  FILES_S3_REGION: z.string().min(1).default('us-east-1'),
  /** Unset (both): the AWS SDK's own credential chain (AWS_ACCESS_KEY_ID, an instance role…). */
  FILES_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  FILES_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style addresses (http://host/bucket/key), what MinIO and most S3-compatible servers expect. */
  FILES_S3_FORCE_PATH_STYLE: z.enum(['0', '1', 'true', 'false']).default('1'),
  /**
   * How long the live feed's outbox keeps its events, in hours (check-ins themselves are kept):
   * a screen offline for longer gets its picture again by REST instead of a replay.
   */
  OUTBOX_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(48),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis://')
    .optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Lifetime of a sign-in, in seconds. */
  JWT_TTL: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .default(8 * 3_600),
  /** Demo data and printed logins; on by default with the embedded database only. */
  DEMO: z.enum(['0', '1', 'true', 'false']).optional(),
  /** Simulated arrivals at the demo ceremony so that the wall moves. */
  DEMO_TRAFFIC: z.enum(['0', '1', 'true', 'false']).optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('warn'),
  /** `production` (with a real database, demo off) refuses a weak JWT_SECRET. */
  NODE_ENV: z.string().optional(),
  /**
   * The reverse proxies whose X-Forwarded-For is believed (comma-separated: loopback, linklocal,
   * uniquelocal, addresses, CIDR ranges). Unset: none, the peer's address is the client's.
   */
  TRUST_PROXY: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every(isProxyEntry), 'must list loopback, linklocal, uniquelocal, IP addresses or CIDR ranges, comma-separated')
    .optional(),
  /**
   * Open connections one address may hold (0: no cap); the proxies of TRUST_PROXY and this machine's
   * own addresses are not counted (core/http/connection-limits.ts).
   * A venue's network behind one NAT is one address: keep it well above the phones at the door.
   */
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(1_000),
  /** Notices are also emailed through this server (smtp:// or smtps://user:password@host:port?from=…); unset: in the app only. */
  SMTP_URL: z
    .string()
    .refine(isSmtpUrl, 'must be smtp://host:port or smtps://user:password@host:port, with an optional ?from=address')
    .optional(),
  /** The sender's name on every email (the address: SMTP_URL's `from`); default the bureau's. */
  MAIL_FROM_NAME: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string()
      .trim()
      .max(100, 'must be at most 100 characters')
      .regex(/^[^\r\n<>"]*$/, 'must be one line without < > or "')
      .default(DEFAULT_MAIL_FROM_NAME),
  ),
  /** Where people open the service (e.g. https://learnweek.example.cn): every link made (emails, posters, QR codes). Required with SMTP_URL. */
  /** Unset or empty: links follow the request as the trusted proxy forwarded it (core/http/public-url.ts). */
  /**
   * A CJK font for the venue posters (PDF): a .ttf/.otf/.ttc file, with PDF_FONT_NAME for a font of
   * a collection. Unset: the usual places on Debian, macOS and Windows (modules/checkin/checkin-poster.ts).
   */
  PDF_FONT: z
    .string()
    .refine((f) => existsSync(f), 'no such file')
    .optional(),
  PDF_FONT_NAME: z.string().min(1).optional(),
  PUBLIC_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().refine(isPublicUrl, 'must be an http:// or https:// address without query, fragment or credentials').optional(),
  ),
  /** The office whose name the printed compilations (汇编) carry on their cover, e.g. 常州市新北区教育局. */
  BUREAU_NAME: z.string().trim().min(1).max(60).default('全民终身学习活动周组织办公室'),
  /** Where the scheduled backups go (docs/OPERATIONS.md); unset: no scheduled backup. */
  BACKUP_DIR: z.string().min(1).optional(),
  /** When, on China's wall clock: five cron fields, default daily at 02:00. */
  BACKUP_CRON: z
    .string()
    .refine((v) => {
      try {
        parseCron(v);
        return true;
      } catch {
        return false;
      }
    }, 'must be five cron fields (minute hour day-of-month month day-of-week), e.g. "0 2 * * *"')
    .default('0 2 * * *'),
  /** Encrypts the backups (AES-256-GCM): 32 bytes as 64 hex digits or base64; the restore needs the same. */
  BACKUP_KEY: z
    .string()
    .refine((v) => {
      try {
        return backupKeyOf(v) !== undefined;
      } catch {
        return false;
      }
    }, 'must be 32 bytes: 64 hex digits or base64 (e.g. the output of `openssl rand -hex 32`)')
    .optional(),
});

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  pgliteDataDir: string | undefined;
  filesDir: string;
  /** Uploads in S3-compatible object storage (FILES_S3_ENDPOINT set), else in filesDir. */
  filesS3: TFilesS3Config | undefined;
  outboxRetentionHours: number;
  redisUrl: string | undefined;
  jwtSecret: string;
  jwtTtlSeconds: number;
  demo: boolean;
  /** The demo screens' well-known tokens (`demo-kiosk-<year>`) are accepted: DEMO=1, never with NODE_ENV=production. */
  wellKnownScreenTokens: boolean;
  demoTraffic: boolean;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** Fastify's `trustProxy`: false, or the proxies named in TRUST_PROXY. */
  trustProxy: false | string[];
  /** Open connections per address (0: no cap), proxies and this machine excepted. */
  maxConnectionsPerAddress: number;
  /** Email of notices (SMTP_URL): the server, without `from`, the sender's address and name (MAIL_FROM_NAME). */
  mail: { url: string; from: string; fromName: string } | undefined;
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string | undefined;
  /** PDF_FONT (and PDF_FONT_NAME), checked at start; unset: the poster looks in the usual places. */
  pdfFont: [string, string | undefined] | undefined;
  /** BUREAU_NAME: the office named on the cover of a printed compilation. */
  bureauName: string;
  /** The scheduled backup (BACKUP_DIR unset: none), its schedule and its key. */
  backup: { dir: string | undefined; cron: string; key: Buffer | undefined };
}

export interface TFilesS3Config {
  endpoint: string;
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
}

export class ConfigError extends Error {}

/** Values kept out of error messages, even rejected ones. */
const SECRETS = new Set(['JWT_SECRET', 'SMTP_URL', 'FILES_S3_SECRET_ACCESS_KEY', 'BACKUP_KEY']);

/** <repo>/.data/files, wherever the process was started from (src and dist are at the same depth). */
const DEFAULT_FILES_DIR = fileURLToPath(new URL('../../../../../.data/files', import.meta.url));

/** Reads and checks the environment; a bad value throws one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = ZConfig.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const name = String(first.path[0]);
    // A secret stays out of the logs, even a rejected one.
    const shown = SECRETS.has(name) ? `<hidden, ${env[name]?.length ?? 0} characters>` : JSON.stringify(env[name] ?? '');
    throw new ConfigError(`invalid ${name}=${shown}: ${first.message}`);
  }
  const c = parsed.data;
  if ((c.FILES_S3_ACCESS_KEY_ID === undefined) !== (c.FILES_S3_SECRET_ACCESS_KEY === undefined)) {
    throw new ConfigError(
      'FILES_S3_ACCESS_KEY_ID and FILES_S3_SECRET_ACCESS_KEY go together: set both, or neither (the AWS SDK then finds credentials itself)',
    );
  }
  const demo = c.DEMO === undefined ? !c.DATABASE_URL : c.DEMO === '1' || c.DEMO === 'true';
  if (c.DATABASE_URL && !c.JWT_SECRET && !demo) {
    throw new ConfigError('JWT_SECRET must be set (32+ characters) when DATABASE_URL points at a real server');
  }
  // In production a guessable secret would let anyone forge an organizer's token.
  const weakness =
    c.JWT_SECRET !== undefined && c.NODE_ENV === 'production' && c.DATABASE_URL && !demo ? secretWeakness(c.JWT_SECRET) : undefined;
  if (weakness) {
    throw new ConfigError(
      `JWT_SECRET is too weak for production: ${weakness}; use a random one, e.g. the output of \`openssl rand -hex 32\``,
    );
  }
  if (c.SMTP_URL && !c.PUBLIC_URL) {
    throw new ConfigError(
      'PUBLIC_URL must be set with SMTP_URL: the emails link to the service (e.g. PUBLIC_URL=https://learnweek.example.cn)',
    );
  }
  const publicUrl = c.PUBLIC_URL?.replace(/\/+$/, '');
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    pgliteDataDir: c.PGLITE_DATA_DIR,
    filesDir: c.FILES_DIR ?? DEFAULT_FILES_DIR,
    filesS3: c.FILES_S3_ENDPOINT
      ? {
          endpoint: c.FILES_S3_ENDPOINT,
          bucket: c.FILES_S3_BUCKET,
          region: c.FILES_S3_REGION,
          credentials:
            c.FILES_S3_ACCESS_KEY_ID && c.FILES_S3_SECRET_ACCESS_KEY
              ? { accessKeyId: c.FILES_S3_ACCESS_KEY_ID, secretAccessKey: c.FILES_S3_SECRET_ACCESS_KEY }
              : undefined,
          forcePathStyle: c.FILES_S3_FORCE_PATH_STYLE === '1' || c.FILES_S3_FORCE_PATH_STYLE === 'true',
        }
      : undefined,
    outboxRetentionHours: c.OUTBOX_RETENTION_HOURS,
    redisUrl: c.REDIS_URL,
    // Without a configured secret (embedded demo), sign-ins last until the process restarts.
    jwtSecret: c.JWT_SECRET ?? randomBytes(32).toString('hex'),
    jwtTtlSeconds: c.JWT_TTL,
    demo,
    wellKnownScreenTokens: wellKnownScreenTokensAllowed(c),
    demoTraffic: c.DEMO_TRAFFIC === '1' || c.DEMO_TRAFFIC === 'true',
    logLevel: c.LOG_LEVEL,
    trustProxy: c.TRUST_PROXY && c.TRUST_PROXY.length > 0 ? c.TRUST_PROXY : false,
    maxConnectionsPerAddress: c.MAX_CONNECTIONS_PER_ADDRESS,
    mail: c.SMTP_URL ? { ...mailOf(c.SMTP_URL, publicUrl!), fromName: c.MAIL_FROM_NAME } : undefined,
    publicUrl,
    pdfFont: c.PDF_FONT ? [c.PDF_FONT, c.PDF_FONT_NAME] : undefined,
    bureauName: c.BUREAU_NAME,
    backup: { dir: c.BACKUP_DIR, cron: c.BACKUP_CRON, key: backupKeyOf(c.BACKUP_KEY) },
  };
}

/** The sender: `?from=`, else the SMTP user when it is an address, else noreply@ the public host. */
function mailOf(smtpUrl: string, publicUrl: string): { url: string; from: string } {
  const u = new URL(smtpUrl);
  const user = decodeURIComponent(u.username);
  const from = u.searchParams.get('from') ?? (user.includes('@') ? user : `noreply@${new URL(publicUrl).hostname}`);
  u.searchParams.delete('from');
  return { url: u.toString(), from };
}
