import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TCampaign } from '@learnweek/contracts';
import type { DatabaseHandle } from '@learnweek/db';
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { createApp } from '../apps/api/src/bootstrap.js';
import { ManualClock } from '../apps/api/src/core/clock/clock.js';
import { loadConfig } from '../apps/api/src/core/config/config.js';
import { createDemoTestDatabase } from '../apps/api/src/demo/seed-demo.js';
import { MailSender } from '../apps/api/src/modules/notification/mail-sender.js';
import { DeadlineService } from '../apps/api/src/modules/participation/deadlines/deadline.service.js';
import { animationsFinished } from './animations.js';
import { launchChromium, PHONE, type TDevice } from './chromium.js';

export { PHONE, type TDevice };

export const ARTIFACTS = path.resolve('e2e/artifacts');

/** A photo-sized JPEG of its own picture. */
export const photoJpeg = (seed: number) =>
  sharp(
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200">
      <rect width="1600" height="1200" fill="hsl(${seed * 97},60%,55%)"/>
      <circle cx="${400 + seed * 300}" cy="${500 + seed * 100}" r="${250 + seed * 40}" fill="hsl(${seed * 97 + 150},70%,40%)"/>
      <rect x="${1000 - seed * 200}" y="${150 + seed * 120}" width="420" height="260" fill="#fff"/>
    </svg>`),
  )
    .jpeg()
    .toBuffer();

/** Signs a demo user in on a page, opening `at` under /admin/ (each tab keeps its own sign-in, as sessionStorage does). */
export async function signIn(page: Page, base: string, username: string, at = ''): Promise<void> {
  await page.goto(`${base}/admin/${at}`);
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill('demo1234');
  await page.getByTestId('login').click();
}

/** An instant as the console writes it (formatTime in China time, zh-CN). */
export const chinaTime = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));

/** Chooses `option` in the Element Plus select marked `testId`. */
export async function pickOption(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).click();
}

/** Screenshots of the whole page laid out at 1366×768 and at 1920×1080 (`<name>-1366.png`, `<name>-1920.png`), back to its size after. */
export async function screens(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  for (const [width, height] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await animationsFinished(page);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
  }
  if (size) await page.setViewportSize(size);
}

export interface E2E {
  base: string;
  db: DatabaseHandle;
  /** The demo's current-year campaign (published, plan collection under way). */
  campaign: TCampaign;
  /** GET an API path as the demo organizer. */
  get<T>(path: string): Promise<T>;
  /** Calls the API as a demo user (password demo1234); throws unless 2xx. */
  call<T>(username: string, method: string, path: string, body?: unknown): Promise<T>;
  /** The service's clock: tests move it; `tick` runs the deadline job at the new time. */
  clock: ManualClock;
  tick(): Promise<void>;
  /** Sends the emails due at the clock's time (with SMTP_URL in `env`), as the minute's mail run does. */
  sendMail(): Promise<void>;
  /** A fresh Chromium; `device` emulates one (a phone: viewport, isMobile, hasTouch). */
  browser(device?: TDevice): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * The demo on a fresh database, the built apps served by the API, and a Chromium to drive them;
 * `env` adds configuration (SMTP_URL and PUBLIC_URL for a test that reads the mail).
 */
export async function startE2E(opts: { env?: Record<string, string>; city?: boolean } = {}): Promise<E2E> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const clock = new ManualClock(new Date());
  // The demo played through the services (on PostgreSQL cloned from a template played once), its
  // connections closed before the app starts: the embedded database is served through one
  // connection, and the tests read through the API like any client.
  // `city`: the demo's whole city (天宁区 and the city office beside 新北区).
  const { db } = await createDemoTestDatabase({ now: clock.now(), wellKnownScreenTokens: true, city: opts.city ?? false });
  const filesDir = mkdtempSync(path.join(os.tmpdir(), 'lw-files-'));
  // Sign-ins last 30 days of the test clock, which jumps weeks ahead.
  // DEMO=1: the screens' well-known tokens (demo-kiosk-<year>) open the walls.
  const config = loadConfig({ LOG_LEVEL: 'error', FILES_DIR: filesDir, JWT_TTL: String(30 * 86_400), DEMO: '1', ...opts.env });
  const app = await createApp({
    config,
    databaseUrl: db.url,
    databaseOwnerUrl: db.ownerUrl,
    poolMax: db.poolMax,
    embedded: db.kind === 'pglite',
    scheduler: false,
    clock,
    logger: ['error'],
  });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const contexts: { ctx: BrowserContext; dir: string }[] = [];
  const tokens = new Map<string, string>();
  const token = async (username: string) => {
    const known = tokens.get(username);
    if (known) return known;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: 'demo1234' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    tokens.set(username, accessToken);
    return accessToken;
  };
  const call = async <T>(username: string, method: string, p: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { Authorization: `Bearer ${await token(username)}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${base}/api${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  const { items } = await call<{ items: TCampaign[] }>('organizer', 'GET', '/campaigns');
  const campaign = items.find((c) => c.status === 'published');
  if (!campaign) throw new Error('the demo seed has no published campaign');
  return {
    base,
    db,
    campaign,
    clock,
    call,
    get: <T>(p: string) => call<T>('organizer', 'GET', p),
    async tick() {
      await app.get(DeadlineService).tick();
    },
    async sendMail() {
      await app.get(MailSender).idle();
      await app.get(MailSender).drain();
    },
    async browser(device?: TDevice) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'lw-chromium-'));
      const ctx = await launchChromium(dir, device);
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
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}
