import { createPrismaClient, Prisma } from '@learnweek/db';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDataError, isTransientDbError, sqlStateOf } from './db-errors.js';

// Real errors, from the real drivers: the local PostgreSQL server, and ports nobody listens on.
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const CLOSED = 'postgresql://postgres@127.0.0.1:1/postgres';

const caught = async (work: () => Promise<unknown>): Promise<unknown> => {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
};

/** An error PostgreSQL raises with a chosen SQLSTATE (a real ErrorResponse, as the server sends it). */
const raise = (client: pg.Client, code: string) =>
  caught(() => client.query(`DO $$ BEGIN RAISE EXCEPTION 'test' USING ERRCODE = '${code}'; END $$`));

describe('database errors, from node-postgres', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
  });
  afterAll(() => client.end());

  it('a refused connection is transient', async () => {
    const err = await caught(async () => {
      const c = new pg.Client({ connectionString: CLOSED });
      await c.connect();
    });
    expect((err as { code: string }).code).toBe('ECONNREFUSED');
    expect(isTransientDbError(err)).toBe(true);
    expect(isTransientDbError(new Error('the database is not answering', { cause: err }))).toBe(true);
    expect(dbDataError(err)).toBeUndefined();
  });

  it('a NUL, a number out of range and a malformed value are data errors, not transient', async () => {
    const nul = await caught(() => client.query('SELECT $1::text', ['a\u0000b']));
    expect(sqlStateOf(nul)).toBe('22021');
    expect(isTransientDbError(nul)).toBe(false);
    expect(dbDataError(nul)).toMatchObject({ sqlState: '22021', quoted: undefined });

    const range = await caught(() => client.query('SELECT $1::int', ['99999999999']));
    expect(dbDataError(range)).toMatchObject({ sqlState: '22003', quoted: '99999999999' });
    const syntax = await caught(() => client.query('SELECT $1::uuid', ['not-a-uuid']));
    expect(dbDataError(syntax)).toMatchObject({ sqlState: '22P02', quoted: 'not-a-uuid' });
    const jsonNul = await caught(() => client.query('SELECT $1::jsonb', ['{"a":"\\u0000"}']));
    expect(sqlStateOf(jsonNul)).toBe('22P05');
    expect(dbDataError(jsonNul)).toBeDefined();
    await client.query('CREATE TEMP TABLE short_text (v varchar(3))');
    const tooLong = await caught(() => client.query('INSERT INTO short_text VALUES ($1)', ['abcdef']));
    expect(dbDataError(tooLong)).toMatchObject({ sqlState: '22001' });
  });

  it('shutdown, too many connections, serialization failures, deadlocks and timeouts are transient', async () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '53300', '40001', '40P01', '55P03', '25P03']) {
      const err = await raise(client, code);
      expect(sqlStateOf(err), code).toBe(code);
      expect(isTransientDbError(err), code).toBe(true);
      expect(dbDataError(err), code).toBeUndefined();
    }
    const timeout = await caught(async () => {
      await client.query("SET statement_timeout = '20ms'");
      try {
        await client.query('SELECT pg_sleep(1)');
      } finally {
        await client.query('RESET statement_timeout');
      }
    });
    expect(sqlStateOf(timeout)).toBe('57014');
    expect(isTransientDbError(timeout)).toBe(true);
  });

  it('a connection the server terminated (as in a restart) is transient', async () => {
    const victim = new pg.Client({ connectionString: DATABASE_URL });
    const events: unknown[] = [];
    victim.on('error', (e) => events.push(e));
    await victim.connect();
    const pid = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    await client.query('SELECT pg_terminate_backend($1)', [pid]);
    const err = await caught(() => victim.query('SELECT 1'));
    expect(isTransientDbError(err)).toBe(true);
    for (const e of events) expect(isTransientDbError(e)).toBe(true);
    await victim.end().catch(() => undefined);
  });

  it('a pool with no free connection in time is transient', async () => {
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1, connectionTimeoutMillis: 50 });
    const held = await pool.connect();
    const err = await caught(() => pool.query('SELECT 1'));
    expect((err as Error).message).toMatch(/timeout/);
    expect(isTransientDbError(err)).toBe(true);
    held.release();
    await pool.end();
  });

  it('other errors are neither', async () => {
    const unique = await raise(client, '23505');
    const missing = await caught(() => client.query('SELECT * FROM no_such_table'));
    for (const err of [unique, missing, new Error('boom'), new TypeError('x is undefined'), 'a string', null, undefined]) {
      expect(isTransientDbError(err)).toBe(false);
      expect(dbDataError(err)).toBeUndefined();
    }
  });
});

describe('database errors, through Prisma and its driver adapter', () => {
  const prisma = createPrismaClient(DATABASE_URL, 2);
  afterAll(() => prisma.$disconnect());

  it('an unreachable server is transient (P1001)', async () => {
    const down = createPrismaClient(CLOSED, 1);
    const err = await caught(() => down.town.findMany());
    // A raw query says the same as P2010 ("raw query failed") with the adapter's DatabaseNotReachable inside.
    const raw = await caught(() => down.$queryRaw`SELECT 1`);
    await down.$disconnect();
    expect(err).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((err as { code: string }).code).toBe('P1001');
    expect((raw as { code: string }).code).toBe('P2010');
    for (const e of [err, raw]) {
      expect(isTransientDbError(e)).toBe(true);
      expect(dbDataError(e)).toBeUndefined();
    }
  });

  it('a NUL or a number out of range is a data error with its SQLSTATE', async () => {
    const nul = await caught(() => prisma.$queryRaw`SELECT ${'a\u0000'}::text`);
    expect(nul).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(sqlStateOf(nul)).toBe('22021');
    expect(isTransientDbError(nul)).toBe(false);
    expect(dbDataError(nul)?.sqlState).toBe('22021');
    const range = await caught(() => prisma.$queryRaw`SELECT ${'99999999999'}::int`);
    expect(dbDataError(range)).toMatchObject({ sqlState: '22003', quoted: '99999999999' });
  });

  it('a terminated connection and a serialization failure are transient', async () => {
    const err = await caught(() => prisma.$executeRawUnsafe(`DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '40001'; END $$`));
    expect(isTransientDbError(err)).toBe(true);
    await prisma.$queryRaw`SELECT 1`;
    const killed = await caught(() => prisma.$queryRaw`SELECT pg_terminate_backend(pg_backend_pid())`);
    expect(isTransientDbError(killed)).toBe(true);
  });

  it('a unique violation is neither (the filter answers 409 for it)', async () => {
    const err = await caught(() => prisma.$executeRawUnsafe(`DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '23505'; END $$`));
    expect(isTransientDbError(err)).toBe(false);
    expect(dbDataError(err)).toBeUndefined();
  });
});

describe('Redis errors, from ioredis', () => {
  it('a command on a connection that cannot be made is transient', async () => {
    const redis = new Redis({
      host: '127.0.0.1',
      port: 1,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
    });
    redis.on('error', () => undefined);
    const err = await caught(() => redis.connect().then(() => redis.get('k')));
    const again = await caught(() => redis.get('k'));
    redis.disconnect();
    expect(isTransientDbError(err)).toBe(true);
    expect(isTransientDbError(again)).toBe(true);
  });
});
