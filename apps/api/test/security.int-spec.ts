import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DatabaseHandle } from '@learnweek/db';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type CreateAppOptions } from '../src/bootstrap.js';
import { ACCOUNT_CACHE_MS } from '../src/core/auth/auth.repository.js';
import { TokenService } from '../src/core/auth/token.service.js';
import { ManualClock } from '../src/core/clock/clock.js';
import { loadConfig } from '../src/core/config/config.js';
import { bearer, PASSWORD, setup, T } from './harness.js';

let t: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  t = await setup();
});
afterAll(async () => {
  await t?.teardown();
});

interface Served {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  clock: ManualClock;
  close(): Promise<void>;
}

/** An app on `db` with its own environment (TRUST_PROXY, REDIS_URL…), listening on a loopback port. */
async function serve(
  db: Pick<DatabaseHandle, 'url' | 'poolMax'>,
  env: Record<string, string> = {},
  opts: Partial<CreateAppOptions> = {},
): Promise<Served> {
  const filesDir = mkdtempSync(path.join(os.tmpdir(), 'lw-files-'));
  const clock = opts.clock instanceof ManualClock ? opts.clock : new ManualClock(T.beforeDue);
  const app = await createApp({
    config: loadConfig({ LOG_LEVEL: 'error', JWT_TTL: '3600', FILES_DIR: filesDir, ...env }),
    databaseUrl: db.url,
    poolMax: db.poolMax,
    clock,
    loginLimitPerMinute: 30,
    scheduler: false,
    webRoot: false,
    logger: false,
    ...opts,
  });
  await app.listen(0, '127.0.0.1');
  return {
    app,
    http: request(app.getHttpServer()),
    clock,
    close: async () => {
      await app.close();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/** A user with the test password (an approver unless told). */
async function addUser(username: string, data: { roles?: string[]; unitId?: string | null } = {}) {
  const { passwordHash } = await t.prisma.user.findUniqueOrThrow({ where: { username: 'organizer' } });
  return t.prisma.user.create({
    data: { username, displayName: username, roles: data.roles ?? ['approver'], unitId: data.unitId ?? null, passwordHash },
  });
}

const login = (s: Pick<Served, 'http'>, username: string, password: string, from?: string) => {
  const r = s.http.post('/api/auth/login').set('Accept-Language', 'en');
  return (from ? r.set('X-Forwarded-For', from) : r).send({ username, password });
};

describe('authority follows the database, not the token', () => {
  it('a coordinator moved to approver can no longer write plans once the cache window has passed', async () => {
    const { school } = t.fixture.units;
    await t.event(school.participationId, school.coordinator, 'START_DRAFT');
    const auth = await t.as(school.coordinator);
    const write = async () =>
      t.http
        .put(`/api/participations/${school.participationId}/plan`)
        .set(auth)
        .send({ text: '实施方案', version: (await t.detail(school.participationId)).plan.version });
    expect((await write()).status).toBe(200);
    await t.prisma.user.update({ where: { username: school.coordinator }, data: { roles: ['approver'] } });
    try {
      t.clock.advance(ACCOUNT_CACHE_MS);
      const refused = await write();
      expect(refused.status, JSON.stringify(refused.body)).toBe(403);
      const me = await t.http.get('/api/auth/me').set(auth);
      expect(me.body).toMatchObject({ username: school.coordinator, roles: ['approver'] });
    } finally {
      await t.prisma.user.update({ where: { username: school.coordinator }, data: { roles: ['coordinator'] } });
      t.clock.advance(ACCOUNT_CACHE_MS);
    }
    expect((await write()).status).toBe(200);
  });

  it('deactivating a unit shuts its coordinators out at once: no write, no read, no sign-in', async () => {
    const { centre } = t.fixture.units;
    await t.event(centre.participationId, centre.coordinator, 'START_DRAFT');
    const auth = await t.as(centre.coordinator);
    const write = async () =>
      t.http
        .put(`/api/participations/${centre.participationId}/plan`)
        .set(auth)
        .set('Accept-Language', 'en')
        .send({ text: '方案', version: (await t.detail(centre.participationId)).plan.version });
    expect((await write()).status).toBe(200);
    await t.http
      .put(`/api/units/${centre.id}`)
      .set(await t.as('organizer'))
      .send({ active: false })
      .expect(200);
    try {
      // No clock moved: the change was made in this process, which forgets what it had cached.
      const refused = await write();
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ code: 'unitInactive', message: expect.stringContaining('unit has been deactivated') });
      expect((await t.http.get(`/api/participations/${centre.participationId}`).set(auth)).status).toBe(401);
      // The right password is answered as a wrong one: nothing tells a guesser that it was right.
      const signIn = await login(t, centre.coordinator, PASSWORD);
      expect(signIn.status).toBe(401);
      expect(signIn.body).toEqual((await login(t, centre.coordinator, 'wrong-password')).body);
      expect(signIn.body).toMatchObject({
        statusCode: 401,
        code: 'badCredentials',
        message: 'Wrong username or password, or the account is deactivated',
      });
    } finally {
      await t.http
        .put(`/api/units/${centre.id}`)
        .set(await t.as('organizer'))
        .send({ active: true })
        .expect(200);
    }
    expect((await login(t, centre.coordinator, PASSWORD)).status).toBe(200);
    expect((await write()).status).toBe(200);
  });

  it('refuses a well-signed token without an expiry', async () => {
    const organizer = await t.prisma.user.findUniqueOrThrow({ where: { username: 'organizer' } });
    const jwt = t.app.get(JwtService);
    const iat = Math.floor(t.clock.now().getTime() / 1000);
    const claims = { sub: organizer.id, username: 'organizer', name: '组织办', roles: ['organizer'], unitId: null, locale: 'zh-CN', iat };
    expect((await t.http.get('/api/campaigns').set(bearer(jwt.sign({ ...claims, exp: iat + 60 })))).status).toBe(200);
    const forever = await t.http.get('/api/campaigns').set(bearer(jwt.sign(claims)));
    expect(forever.status).toBe(401);
    expect(forever.body.code).toBe('unauthorized');
  });

  it('refuses a token signed with the real secret for ten years, or issued in the future (time by the injected clock)', async () => {
    const organizer = await t.prisma.user.findUniqueOrThrow({ where: { username: 'organizer' } });
    const jwt = t.app.get(JwtService);
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const tenYears = await t.http
      .get('/api/campaigns')
      .set(bearer(jwt.sign({ sub: organizer.id, iat: now, exp: now + 10 * 365 * 86_400 })));
    expect(tenYears.status).toBe(401);
    const future = await t.http
      .get('/api/campaigns')
      .set(bearer(jwt.sign({ sub: organizer.id, iat: now + 86_400, exp: now + 86_400 + 600 })));
    expect(future.status).toBe(401);
  });

  it('refuses a well-signed token of a user who no longer exists', async () => {
    // Signed without a sign-in: a user with a sign-in in the audit log is kept (its entries name it).
    const leaver = await addUser('leaver');
    const auth = bearer(t.app.get(TokenService).sign({ id: leaver.id, sessionGeneration: leaver.sessionGeneration }, 600).accessToken);
    expect((await t.http.get('/api/campaigns').set(auth)).status).toBe(200);
    await t.prisma.user.delete({ where: { username: 'leaver' } });
    t.clock.advance(ACCOUNT_CACHE_MS);
    expect((await t.http.get('/api/campaigns').set(auth)).status).toBe(401);
    // On a public route too: a token sent is a token checked (without one the route is open).
    expect((await t.http.get('/api/docs-json').set(auth)).status).toBe(401);
    expect((await t.http.get('/api/docs-json')).status).toBe(200);
  });
});

describe('a database that cannot answer while a token is checked', () => {
  it('is a 503 with Retry-After, even on a public route, never "anonymous"', async () => {
    const down = await serve({ url: 'postgresql://nobody@127.0.0.1:1/none', poolMax: 1 });
    try {
      const iat = Math.floor(down.clock.now().getTime() / 1000);
      const token = down.app.get(JwtService).sign({ sub: randomUUID(), iat, exp: iat + 600 });
      // A public page that needs no database: without a token it answers…
      expect((await down.http.get('/api/docs-json')).status).toBe(200);
      // …with one, the account cannot be read: the caller must retry, not be served as someone else.
      const r = await down.http.get('/api/docs-json').set(bearer(token));
      expect(r.status).toBe(503);
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(r.body.code).toBe('serviceUnavailable');
      expect((await down.http.get('/api/campaigns').set(bearer(token))).status).toBe(503);
    } finally {
      await down.close();
    }
  });
});

// The throttles themselves: sign-in-throttle.int-spec.ts.
describe('sign-in throttling', () => {
  it('ignores X-Forwarded-For from a peer that is not a configured proxy', async () => {
    const direct = await serve(t.db);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) statuses.push((await login(direct, `rotating-${i}`, 'Spring2017!', `192.0.2.${i + 1}`)).status);
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses[30]).toBe(429);
    } finally {
      await direct.close();
    }
  });
});

describe('security headers', () => {
  let web: Served;
  let webRoot: string;
  beforeAll(async () => {
    webRoot = mkdtempSync(path.join(os.tmpdir(), 'lw-web-'));
    for (const app of ['admin', 'kiosk']) {
      mkdirSync(path.join(webRoot, app));
      writeFileSync(
        path.join(webRoot, app, 'index.html'),
        `<!doctype html><title>${app}</title><script type="module" src="/${app}/assets/index.js"></script>`,
      );
    }
    web = await serve(t.db, {}, { webRoot: { admin: path.join(webRoot, 'admin'), kiosk: path.join(webRoot, 'kiosk') } });
  });
  afterAll(async () => {
    await web?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it.each(['/api/health', '/admin/', '/kiosk/', '/api/docs'])(
    '%s: CSP without inline scripts, no framing, nosniff, no Referer',
    async (url) => {
      const r = await web.http.get(url);
      expect(r.status).toBe(200);
      const csp = Object.fromEntries(
        String(r.headers['content-security-policy'])
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name = '', ...values]) => [name, values]),
      );
      expect(csp['default-src']).toEqual(["'self'"]);
      expect(csp['script-src']).toEqual(["'self'"]);
      expect(csp['object-src']).toEqual(["'none'"]);
      expect(csp['frame-ancestors']).toEqual(["'none'"]);
      expect(csp['connect-src']).toEqual(["'self'"]);
      expect(csp['upgrade-insecure-requests']).toBeUndefined();
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['x-powered-by']).toBeUndefined();
    },
  );

  it('serves the API docs page with no inline script, so that it works under the policy', async () => {
    const page = await web.http.get('/api/docs');
    const scripts = [...page.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/api\/docs\//);
      expect(body!.trim()).toBe('');
      const src = /src="([^"]+)"/.exec(attrs!)![1]!;
      expect((await web.http.get(src)).status, src).toBe(200);
    }
  });
});

describe('a weak JWT_SECRET in production', () => {
  const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

  /** Runs the built server; resolves with its exit code and output, or 'running' once it serves. */
  function start(env: Record<string, string>): Promise<{ outcome: number | 'running'; output: string }> {
    if (!existsSync(main)) throw new Error(`${main} is missing: build the API first (npm run build)`);
    const filesDir = mkdtempSync(path.join(os.tmpdir(), 'lw-files-'));
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [main], {
        env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'error', FILES_DIR: filesDir, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('learnweek is running')) child.kill('SIGTERM');
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('error', reject);
      child.on('exit', (code) => {
        rmSync(filesDir, { recursive: true, force: true });
        resolve({ outcome: output.includes('learnweek is running') ? 'running' : (code ?? -1), output });
      });
    });
  }

  it('does not start, and says in one line that JWT_SECRET is too weak', async () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: t.db.url, DATABASE_OWNER_URL: t.db.ownerUrl };
    for (const secret of ['a'.repeat(32), 'change-me-to-a-long-random-string-of-32-chars']) {
      const { outcome, output } = await start({ ...production, JWT_SECRET: secret });
      expect(outcome).not.toBe('running');
      expect(outcome).not.toBe(0);
      expect(output).toMatch(/^learnweek: cannot start: JWT_SECRET is too weak for production: [^\n]+\n$/);
      expect(output).not.toContain(secret);
    }
    // The same start with a random secret serves: it was the secret that was refused.
    expect((await start({ ...production, JWT_SECRET: randomUUID() + randomUUID() })).outcome).toBe('running');
  });
});
