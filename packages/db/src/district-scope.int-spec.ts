import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type DatabaseHandle } from './database.js';
import { currentDistrict, inDistrict, outsideDistrict, scopedQuery } from './district-scope.js';
import { createPrismaClient, type PrismaClient } from './index.js';
import { APP_ROLE, CHANGZHOU_CITY_ID, XINBEI_DISTRICT_ID } from './tenancy.js';

/** The scope mechanism alone (district-scope.ts): Prisma's queries and transactions, and the raw pool's, in a district. */
let db: DatabaseHandle;
let pool: pg.Pool;
let prisma: PrismaClient;
const WJ = randomUUID();

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.ownerUrl, max: db.poolMax });
  prisma = createPrismaClient(pool);
  await pool.query(`INSERT INTO "District" ("id", "cityId", "code", "name") VALUES ($1, $2, 'WJ', '武进区')`, [WJ, CHANGZHOU_CITY_ID]);
  await pool.query(
    `INSERT INTO "Town" ("districtId", "id", "name") VALUES ($1, $2, '新桥街道'), ($1, $3, '春江街道'), ($4, $5, '湖塘镇')`,
    [XINBEI_DISTRICT_ID, randomUUID(), randomUUID(), WJ, randomUUID()],
  );
}, 60_000);
afterAll(async () => {
  await prisma?.$disconnect();
  await pool?.end();
  await db?.stop();
});

const who = (rows: { u: string; d: string | null }[]) => rows[0];
const whoAmI = () =>
  prisma.$queryRaw<{ u: string; d: string | null }[]>`SELECT current_user::text AS u, current_setting('app.district_id', true) AS d`;

describe('inDistrict', () => {
  it('leaves background work started inside a district outside it (outsideDistrict), queries included', async () => {
    let later: Promise<{ district: string | undefined; role: string }> | undefined;
    await inDistrict(WJ, () => {
      // Started here, run after the scope's work has ended: as the connecting role, in no district.
      later = outsideDistrict(() =>
        (async () => {
          await new Promise<void>((r) => setImmediate(r));
          const [row] = await prisma.$queryRaw<{ role: string }[]>`SELECT current_user AS role`;
          return { district: currentDistrict(), role: row!.role };
        })(),
      );
      expect(currentDistrict()).toBe(WJ);
    });
    const seen = await later!;
    expect(seen.district).toBeUndefined();
    expect(seen.role).not.toBe(APP_ROLE);
  });

  it('runs Prisma’s queries as learnweek_app in that district, and outside it as the connecting role', async () => {
    expect(await prisma.town.count()).toBe(3);
    expect(await inDistrict(XINBEI_DISTRICT_ID, () => prisma.town.count())).toBe(2);
    expect(await inDistrict(WJ, () => prisma.town.findMany({ select: { name: true } }))).toEqual([{ name: '湖塘镇' }]);
    expect(who(await inDistrict(WJ, whoAmI))).toEqual({ u: APP_ROLE, d: WJ });
    // Nothing is left on the pooled connection.
    expect(who(await whoAmI())).toMatchObject({ u: 'postgres' });
    expect(who(await whoAmI())?.d ?? '').toBe('');
  });

  it('opens interactive and batch transactions in the district; a row written there is the district’s', async () => {
    const name = `镇-${randomUUID().slice(0, 6)}`;
    const inside = await inDistrict(WJ, () =>
      prisma.$transaction(async (tx) => {
        const town = await tx.town.create({ data: { name } });
        return {
          town,
          count: await tx.town.count(),
          me: who(
            await tx.$queryRaw<{ u: string; d: string }[]>`SELECT current_user::text AS u, current_setting('app.district_id', true) AS d`,
          ),
        };
      }),
    );
    expect(inside).toMatchObject({ town: { districtId: WJ }, count: 2, me: { u: APP_ROLE, d: WJ } });
    const [a, b] = await inDistrict(XINBEI_DISTRICT_ID, () =>
      prisma.$transaction([prisma.town.count(), prisma.town.findFirst({ where: { name } })]),
    );
    expect([a, b]).toEqual([2, null]);
  });

  it('refuses, in one district, a row naming another', async () => {
    await expect(inDistrict(XINBEI_DISTRICT_ID, () => prisma.town.create({ data: { name: '越界', districtId: WJ } }))).rejects.toThrow(
      /row-level security/,
    );
    expect(await prisma.town.count({ where: { name: '越界' } })).toBe(0);
  });

  it('keeps concurrent work in different districts apart', async () => {
    const run = (d: string) =>
      inDistrict(d, async () => [
        currentDistrict(),
        await prisma.town.count(),
        await scopedQuery<{ n: string }>(pool, `SELECT count(*) AS n FROM "Town"`).then((r) => Number(r.rows[0]!.n)),
      ]);
    const results = await Promise.all([run(XINBEI_DISTRICT_ID), run(WJ), run(XINBEI_DISTRICT_ID), run(WJ)]);
    const wj = results[1]![1];
    expect(results).toEqual([
      [XINBEI_DISTRICT_ID, 2, 2],
      [WJ, wj, wj],
      [XINBEI_DISTRICT_ID, 2, 2],
      [WJ, wj, wj],
    ]);
  });

  it('sends the findUnique calls of one tick from different districts each in its own (Prisma would batch them in the first one’s)', async () => {
    const wjTown = (await pool.query<{ id: string }>(`SELECT "id" FROM "Town" WHERE "districtId" = $1`, [WJ])).rows[0]!.id;
    // 武进区 reads its own town while, in the same tick, 新北区 asks for it by its id.
    const [own, asked] = await Promise.all([
      inDistrict(WJ, () => prisma.town.findUnique({ where: { id: wjTown } })),
      inDistrict(XINBEI_DISTRICT_ID, () => prisma.town.findUnique({ where: { id: wjTown } })),
    ]);
    expect(own?.name).toBe('湖塘镇');
    expect(asked).toBeNull();
  });

  it('runs the raw pool’s statements in the district too (scopedQuery), and refuses what is not a district id', async () => {
    const r = await inDistrict(WJ, () =>
      scopedQuery<{ u: string; d: string }>(pool, `SELECT current_user::text AS u, current_setting('app.district_id', true) AS d`),
    );
    expect(r.rows).toEqual([{ u: APP_ROLE, d: WJ }]);
    expect((await scopedQuery<{ u: string }>(pool, `SELECT current_user::text AS u`)).rows).toEqual([{ u: 'postgres' }]);
    await expect(inDistrict(`'); DROP TABLE "Town"; --`, () => 0)).rejects.toThrow(/not a district id/);
  });
});
