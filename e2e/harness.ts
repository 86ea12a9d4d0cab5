import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrismaClient, createTestDatabase, seedDemo, type DatabaseHandle } from '@learnweek/db';
import { chromium, selectors, type BrowserContext } from 'playwright-core';

// The apps mark what tests look for with data-test.
selectors.setTestIdAttribute('data-test');
import { createApp } from '../apps/api/src/bootstrap.js';
import { loadConfig } from '../apps/api/src/core/config/config.js';

export const ARTIFACTS = path.resolve('e2e/artifacts');

export interface E2E {
  base: string;
  db: DatabaseHandle;
  /** GET an API path as the demo organizer. */
  get<T>(path: string): Promise<T>;
  browser(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** The demo on a fresh database, the built apps served by the API, and a Chromium to drive them. */
export async function startE2E(): Promise<E2E> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const db = await createTestDatabase();
  // Seeded through its own client, closed before the app starts: the embedded database is
  // served through one connection, and the tests read through the API like any client.
  const prisma = createPrismaClient(db.url, 1);
  await seedDemo(prisma, { now: new Date() });
  await prisma.$disconnect();
  const app = await createApp({ config: loadConfig({ LOG_LEVEL: 'error' }), databaseUrl: db.url, poolMax: db.poolMax, embedded: db.kind === 'pglite', scheduler: false, logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const contexts: { ctx: BrowserContext; dir: string }[] = [];
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'organizer', password: 'demo1234' }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  return {
    base,
    db,
    async get<T>(p: string) {
      const res = await fetch(`${base}/api${p}`, { headers: { Authorization: `Bearer ${accessToken}` } });
      if (!res.ok) throw new Error(`GET ${p}: ${res.status}`);
      return (await res.json()) as T;
    },
    async browser() {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'lw-chromium-'));
      const ctx = await chromium.launchPersistentContext(dir, {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      contexts.push({ ctx, dir });
      return ctx;
    },
    async close() {
      for (const { ctx, dir } of contexts) {
        await ctx.close();
        rmSync(dir, { recursive: true, force: true });
      }
      await app.close();
      await db.stop();
    },
  };
}
