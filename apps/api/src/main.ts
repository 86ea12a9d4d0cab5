import {
  DataDirLockedError,
  DatabaseUnreachableError,
  UnscopedRoleError,
  DEMO_PASSWORD,
  type DatabaseHandle,
  startDatabase,
} from '@learnweek/db';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './bootstrap.js';
import { ConfigError, loadConfig } from './core/config/config.js';
import { type TDrain, trackInFlight } from './core/http/drain.js';
import { seedDemoOnce } from './demo/seed-demo.js';

/** How long the requests in flight get to finish once a stop is asked for. */
const STOP_TIMEOUT_MS = 20_000;

/** What has been started so far, closed in reverse order on a stop. */
const running: { db?: DatabaseHandle; app?: NestFastifyApplication; http?: TDrain } = {};

/**
 * Ctrl-C reaches every process of the terminal's group (npm, its shell, this one) and npm forwards it
 * once more: the first SIGINT or SIGTERM drains (the requests in flight are answered, then the
 * database closes) and ends with 0, the repeats are ignored. Nest's own shutdown hooks are not
 * enabled: they re-raise the signal after closing, which npm reports as "Lifecycle script start
 * failed … code 130".
 */
function stopOnSignals(): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`learnweek: ${signal}, stopping`);
    setTimeout(() => {
      console.error(`learnweek: not stopped within ${STOP_TIMEOUT_MS / 1000} s, exiting`);
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    const close = async () => {
      await running.http?.drain();
      await running.app?.close();
      await running.db?.stop();
    };
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`learnweek: error while stopping: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** `npm start`: checks the configuration, opens the database, seeds the demo, serves everything on one port. */
async function main() {
  const config = loadConfig();
  stopOnSignals();
  const db = await startDatabase({
    url: config.databaseUrl,
    ownerUrl: config.databaseOwnerUrl,
    dataDir: config.databaseUrl ? undefined : config.pgliteDataDir,
  });
  running.db = db;
  // Once, however many instances start on the database together (an advisory lock).
  const seed = config.demo
    ? await seedDemoOnce(db, {
        now: new Date(),
        log: (m) => console.log(`[seed] ${m}`),
        wellKnownScreenTokens: config.wellKnownScreenTokens,
      })
    : undefined;
  const app = await createApp({
    config,
    databaseUrl: db.url,
    databaseOwnerUrl: db.ownerUrl,
    poolMax: db.poolMax,
    embedded: db.kind === 'pglite',
  });
  running.app = app;
  running.http = trackInFlight(app.getHttpAdapter().getInstance());
  await app.listen(config.port, config.host);
  const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  const lines = [
    '',
    `learnweek is running (database: ${db.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'})`,
    `  管理后台 Admin      ${base}/admin/`,
    `  API 文档 API docs   ${base}/api/docs`,
    `  健康检查 Health     ${base}/api/health`,
  ];
  if (seed) {
    for (const k of seed.kioskTokens) lines.push(`  大屏 Kiosk          ${base}/kiosk/?token=${k.token}   (${k.campaignTitle})`);
    lines.push(`  演示账号 Demo logins (password ${DEMO_PASSWORD}): ${seed.logins.join(', ')}`);
  }
  console.log(lines.join('\n') + '\n');
}

main().catch(async (err: unknown) => {
  // One clear line for the operator; the stack only when it is not a known configuration problem.
  const known =
    err instanceof ConfigError ||
    err instanceof DatabaseUnreachableError ||
    err instanceof UnscopedRoleError ||
    err instanceof DataDirLockedError;
  console.error(`learnweek: cannot start: ${err instanceof Error ? err.message : String(err)}`);
  if (!known && err instanceof Error && err.stack) console.error(err.stack);
  // The embedded folder's lock and socket go with the database.
  await running.app?.close().catch(() => undefined);
  await running.db?.stop().catch(() => undefined);
  process.exit(1);
});
