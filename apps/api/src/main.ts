import { createPrismaClient, DatabaseUnreachableError, DEMO_PASSWORD, type DatabaseHandle, seedDemo, startDatabase } from '@learnweek/db';
import { createApp } from './bootstrap.js';
import { ConfigError, loadConfig } from './core/config/config.js';

/** `npm start`: checks the configuration, opens the database, seeds the demo, serves everything on one port. */
async function main() {
  const config = loadConfig();
  const db: DatabaseHandle = await startDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.pgliteDataDir });
  let seed: Awaited<ReturnType<typeof seedDemo>> | undefined;
  if (config.demo) {
    const prisma = createPrismaClient(db.url, 2);
    try {
      seed = await seedDemo(prisma, { now: new Date(), log: (m) => console.log(`[seed] ${m}`), wellKnownScreenTokens: config.wellKnownScreenTokens });
    } finally {
      await prisma.$disconnect();
    }
  }
  const app = await createApp({ config, databaseUrl: db.url, poolMax: db.poolMax, embedded: db.kind === 'pglite' });
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
  const stop = async () => {
    await app.close();
    await db.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  // One clear line for the operator; the stack only when it is not a known configuration problem.
  const known = err instanceof ConfigError || err instanceof DatabaseUnreachableError;
  console.error(`learnweek: cannot start: ${err instanceof Error ? err.message : String(err)}`);
  if (!known && err instanceof Error && err.stack) console.error(err.stack);
  process.exit(1);
});
