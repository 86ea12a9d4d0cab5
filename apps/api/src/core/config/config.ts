import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

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
    throw new ConfigError(`invalid ${name}=${JSON.stringify(env[name] ?? '')}: ${first.message}`);
  }
  const c = parsed.data;
  if (c.DATABASE_URL && !c.JWT_SECRET && c.DEMO !== '1' && c.DEMO !== 'true') {
    throw new ConfigError('JWT_SECRET must be set (32+ characters) when DATABASE_URL points at a real server');
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
    demo: c.DEMO === undefined ? !c.DATABASE_URL : c.DEMO === '1' || c.DEMO === 'true',
    demoTraffic: c.DEMO_TRAFFIC === '1' || c.DEMO_TRAFFIC === 'true',
    logLevel: c.LOG_LEVEL,
  };
}
