import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  checkUnscopedRole,
  createTestDatabase,
  DatabaseUnreachableError,
  startDatabase,
  templateName,
  UnscopedRoleError,
  type DatabaseHandle,
} from './database.js';
import { createPrismaClient } from './index.js';

describe('startDatabase', () => {
  it('keeps the embedded database across a restart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lw-pglite-'));
    try {
      const first = await startDatabase({ dataDir: path.join(dir, 'pglite'), log: () => {} });
      const a = createPrismaClient(first.url, first.poolMax);
      await a.town.create({ data: { name: '春江镇' } });
      await a.$disconnect();
      await first.stop();

      const logs: string[] = [];
      const second = await startDatabase({ dataDir: path.join(dir, 'pglite'), log: (m) => logs.push(m) });
      const b = createPrismaClient(second.url, second.poolMax);
      expect((await b.town.findMany()).map((t) => t.name)).toEqual(['春江镇']);
      expect(logs.some((l) => /^migrations: 0 applied, [1-9]\d* already applied$/.test(l))).toBe(true);
      await b.$disconnect();
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says in one line that an unreachable server is unreachable', async () => {
    const err = await startDatabase({ url: 'postgresql://nobody@127.0.0.1:1/none', log: () => {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnreachableError);
    expect((err as Error).message).toMatch(/^DATABASE_URL: cannot connect to 127\.0\.0\.1:1\/none \(.*ECONNREFUSED.*\)$/);
  });
});

describe('the role the API connects as (checked at start, after the migrations)', () => {
  it('must be a member of learnweek_app, and one that passes over row-level security is refused in production, warned of otherwise', async () => {
    const db = await createTestDatabase();
    const c = new pg.Client({ connectionString: db.ownerUrl });
    await c.connect();
    const suffix = randomBytes(4).toString('hex');
    const plain = `lw_plain_${suffix}`;
    const outsider = `lw_bypass_${suffix}`;
    const member = `lw_member_${suffix}`;
    try {
      await c.query(`CREATE ROLE "${plain}"`);
      await c.query(`CREATE ROLE "${outsider}" BYPASSRLS IN ROLE learnweek_app`);
      await c.query(`CREATE ROLE "${member}" IN ROLE learnweek_app`);
      const as = async (role: string | undefined, production: boolean) => {
        if (role) await c.query(`SET ROLE "${role}"`);
        try {
          return await checkUnscopedRole(c, { production }).then(
            (warning) => warning ?? 'ok',
            (e: unknown) => (e instanceof UnscopedRoleError ? `refused: ${e.message}` : `unexpected: ${String(e)}`),
          );
        } finally {
          await c.query('RESET ROLE');
        }
      };
      expect(await as(plain, false)).toMatch(/^refused: DATABASE_URL: the role lw_plain_\w+ is not a member of learnweek_app/);
      expect(await as(member, true)).toBe('ok');
      expect(await as(outsider, false)).toMatch(/^DATABASE_URL: the role lw_bypass_\w+ is BYPASSRLS: row-level security does not hold it/);
      expect(await as(outsider, true)).toMatch(/^refused: DATABASE_URL: the role lw_bypass_\w+ is BYPASSRLS/);
      // The server's superuser, which owns the tables too.
      expect(await as(undefined, true)).toMatch(/^refused: DATABASE_URL: the role \w+ is a superuser, .*the tables’ owner/);
      // The tests' API role, as createTestDatabase gives it.
      const api = new pg.Client({ connectionString: db.url });
      await api.connect();
      try {
        await expect(checkUnscopedRole(api, { production: true })).resolves.toBeUndefined();
      } finally {
        await api.end();
      }
    } finally {
      for (const r of [plain, outsider, member]) await c.query(`DROP ROLE IF EXISTS "${r}"`);
      await c.end();
      await db.stop();
    }
  });
});

describe('createTestDatabase with a template', () => {
  it('builds the template once when two processes ask for it together, and gives each a database holding what it built', async () => {
    const key = `race-${randomBytes(4).toString('hex')}`;
    let builds = 0;
    const template = {
      key,
      build: async (db: DatabaseHandle) => {
        builds += 1;
        const prisma = createPrismaClient(db.ownerUrl, 1);
        await prisma.town.create({ data: { name: '春江镇' } });
        await prisma.$disconnect();
      },
    };
    const dbs = await Promise.all([createTestDatabase({ template }), createTestDatabase({ template })]);
    try {
      // On a server one build, cloned twice; on PGlite each in-memory database is built in place.
      expect(builds).toBe(process.env.DATABASE_URL ? 1 : 2);
      for (const db of dbs) {
        const prisma = createPrismaClient(db.ownerUrl, 1);
        expect((await prisma.town.findMany()).map((t) => t.name)).toEqual(['春江镇']);
        await prisma.$disconnect();
      }
    } finally {
      await Promise.all(dbs.map((db) => db.stop()));
      if (process.env.DATABASE_URL) {
        const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS "${await templateName(key)}" WITH (FORCE)`);
        await admin.end();
      }
    }
  });
});
