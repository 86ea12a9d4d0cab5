/**
 * The district a piece of work runs in (docs/ARCHITECTURE.md, "Tenancy"), and the driver adapter that
 * runs every query in it: inside `inDistrict(id, fn)`, each of Prisma's transactions opens with
 * `set_config('app.district_id', id, true)` and `set_config('role', 'learnweek_app', true)` (the
 * transaction's own: nothing is left on the pooled connection), and a query outside a transaction runs in
 * one of its own that does the same. Row-level security then shows the work its district's rows only,
 * and a row it inserts without naming a district is its district's. Outside any scope the queries run
 * as the connecting role, as before (step 1 of issue 25: the API does not enter scopes yet).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { APP_ROLE } from './tenancy.js';

const scope = new AsyncLocalStorage<{ districtId: string | undefined; cityId?: string }>();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `fn` (and everything it awaits) in the district `districtId`. What `fn` returns is awaited inside
 * the scope: Prisma's queries are lazy (a PrismaPromise starts when awaited), so `inDistrict(d, () =>
 * prisma.unit.count())` runs the count in `d`.
 */
export async function inDistrict<T>(districtId: string, fn: () => T | PromiseLike<T>): Promise<T> {
  if (!UUID.test(districtId)) throw new Error(`not a district id: ${districtId}`);
  return scope.run({ districtId: districtId.toLowerCase() }, async () => await fn());
}

/**
 * Runs `fn` in a scope whose district is not known yet: a request, before its caller is (the API's
 * request context). `setDistrict` then names it, once, for the rest of that work.
 */
export function openDistrictScope<T>(fn: () => T): T {
  return scope.run({ districtId: undefined }, fn);
}

/**
 * Names the district of the scope opened by `openDistrictScope` (the signed-in user's: resolved on the
 * server, never taken from the client). Naming another district than the one named is refused; outside
 * such a scope it does nothing.
 */
export function setDistrict(districtId: string): void {
  const store = scope.getStore();
  if (!store) return;
  if (!UUID.test(districtId)) throw new Error(`not a district id: ${districtId}`);
  const id = districtId.toLowerCase();
  if ((store.districtId !== undefined && store.districtId !== id) || store.cityId !== undefined)
    throw new Error('the work’s district is already set to another');
  store.districtId = id;
}

/**
 * Runs `fn` outside any district scope: background work that a request merely started (a round of
 * mail, a batch) belongs to no request, and would otherwise run in that one's district for as long as
 * it goes on, whoever else asks for it meanwhile.
 */
export function outsideDistrict<T>(fn: () => T): T {
  return scope.exit(fn);
}

/**
 * Names the city of the scope opened by `openDistrictScope`, for the city office's accounts (no
 * district): its transactions set `app.city_id` only, so the `city_read` policies show every district of
 * the city and `district_rw` lets them write nothing. Refused once a district or another city is named.
 */
export function setCity(cityId: string): void {
  const store = scope.getStore();
  if (!store) return;
  if (!UUID.test(cityId)) throw new Error(`not a city id: ${cityId}`);
  const id = cityId.toLowerCase();
  if (store.districtId !== undefined || (store.cityId !== undefined && store.cityId !== id))
    throw new Error('the work’s scope is already set');
  store.cityId = id;
}

/** Runs `fn` (and everything it awaits) reading the city `cityId`'s districts, writing none (setCity). */
export async function inCity<T>(cityId: string, fn: () => T | PromiseLike<T>): Promise<T> {
  if (!UUID.test(cityId)) throw new Error(`not a city id: ${cityId}`);
  return scope.run({ districtId: undefined, cityId: cityId.toLowerCase() }, async () => await fn());
}

/** The city of the work under way, if it runs in one (the city office's). */
export function currentCity(): string | undefined {
  return scope.getStore()?.cityId;
}

/** The statement that opens a transaction in the current district or city, if the work runs in one. */
function currentOpening(): string | undefined {
  const store = scope.getStore();
  if (store?.districtId) return districtOpening(store.districtId);
  if (store?.cityId) return `SELECT set_config('app.city_id', '${store.cityId}', true), set_config('role', '${APP_ROLE}', true)`;
  return undefined;
}

/** The district of the work under way, if it runs in one. */
export function currentDistrict(): string | undefined {
  return scope.getStore()?.districtId;
}

/** The statement that opens a transaction in a district (the id was checked to be a uuid: no quoting needed). */
export function districtOpening(districtId: string): string {
  return `SELECT set_config('app.district_id', '${districtId}', true), set_config('role', '${APP_ROLE}', true)`;
}

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;
type Tx = Awaited<ReturnType<Adapter['startTransaction']>>;
type Query = Parameters<Adapter['queryRaw']>[0];
const sql = (text: string): Query => ({ sql: text, args: [], argTypes: [] });

/** The adapter's queries and transactions, in the current district when there is one. */
function scoped(inner: Adapter): Adapter {
  const open = async (tx: Tx, opening: string) => {
    try {
      await tx.executeRaw(sql(opening));
    } catch (err) {
      await tx.executeRaw(sql('ROLLBACK')).catch(() => undefined);
      await tx.rollback();
      throw err;
    }
  };
  const alone = async <T>(opening: string, run: (tx: Tx) => Promise<T>): Promise<T> => {
    const tx = await inner.startTransaction();
    await open(tx, opening);
    let result: T;
    try {
      result = await run(tx);
    } catch (err) {
      await tx.executeRaw(sql('ROLLBACK')).catch(() => undefined);
      await tx.rollback();
      throw err;
    }
    try {
      await tx.executeRaw(sql('COMMIT'));
    } finally {
      await tx.commit();
    }
    return result;
  };
  const adapter: Adapter = Object.create(inner) as Adapter;
  adapter.queryRaw = (q) => {
    const o = currentOpening();
    return o ? alone(o, (tx) => tx.queryRaw(q)) : inner.queryRaw(q);
  };
  adapter.executeRaw = (q) => {
    const o = currentOpening();
    return o ? alone(o, (tx) => tx.executeRaw(q)) : inner.executeRaw(q);
  };
  adapter.startTransaction = async (isolationLevel) => {
    const tx = await inner.startTransaction(isolationLevel);
    const o = currentOpening();
    if (o) await open(tx, o);
    return tx;
  };
  return adapter;
}

/** PrismaPg whose connections run in the current district (above). */
export function districtScopedAdapter(pool: pg.Pool | pg.PoolConfig): PrismaPg {
  const factory = new PrismaPg(pool);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => scoped(await connect());
  return factory;
}

/**
 * node-postgres' `pool.query`, in the current district when there is one (a transaction of its own, opened
 * like Prisma's above): for the hot-path statements that bypass Prisma.
 */
export async function scopedQuery<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  text: string,
  values: unknown[] = [],
): Promise<pg.QueryResult<R>> {
  const o = currentOpening();
  if (!o) return pool.query<R>(text, values);
  const client = await pool.connect();
  // A checked-out client has no listener of the pool's: a server that goes away meanwhile would emit an
  // unhandled 'error' and end the process. The failing query rejects; a broken client is destroyed on release.
  let broken: Error | undefined;
  const onError = (err: Error) => (broken = err);
  client.on('error', onError);
  const release = () => {
    client.off('error', onError);
    client.release(broken);
  };
  try {
    await client.query(`BEGIN; ${o}`);
    const r = await client.query<R>(text, values);
    await client.query('COMMIT');
    release();
    return r;
  } catch (err) {
    // A client that cannot even roll back is not given back to the pool.
    await client.query('ROLLBACK').catch((e: Error) => (broken ??= e));
    release();
    throw err;
  }
}

/**
 * What a request that names no district finds its district by (migration 20261211200000_district_lookups):
 * one row's district, read past the policies by a SECURITY DEFINER function that returns the id only.
 */
const LOOKUPS = {
  campaign: ['learnweek_campaign_district', 'uuid'],
  checkinSession: ['learnweek_checkin_session_district', 'uuid'],
  device: ['learnweek_device_district', 'text'],
  storedFile: ['learnweek_stored_file_district', 'uuid'],
  resetToken: ['learnweek_reset_token_district', 'text'],
} as const;
export type DistrictLookup = keyof typeof LOOKUPS;

/** The district of one row (a campaign, a session, a screen's or desk's token hash…); null: no such row. */
export async function districtOf(pool: pg.Pool, kind: DistrictLookup, key: string): Promise<string | null> {
  const [fn, type] = LOOKUPS[kind];
  // Not an id: no such row (rather than PostgreSQL's cast error, a 500).
  if (type === 'uuid' && !UUID.test(key)) return null;
  const { rows } = await pool.query<{ d: string | null }>(`SELECT ${fn}($1::${type}) AS d`, [key]);
  return rows[0]?.d ?? null;
}

/** The accounts (id, district, whether by its username) a sign-in name or a reset request's address may be. */
export async function accountDistricts(
  pool: pg.Pool,
  account: string,
): Promise<{ id: string; districtId: string | null; byName: boolean }[]> {
  return (
    await pool.query<{ id: string; districtId: string | null; byName: boolean }>('SELECT * FROM learnweek_account_districts($1)', [account])
  ).rows;
}

/** The districts of accounts by id (a token's user). */
export async function userDistricts(pool: pg.Pool, ids: string[]): Promise<Map<string, string | null>> {
  const { rows } = await pool.query<{ id: string; districtId: string | null }>('SELECT * FROM learnweek_user_districts($1::uuid[])', [
    ids.filter((id) => UUID.test(id)),
  ]);
  return new Map(rows.map((r) => [r.id, r.districtId]));
}

/** The cities of accounts of no district (the city office's) by id (migration 20261211500000_city_lookups). */
export async function userCities(pool: pg.Pool, ids: string[]): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ id: string; cityId: string | null }>('SELECT * FROM learnweek_user_cities($1::uuid[])', [
    ids.filter((id) => UUID.test(id)),
  ]);
  return new Map(rows.flatMap((r) => (r.cityId ? [[r.id, r.cityId] as const] : [])));
}

/**
 * The request's district, found from one of its rows (`districtOf`): the rest of the request runs in it.
 * Unknown: nothing is named, and the request finds nothing (404 as before).
 */
export async function enterDistrictOf(pool: pg.Pool, kind: DistrictLookup, key: string): Promise<string | null> {
  const d = await districtOf(pool, kind, key);
  if (d) setDistrict(d);
  return d;
}

/**
 * Runs `fn` once in each district of the installation, one after another (the scheduler's jobs: each
 * district's rows are seen and written under its own policies), and returns what each run returned.
 * The districts are a global table, read as the connecting role.
 */
export async function eachDistrict<T>(pool: pg.Pool, fn: (districtId: string) => T | PromiseLike<T>): Promise<T[]> {
  const { rows } = await pool.query<{ id: string }>('SELECT "id" FROM "District" ORDER BY "id"');
  const out: T[] = [];
  for (const { id } of rows) out.push(await inDistrict(id, () => fn(id)));
  return out;
}
