import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createTestDatabase,
  DISTRICT_TABLES,
  migrateDeploy,
  MIGRATIONS_DIR,
  readMigrations,
  startDatabase,
  XINBEI_DISTRICT_ID,
  type DatabaseHandle,
} from '@learnweek/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFolderDriver } from '../src/core/storage/local-folder.driver.js';
import { seedDemo } from '../src/demo/seed-demo.js';
import { createBackup } from '../src/modules/operations/backup.js';
import { restoreBackup } from '../src/modules/operations/restore.js';
import { pgExec } from '../src/modules/operations/database-dump.js';
import { copyRows, everyRow } from './rows.js';

/** Columns newer than the previous release (the districts, the city office, the notice): compared apart. */
const NEWER_COLUMNS = ['districtId', 'cityId', 'notice'];

/** The schema of the release before backups (docs/OPERATIONS.md, "Upgrade"): its last migration. */
const PREVIOUS_RELEASE = '20261208070000_exemplars';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lw-upgrade-'));
const server = process.env.DATABASE_URL;

const withClient = async <T>(url: string, fn: (c: pg.Client) => Promise<T>) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
};
const named = (name: string) => {
  const u = new URL(server!);
  u.pathname = `/${name}`;
  return u.toString();
};

/** An empty database (a new one on the server, else an in-memory PGlite), not migrated. */
async function emptyDatabase(): Promise<DatabaseHandle> {
  if (!server) return startDatabase({ dataDir: 'memory://', migrate: false, log: () => {} });
  const name = `learnweek_test_upgrade_${Math.random().toString(16).slice(2, 10)}`;
  await withClient(server, (c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    url: named(name),
    ownerUrl: named(name),
    kind: 'external',
    poolMax: 2,
    stop: () =>
      withClient(server, async (c) => {
        const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [name]);
        for (const r of rows) await c.query(`DROP DATABASE "${r.datname}" WITH (FORCE)`);
      }),
  };
}

/** Every row of every district table went to 新北区 (migration 20261210300000_districts). */
async function expectAllInXinbei(url: string) {
  await withClient(url, async (c) => {
    for (const table of DISTRICT_TABLES) {
      const { rows } = await c.query<{ d: string | null }>(`SELECT DISTINCT "districtId" AS d FROM "${table}"`);
      for (const r of rows) expect(r.d, table).toBe(XINBEI_DISTRICT_ID);
    }
    const { rows } = await c.query(`SELECT d."code", d."name", c."name" AS city FROM "District" d JOIN "City" c ON c."id" = d."cityId"`);
    expect(rows).toEqual([{ code: 'XB', name: '新北区', city: '常州市' }]);
  });
}

describe(`upgrading a database made by the previous release (${PREVIOUS_RELEASE})`, () => {
  let old: DatabaseHandle;
  let before: Record<string, string>;
  let after: DatabaseHandle | undefined;

  beforeAll(async () => {
    const all = (await readMigrations()).map((m) => m.name);
    expect(all).toContain(PREVIOUS_RELEASE);
    const dir = path.join(tmp, 'previous-release');
    for (const name of all.filter((n) => n <= PREVIOUS_RELEASE))
      cpSync(path.join(MIGRATIONS_DIR, name), path.join(dir, name), { recursive: true });
    old = await emptyDatabase();
    await withClient(old.ownerUrl, (c) => migrateDeploy(pgExec(c), { dir }));
    // The demo, seeded by today's services into a database of today's schema, then copied into the old one
    // (the columns it lacks left out: the rows as the previous release held them).
    const today = await createTestDatabase();
    try {
      // Today's single-district demo (天宁区 is the demo's second district, not the previous release's).
      await seedDemo(today, { now: new Date('2026-12-07T02:00:00Z'), city: false });
      await copyRows(today.ownerUrl, old.ownerUrl);
    } finally {
      await today.stop();
    }
    before = await everyRow(old.ownerUrl, NEWER_COLUMNS);
    expect(JSON.parse(before.Unit!)).toHaveLength(65);
    expect(before.BackupRun).toBeUndefined();
  }, 300_000);
  afterAll(async () => {
    await after?.stop();
    await old?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a backup of it restores and is migrated forward with nothing lost', async () => {
    const files = path.join(tmp, 'files');
    const { dir, manifest } = await createBackup({
      out: path.join(tmp, 'backups'),
      at: new Date('2026-12-07T02:00:00Z'),
      database:
        old.kind === 'pglite' ? { kind: 'pglite', dataDir: 'memory://', url: old.ownerUrl } : { kind: 'postgresql', url: old.ownerUrl },
      files: new LocalFolderDriver(files),
      key: undefined,
    });
    expect(manifest.database.migration).toBe(PREVIOUS_RELEASE);
    let url: string;
    if (old.kind === 'pglite') {
      const dataDir = path.join(tmp, 'pglite');
      const r = await restoreBackup({
        from: dir,
        database: { kind: 'pglite', dataDir },
        filesDir: files,
        files: undefined,
        key: undefined,
        at: new Date(),
      });
      expect(r.migrated).toContain('20261209600000_backup_runs');
      after = await startDatabase({ dataDir, migrate: false, log: () => {} });
      url = after.url;
    } else {
      const target = `${new URL(old.ownerUrl).pathname.slice(1)}_new`;
      await withClient(server!, (c) => c.query(`CREATE DATABASE "${target}"`));
      url = named(target);
      const r = await restoreBackup({
        from: dir,
        database: { kind: 'postgresql', url },
        filesDir: files,
        files: undefined,
        key: undefined,
        at: new Date(),
      });
      expect(r.migrated).toContain('20261209600000_backup_runs');
      after = {
        url,
        ownerUrl: url,
        kind: 'external',
        poolMax: 1,
        stop: () => withClient(server!, (c) => c.query(`DROP DATABASE IF EXISTS "${target}" WITH (FORCE)`)).then(() => {}),
      };
    }
    const restored = await everyRow(url, NEWER_COLUMNS);
    for (const table of Object.keys(before).filter((t) => t !== '_prisma_migrations')) expect(restored[table], table).toBe(before[table]);
    expect(restored.BackupRun).toBe('[]');
    await expectAllInXinbei(url);
  }, 300_000);

  it('migrating it in place (migrations on start, or npm run db:migrate) keeps every row', async () => {
    const r = await withClient(old.ownerUrl, (c) => migrateDeploy(pgExec(c)));
    expect(r.applied).toContain('20261209600000_backup_runs');
    expect(r.applied).toContain('20261210300000_districts');
    const migrated = await everyRow(old.ownerUrl, NEWER_COLUMNS);
    for (const table of Object.keys(before).filter((t) => t !== '_prisma_migrations')) expect(migrated[table], table).toBe(before[table]);
    await expectAllInXinbei(old.ownerUrl);
    // The city board's totals of today's campaigns are made by the migration (20261211310000_campaign_totals).
    const totals = await withClient(old.ownerUrl, (c) =>
      c.query<{ campaigns: number; totals: number; units: number; participations: number; checkins: number; sessions: number }>(
        `SELECT (SELECT count(*)::int FROM "Campaign") AS campaigns, (SELECT count(*)::int FROM "CampaignTotals") AS totals,
                (SELECT sum("units")::int FROM "CampaignTotals") AS units, (SELECT count(*)::int FROM "Participation") AS participations,
                (SELECT sum("checkins")::int FROM "CampaignTotals") AS checkins, (SELECT sum("checkinCount")::int FROM "CheckinSession") AS sessions`,
      ),
    );
    const row = totals.rows[0]!;
    expect([row.totals, row.units, row.checkins]).toEqual([row.campaigns, row.participations, row.sessions]);
  }, 300_000);
});
