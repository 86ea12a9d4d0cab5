import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE, CHANGZHOU_CITY_ID, DISTRICT_TABLES, GLOBAL_TABLES, XINBEI_DISTRICT_ID, type DatabaseHandle } from '@learnweek/db';
import { createDemoTestDatabase } from '../src/demo/seed-demo.js';

/** The tenancy in the database (docs/ARCHITECTURE.md, "Tenancy"): the catalog, and what learnweek_app may see and write. */
let db: DatabaseHandle;
let c: pg.Client;
/** A second district of the city (武进区), with a town of its own. */
const WJ = randomUUID();
const wjTown = randomUUID();

beforeAll(async () => {
  // The demo season, so that every kind of row is there to be hidden.
  ({ db } = await createDemoTestDatabase({ now: new Date('2026-11-28T10:00:00Z') }));
  c = new pg.Client({ connectionString: db.ownerUrl });
  await c.connect();
  await c.query(`INSERT INTO "District" ("id", "cityId", "code", "name") VALUES ($1, $2, 'WJ', '武进区')`, [WJ, CHANGZHOU_CITY_ID]);
  await c.query(`INSERT INTO "Town" ("id", "districtId", "name") VALUES ($1, $2, '湖塘镇')`, [wjTown, WJ]);
}, 120_000);
afterAll(async () => {
  await c?.end();
  await db?.stop();
});

/** Runs `fn` in a transaction as learnweek_app with the given settings (set_config(…, true): the transaction's only), then rolls back. */
async function asApp<T>(settings: { district?: string; city?: string }, fn: () => Promise<T>): Promise<T> {
  await c.query('BEGIN');
  try {
    await c.query(`SELECT set_config('app.district_id', $1, true), set_config('app.city_id', $2, true), set_config('role', $3, true)`, [
      settings.district ?? '',
      settings.city ?? '',
      APP_ROLE,
    ]);
    return await fn();
  } finally {
    await c.query('ROLLBACK');
  }
}
const count = async (table: string) => Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0]!.n);
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: { code?: string; message: string }) => `${e.code}: ${e.message}`,
  );

describe('the catalog', () => {
  it('has row-level security enabled and forced, with both policies, on every table with a district; every other table is listed as global', async () => {
    const { rows } = await c.query<{ table: string; district: boolean; rls: boolean; forced: boolean; policies: string[] }>(
      `SELECT t.relname AS table,
              EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'districtId' AND NOT a.attisdropped) AS district,
              t.relrowsecurity AS rls, t.relforcerowsecurity AS forced,
              coalesce((SELECT array_agg(p.polname::text ORDER BY p.polname) FROM pg_policy p WHERE p.polrelid = t.oid), '{}') AS policies
         FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND t.relkind IN ('r', 'p') ORDER BY 1`,
    );
    const withDistrict = rows.filter((r) => r.district);
    expect(withDistrict.map((r) => r.table).sort()).toEqual([...DISTRICT_TABLES].sort());
    // AuditEntry also takes the installation's entries (a failed sign-in of a name no account has), which no district reads.
    for (const r of withDistrict)
      expect(r, r.table).toMatchObject({
        rls: true,
        forced: true,
        policies: r.table === 'AuditEntry' ? ['city_read', 'district_rw', 'installation_append'] : ['city_read', 'district_rw'],
      });
    expect(
      rows
        .filter((r) => !r.district)
        .map((r) => r.table)
        .sort(),
    ).toEqual(Object.keys(GLOBAL_TABLES).sort());
    for (const r of rows.filter((r) => !r.district)) expect(r, r.table).toMatchObject({ rls: false, policies: [] });
  });

  it('has every district column NOT NULL (but the city office’s users and the installation’s audit entries) with the transaction’s district as its default', async () => {
    const { rows } = await c.query<{ table: string; nullable: string; def: string }>(
      `SELECT table_name AS table, is_nullable AS nullable, column_default AS def FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'districtId' ORDER BY 1`,
    );
    for (const r of rows)
      expect(r, r.table).toEqual({
        table: r.table,
        nullable: r.table === 'User' || r.table === 'AuditEntry' ? 'YES' : 'NO',
        def: 'learnweek_district_default()',
      });
  });

  it('has every view security_invoker', async () => {
    const { rows } = await c.query<{ view: string; options: string[] | null }>(
      `SELECT c.relname AS view, c.reloptions AS options FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm')`,
    );
    for (const r of rows) expect(r.options ?? [], r.view).toContain('security_invoker=true');
  });

  it('gives learnweek_app no login, no BYPASSRLS, no superuser and nothing it owns', async () => {
    const role = await c.query(`SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = $1`, [APP_ROLE]);
    expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false, rolcanlogin: false }]);
    const owned = await c.query(`SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = $1`, [APP_ROLE]);
    expect(owned.rows).toEqual([]);
    const fns = await c.query(`SELECT p.proname FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner WHERE r.rolname = $1`, [APP_ROLE]);
    expect(fns.rows).toEqual([]);
  });

  it('grants learnweek_app reading and writing on every table but the migrations (reading only on the city and its districts)', async () => {
    // A table made by a later migration without its grant would answer every signed-in request with "permission denied".
    const { rows } = await c.query<{ table: string; privileges: string }>(
      `SELECT tablename AS table,
              concat_ws(',', CASE WHEN has_table_privilege($1, format('%I', tablename), 'SELECT') THEN 'SELECT' END,
                             CASE WHEN has_table_privilege($1, format('%I', tablename), 'INSERT') THEN 'INSERT' END,
                             CASE WHEN has_table_privilege($1, format('%I', tablename), 'UPDATE') THEN 'UPDATE' END,
                             CASE WHEN has_table_privilege($1, format('%I', tablename), 'DELETE') THEN 'DELETE' END) AS privileges
         FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
      [APP_ROLE],
    );
    const expected = (table: string) =>
      table === '_prisma_migrations' ? '' : table === 'City' || table === 'District' ? 'SELECT' : 'SELECT,INSERT,UPDATE,DELETE';
    expect(rows.filter((r) => r.privileges !== expected(r.table))).toEqual([]);
    expect(rows.length).toBeGreaterThan(DISTRICT_TABLES.length);
  });
});

describe('learnweek_app', () => {
  it('sees no row of any district table while no district is set', async () => {
    expect(await count('Unit')).toBe(65);
    await asApp({}, async () => {
      for (const table of DISTRICT_TABLES) expect(await count(table), table).toBe(0);
    });
  });

  it('sees no row either after a plain SET ROLE, on a connection of its own', async () => {
    const own = new pg.Client({ connectionString: db.ownerUrl });
    await own.connect();
    try {
      await own.query(`SET ROLE ${APP_ROLE}`);
      for (const table of DISTRICT_TABLES)
        expect((await own.query(`SELECT count(*)::int AS n FROM "${table}"`)).rows, table).toEqual([{ n: 0 }]);
      await own.query('RESET ROLE');
      expect((await own.query(`SELECT count(*)::int AS n FROM "Unit"`)).rows).toEqual([{ n: 65 }]);
    } finally {
      await own.end();
    }
  });

  it('sees its district’s rows only, and every district of its city when reading for the city', async () => {
    await asApp({ district: XINBEI_DISTRICT_ID }, async () => {
      expect(await count('Unit')).toBe(65);
      expect(await count('Participation')).toBe(130);
      expect((await c.query(`SELECT 1 FROM "Town" WHERE "id" = $1`, [wjTown])).rows).toEqual([]);
    });
    await asApp({ district: WJ }, async () => {
      expect(await count('Unit')).toBe(0);
      expect(await count('Town')).toBe(1);
    });
    await asApp({ city: CHANGZHOU_CITY_ID }, async () => {
      expect(await count('Town')).toBe(11);
      // Reading for the city writes nothing.
      expect(await refusal(c.query(`INSERT INTO "Town" ("name", "districtId") VALUES ('市里', $1)`, [XINBEI_DISTRICT_ID]))).toMatch(
        /^42501: new row violates row-level security policy/,
      );
    });
    await asApp({ city: randomUUID() }, async () => expect(await count('Town')).toBe(0));
  });

  it('writes into its own district by default; a row naming another district, or moved to one, is refused', async () => {
    await asApp({ district: XINBEI_DISTRICT_ID }, async () => {
      const { rows } = await c.query<{ districtId: string }>(
        `INSERT INTO "Town" ("id", "name") VALUES ($1, '新镇') RETURNING "districtId"`,
        [randomUUID()],
      );
      expect(rows).toEqual([{ districtId: XINBEI_DISTRICT_ID }]);
      await c.query('SAVEPOINT s');
      expect(
        await refusal(c.query(`INSERT INTO "Town" ("id", "name", "districtId") VALUES ($1, '别区的镇', $2)`, [randomUUID(), WJ])),
      ).toMatch(/^42501: new row violates row-level security policy for table "Town"/);
      await c.query('ROLLBACK TO SAVEPOINT s');
      expect(await refusal(c.query(`UPDATE "Unit" SET "districtId" = $1 WHERE "code" = (SELECT min("code") FROM "Unit")`, [WJ]))).toMatch(
        /^42501: new row violates row-level security policy for table "Unit"/,
      );
    });
    // Another district's rows cannot even be found to be changed or deleted.
    await asApp({ district: WJ }, async () => {
      expect((await c.query(`UPDATE "Unit" SET "name" = 'x'`)).rowCount).toBe(0);
      expect((await c.query(`DELETE FROM "Notification"`)).rowCount).toBe(0);
    });
    // With no district, nothing can be written, whatever it names.
    await asApp({}, async () => {
      expect(await refusal(c.query(`INSERT INTO "Town" ("id", "name") VALUES ($1, '无区之镇')`, [randomUUID()]))).toMatch(
        /^42501: new row violates row-level security policy/,
      );
    });
    await asApp({}, async () => {
      expect(
        await refusal(
          c.query(`INSERT INTO "Town" ("id", "name", "districtId") VALUES ($1, '无区之镇', $2)`, [randomUUID(), XINBEI_DISTRICT_ID]),
        ),
      ).toMatch(/^42501: new row violates row-level security policy/);
    });
  });

  it('is the transaction’s role only, with its district: the connection is itself again after it', async () => {
    await asApp({ district: XINBEI_DISTRICT_ID }, async () => {
      expect((await c.query(`SELECT current_user AS u, current_setting('app.district_id', true) AS d`)).rows).toEqual([
        { u: APP_ROLE, d: XINBEI_DISTRICT_ID },
      ]);
    });
    expect((await c.query(`SELECT current_user AS u, current_setting('app.district_id', true) AS d`)).rows).toEqual([
      { u: 'postgres', d: '' },
    ]);
  });
});

describe('a row of one district', () => {
  it('cannot point at a row of another (composite foreign keys), even for the owner', async () => {
    const unit = { id: randomUUID(), code: `T-${randomUUID().slice(0, 8)}` };
    expect(
      await refusal(
        c.query(
          `INSERT INTO "Unit" ("id", "districtId", "code", "name", "kind", "townId", "updatedAt") VALUES ($1, $2, $3, '跨区单位', 'school', $4, now())`,
          [unit.id, XINBEI_DISTRICT_ID, unit.code, wjTown],
        ),
      ),
    ).toMatch(/^23503: insert or update on table "Unit" violates foreign key constraint "Unit_townId_district_fkey"/);
    // A participation with a schedule: moving its activities into another district must fail.
    const participation = (await c.query<{ id: string }>(`SELECT "participationId" AS "id" FROM "Activity" LIMIT 1`)).rows[0]!;
    expect(await refusal(c.query(`UPDATE "Activity" SET "districtId" = $1 WHERE "participationId" = $2`, [WJ, participation.id]))).toMatch(
      /^23503: .*"Activity_participationId_district_fkey"|^23503: .*_district_fkey/,
    );
  });

  it('keeps unit codes and town names unique within their district only', async () => {
    const { rows } = await c.query<{ code: string; name: string }>(
      `SELECT u."code", t."name" FROM "Unit" u JOIN "Town" t ON t."id" = u."townId" LIMIT 1`,
    );
    const { code, name } = rows[0]!;
    const town = randomUUID();
    await c.query(`INSERT INTO "Town" ("id", "districtId", "name") VALUES ($1, $2, $3)`, [town, WJ, name]);
    await c.query(
      `INSERT INTO "Unit" ("id", "districtId", "code", "name", "kind", "townId", "updatedAt") VALUES ($1, $2, $3, '同码单位', 'school', $4, now())`,
      [randomUUID(), WJ, code, town],
    );
    expect(
      await refusal(
        c.query(`INSERT INTO "Town" ("id", "districtId", "name") VALUES ($1, $2, $3)`, [randomUUID(), XINBEI_DISTRICT_ID, name]),
      ),
    ).toMatch(/^23505: .*"Town_districtId_name_key"/);
  });
});
