import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { secretWeakness } from './secret-strength.js';

/** Names Express understands for address ranges (see its `trust proxy` setting). */
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
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis://')
    .optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Lifetime of a sign-in, in seconds. */
  JWT_TTL: z.coerce.number().int().min(60).max(30 * 86_400).default(8 * 3_600),
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
    .transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .refine((list) => list.every(isProxyEntry), 'must list loopback, linklocal, uniquelocal, IP addresses or CIDR ranges, comma-separated')
    .optional(),
});

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  pgliteDataDir: string | undefined;
  filesDir: string;
  redisUrl: string | undefined;
  jwtSecret: string;
  jwtTtlSeconds: number;
  demo: boolean;
  demoTraffic: boolean;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** Express' `trust proxy`: false, or the proxies named in TRUST_PROXY. */
  trustProxy: false | string[];
}

export class ConfigError extends Error {}

/** <repo>/.data/files, wherever the process was started from (src and dist are at the same depth). */
const DEFAULT_FILES_DIR = fileURLToPath(new URL('../../../../../.data/files', import.meta.url));

/** Reads and checks the environment; a bad value throws one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = ZConfig.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const name = String(first.path[0]);
    // A secret stays out of the logs, even a rejected one.
    const shown = name === 'JWT_SECRET' ? `<hidden, ${env[name]?.length ?? 0} characters>` : JSON.stringify(env[name] ?? '');
    throw new ConfigError(`invalid ${name}=${shown}: ${first.message}`);
  }
  const c = parsed.data;
  const demo = c.DEMO === undefined ? !c.DATABASE_URL : c.DEMO === '1' || c.DEMO === 'true';
  if (c.DATABASE_URL && !c.JWT_SECRET && !demo) {
    throw new ConfigError('JWT_SECRET must be set (32+ characters) when DATABASE_URL points at a real server');
  }
  // In production a guessable secret would let anyone forge an organizer's token.
  const weakness = c.JWT_SECRET !== undefined && c.NODE_ENV === 'production' && c.DATABASE_URL && !demo ? secretWeakness(c.JWT_SECRET) : undefined;
  if (weakness) {
    throw new ConfigError(`JWT_SECRET is too weak for production: ${weakness}; use a random one, e.g. the output of \`openssl rand -hex 32\``);
  }
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    pgliteDataDir: c.PGLITE_DATA_DIR,
    filesDir: c.FILES_DIR ?? DEFAULT_FILES_DIR,
    redisUrl: c.REDIS_URL,
    // Without a configured secret (embedded demo), sign-ins last until the process restarts.
    jwtSecret: c.JWT_SECRET ?? randomBytes(32).toString('hex'),
    jwtTtlSeconds: c.JWT_TTL,
    demo,
    demoTraffic: c.DEMO_TRAFFIC === '1' || c.DEMO_TRAFFIC === 'true',
    logLevel: c.LOG_LEVEL,
    trustProxy: c.TRUST_PROXY && c.TRUST_PROXY.length > 0 ? c.TRUST_PROXY : false,
  };
}
