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

/** What .env.example says of a variable (envExample below writes it from these). */
export interface TEnvDoc {
  /** The comment above it; a new paragraph (a blank line before) unless `joined`. */
  about?: string;
  /** Shown after `=` (an example, or the default). */
  example: string;
  /** Set in the file (the default, as it is) rather than commented out. */
  set?: boolean;
  /** Continues the paragraph above it. */
  joined?: boolean;
}
/** Every variable's entry in .env.example: the schema below registers each. */
export const ENV_DOCS = z.registry<TEnvDoc>();
const doc = <T extends z.ZodType>(schema: T, d: TEnvDoc): T => {
  ENV_DOCS.add(schema as z.ZodType, d);
  return schema;
};

/** Every environment variable the service reads, checked at start; .env.example is written from it (`npm run env:example`). */
export const ZConfig = z.object({
  PORT: doc(z.coerce.number().int().min(0).max(65_535).default(3000), {
    about: 'HTTP port and address of the single server (API at /api, admin at /admin, kiosk at /kiosk).',
    example: '3000',
    set: true,
  }),
  HOST: doc(z.string().min(1).default('127.0.0.1'), { example: '127.0.0.1', set: true, joined: true }),
  DATABASE_URL: doc(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgresql://')
      .optional(),
    {
      about: 'PostgreSQL server. Unset: the embedded PGlite database in .data/pglite (demo mode).',
      example: 'postgresql://learnweek:secret@127.0.0.1:5432/learnweek',
    },
  ),
  DATABASE_OWNER_URL: doc(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgresql://')
      .optional(),
    {
      about: `The tables' owner on the DATABASE_URL server: the migrations, the demo's seed and backups run as it,
while the API connects as DATABASE_URL's role, a member of learnweek_app that is neither superuser, BYPASSRLS nor
the owner (row-level security holds it to a district, docs/ARCHITECTURE.md "Tenancy"). Unset: DATABASE_URL is the
owner too, which production (NODE_ENV=production) refuses and other modes warn of.`,
      example: 'postgresql://learnweek_owner:secret@127.0.0.1:5432/learnweek',
    },
  ),
  PGLITE_DATA_DIR: doc(z.string().min(1).optional(), {
    about: `Where the embedded database keeps its files (only without DATABASE_URL). One process at a time:
a second one on the same folder refuses to start. Its server is a Unix socket in the folder.`,
    example: '.data/pglite',
  }),
  FILES_DIR: doc(z.string().min(1).optional(), {
    about: 'Uploaded photos (originals, web-size copies, thumbnails); default <repo>/.data/files',
    example: '.data/files',
    joined: true,
  }),
  FILES_S3_ENDPOINT: doc(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(), {
    about: `Or S3-compatible object storage (MinIO, Ceph, AWS S3…), which several instances share: set the
endpoint and the files go there instead of FILES_DIR. The bucket is made if it is missing.`,
    example: 'http://127.0.0.1:9000',
    joined: true,
  }),
  FILES_S3_BUCKET: doc(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name: 3–63 lowercase letters, digits, dots and hyphens')
      .default('learnweek'),
    { example: 'learnweek', joined: true },
  ),
  FILES_S3_REGION: doc(z.string().min(1).default('us-east-1'), { example: 'us-east-1', joined: true }),
  // Unset (both): the AWS SDK's own credential chain (AWS_ACCESS_KEY_ID, an instance role…).
  FILES_S3_ACCESS_KEY_ID: doc(z.string().min(1).optional(), { example: '', joined: true }),
  FILES_S3_SECRET_ACCESS_KEY: doc(z.string().min(1).optional(), { example: '', joined: true }),
  FILES_S3_FORCE_PATH_STYLE: doc(z.enum(['0', '1', 'true', 'false']).default('1'), {
    about: 'Path-style addresses (http://host/bucket/key), as MinIO expects; 0 for virtual-hosted buckets.',
    example: '1',
    joined: true,
  }),
  OUTBOX_RETENTION_HOURS: doc(
    z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 365)
      .default(48),
    {
      about: `How long the live feed's outbox keeps events, in hours (check-ins are kept): a screen offline
for longer redraws from REST instead of replaying what it missed.`,
      example: '48',
    },
  ),
  REDIS_URL: doc(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis://')
      .optional(),
    {
      about: `Redis for several instances: the live feed and the sign-in limits (10 failures lock an account
for 15 minutes, 30 failures a minute stop an address) are shared by all. Unset: one instance alone.`,
      example: 'redis://127.0.0.1:6379',
    },
  ),
  JWT_SECRET: doc(z.string().min(32, 'must be at least 32 characters').optional(), {
    about: `Secret that signs sign-in tokens (32+ characters). Required with DATABASE_URL; without it the
embedded demo makes one per start (everyone signs in again after a restart). Make a random one,
e.g. with \`openssl rand -hex 32\`: with NODE_ENV=production, a real database and the demo off, a
weak secret (an example value, under 32 bytes, few distinct characters, a repeated pattern or
run) stops the start with a line saying why.`,
    example: '',
  }),
  NODE_ENV: doc(z.string().optional(), { example: 'production', joined: true }),
  TRUST_PROXY: doc(
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .refine(
        (list) => list.every(isProxyEntry),
        'must list loopback, linklocal, uniquelocal, IP addresses or CIDR ranges, comma-separated',
      )
      .optional(),
    {
      about: `Reverse proxies whose X-Forwarded-For header names the client (sign-in and check-in limits count
per client address). Comma-separated: loopback, linklocal, uniquelocal, addresses, CIDR ranges.
Unset: no proxy is trusted and every request counts for its direct peer, so behind nginx on the
same host set TRUST_PROXY=loopback, or all clients share the proxy's address. Name the proxy's exact
address (or its own subnet), never a range the clients are in: they could then write their own
X-Forwarded-For and escape every limit.`,
      example: 'loopback',
    },
  ),
  // core/http/connection-limits.ts
  MAX_CONNECTIONS_PER_ADDRESS: doc(z.coerce.number().int().min(0).max(1_000_000).default(1_000), {
    about: `Open connections one address may hold (0: no cap); the proxies of TRUST_PROXY and this machine's
own addresses (loopback, the organisers' load rehearsal) are not counted.
A venue's phones behind one NAT share an address: keep it well above the crowd at the door.`,
    example: '1000',
  }),
  SMTP_URL: doc(
    z.string().refine(isSmtpUrl, 'must be smtp://host:port or smtps://user:password@host:port, with an optional ?from=address').optional(),
    {
      about: `Notices by email too (submissions to the approvers, returns with every section's comment, approvals,
deadlines, escalations, a campaign published or its dates moved, new accounts, nominations), in HTML
with a plain-text part, to users who set an address in their profile or whose unit list gave one
(each chooses per topic: at once, a daily digest, or none): smtp://host:port (STARTTLS when offered) or
smtps://user:password@host:465; ?from=address names the sender's address (default: the SMTP user when
it is an address, else noreply@ the PUBLIC_URL host). Sent after the change is saved; a failed send is
logged and retried (5 attempts over about 3 hours). Unset: notices in the app only.`,
      example: 'smtps://xxzx%40example.cn:secret@smtp.example.cn:465',
    },
  ),
  MAIL_FROM_NAME: doc(
    z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z
        .string()
        .trim()
        .max(100, 'must be at most 100 characters')
        .regex(/^[^\r\n<>"]*$/, 'must be one line without < > or "')
        .default(DEFAULT_MAIL_FROM_NAME),
    ),
    {
      about: `The sender's name on every email (default ${DEFAULT_MAIL_FROM_NAME}): the bureau's, as people know it.`,
      example: '常州市新北区教育局',
      joined: true,
    },
  ),
  // core/http/public-url.ts
  PUBLIC_URL: doc(
    z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.string().refine(isPublicUrl, 'must be an http:// or https:// address without query, fragment or credentials').optional(),
    ),
    {
      about: `Where people open the service: every link is made from it (posters and their QR codes, the wall's
QR, desk links, emails, the console's rehearsal), whatever Host a request carries. Unset: from the
request as the trusted proxy forwarded it (X-Forwarded-Proto/-Host from TRUST_PROXY only); the
console warns when that is 127.0.0.1 or a private address. Required with SMTP_URL.`,
      example: 'https://learnweek.example.cn',
      joined: true,
    },
  ),
  BUREAU_NAME: doc(z.string().trim().min(1).max(60).default('全民终身学习活动周组织办公室'), {
    about: 'The office named on the cover of the printed compilations (活动总结汇编, 实施方案汇编).',
    example: '常州市新北区教育局',
  }),
  BACKUP_DIR: doc(z.string().min(1).optional(), {
    about: `Scheduled backups (docs/OPERATIONS.md): the folder they go to, each proven by a restore drill into a
scratch database. Unset: no scheduled backup (\`npm run backup -- --out <dir>\` still works).`,
    example: '/var/backups/learnweek',
  }),
  BACKUP_CRON: doc(
    z
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
    { about: "When, on China's wall clock: five cron fields (default daily at 02:00).", example: '0 2 * * *', joined: true },
  ),
  BACKUP_KEY: doc(
    z
      .string()
      .refine((v) => {
        try {
          return backupKeyOf(v) !== undefined;
        } catch {
          return false;
        }
      }, 'must be 32 bytes: 64 hex digits or base64 (e.g. the output of `openssl rand -hex 32`)')
      .optional(),
    {
      about: 'Encrypts the backups (AES-256-GCM): 32 bytes as 64 hex digits or base64; a restore needs the same key.',
      example: '',
      joined: true,
    },
  ),
  JWT_TTL: doc(
    z.coerce
      .number()
      .int()
      .min(60)
      .max(30 * 86_400)
      .default(8 * 3_600),
    { about: 'Lifetime of a sign-in in seconds (default 8 hours).', example: '28800', set: true },
  ),
  DEMO: doc(z.enum(['0', '1', 'true', 'false']).optional(), {
    about: `Demo data and printed logins: on by default with the embedded database, off with DATABASE_URL.
The demo walls' tokens are new at every start (printed); with DEMO=1 they are the well-known
demo-kiosk-<year>, which NODE_ENV=production refuses.`,
    example: '1',
  }),
  DEMO_TRAFFIC: doc(z.enum(['0', '1', 'true', 'false']).optional(), {
    about: 'Simulated arrivals at the demo ceremony (a self check-in every few seconds) so that the wall moves.',
    example: '1',
    joined: true,
  }),
  LOG_LEVEL: doc(z.enum(['error', 'warn', 'log', 'debug']).default('warn'), {
    about: `The least severe log line written: error | warn | log | debug. Lines are JSON (pino), one a line,
each request's with its id (reqId, also the X-Request-Id answer header; a caller's own X-Request-Id
of letters, digits, '-', '_' and '.' up to 64 characters is kept). At log, every request is logged.`,
    example: 'warn',
    set: true,
  }),
  METRICS_TOKEN: doc(z.string().min(16, 'must be at least 16 characters').optional(), {
    about: `GET /api/metrics (Prometheus text) answers this machine's direct callers only; with a token (16+
characters) anyone presenting it as the HTTP Basic password too (Prometheus's basic_auth, curl -u
metrics:TOKEN). A request through a proxy (X-Forwarded-For) is never "this machine".`,
    example: '',
    joined: true,
  }),
  // modules/checkin/checkin-poster.ts looks in the usual places on Debian, macOS and Windows when it is unset.
  PDF_FONT: doc(
    z
      .string()
      .refine((f) => existsSync(f), 'no such file')
      .optional(),
    {
      about: 'A Chinese font for the venue posters (PDF), checked at start; fonts-noto-cjk on Debian is found without it.',
      example: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
      joined: true,
    },
  ),
  PDF_FONT_NAME: doc(z.string().min(1).optional(), { example: 'NotoSansCJKsc-Regular', joined: true }),
});

/** .env.example, written from ZConfig: every variable the service reads, with what it is for. */
export function envExample(): string {
  const lines = [
    '# learnweek reads its configuration from the environment; nothing here is required for the demo.',
    '# A bad value stops the start with one line naming the variable.',
  ];
  for (const [name, schema] of Object.entries(ZConfig.shape)) {
    const d = ENV_DOCS.get(schema);
    if (!d) throw new Error(`${name} has no entry for .env.example (ZConfig, doc())`);
    if (!d.joined) lines.push('');
    if (d.about) lines.push(...d.about.split('\n').map((l) => `# ${l}`));
    lines.push(`${d.set ? '' : '# '}${name}=${d.example}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** The tables' owner (migrations, seed, backups); unset: databaseUrl. */
  databaseOwnerUrl: string | undefined;
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
  /** METRICS_TOKEN: /api/metrics for callers from elsewhere (core/metrics/metrics-access.ts). */
  metricsToken: string | undefined;
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
const SECRETS = new Set(['JWT_SECRET', 'SMTP_URL', 'FILES_S3_SECRET_ACCESS_KEY', 'METRICS_TOKEN', 'BACKUP_KEY']);

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
    databaseOwnerUrl: c.DATABASE_URL ? c.DATABASE_OWNER_URL : undefined,
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
    metricsToken: c.METRICS_TOKEN,
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
