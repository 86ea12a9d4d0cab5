// The file-store port and its two drivers: a folder of this machine and S3-compatible object
// storage (s3rver, a real S3 server speaking HTTP, started here). Two stores on one place stand
// for two API instances.
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inDistrict, XINBEI_DISTRICT_ID } from '@learnweek/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppOptions } from '../src/core/config/app-options.js';
import { loadConfig } from '../src/core/config/config.js';
import { ApiException } from '../src/core/errors/api.exception.js';
import { ManualClock } from '../src/core/clock/clock.js';
import { FileStore } from '../src/core/storage/file-store.js';
import { FILE_SWEEP_GRACE_MS, FileSweep } from '../src/core/storage/file-sweep.service.js';
import { setup, T } from './harness.js';
import { startS3, type TestS3 } from './s3-server.js';

let s3: TestS3;
const dirs: string[] = [];

const optionsOf = (env: Record<string, string>): AppOptions => ({
  config: loadConfig({ LOG_LEVEL: 'error', ...env }),
  databaseUrl: 'postgresql://unused/unused',
  poolMax: 1,
  embedded: false,
  loginLimitPerMinute: 30,
  loginFailuresPerAccount: 10,
  checkinLimitPerMinute: 600,
  checkinHoldAfterPerMinute: 30,
  scheduler: false,
});

async function storeOn(env: Record<string, string>): Promise<FileStore> {
  const store = new FileStore(optionsOf(env));
  await store.onModuleInit();
  return store;
}

const variants = (n: number) => ({
  original: Buffer.alloc(300_000 + n, n),
  web: Buffer.from(`web ${n}`),
  thumb: Buffer.from(`thumb ${n}`),
});
const fileId = () => crypto.randomUUID();

beforeAll(async () => {
  s3 = await startS3();
});

afterAll(async () => {
  await s3.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const places: Record<'folder' | 's3', () => Record<string, string>> = {
  folder: () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lw-store-'));
    dirs.push(dir);
    return { FILES_DIR: dir };
  },
  s3: () => s3.env(),
};

describe.each(['folder', 's3'] as const)('the %s driver', (kind) => {
  it('keeps the three variants, reads each back, and removes them all', async () => {
    const env = places[kind]();
    const store = await storeOn(env);
    expect(store.location).toMatch(kind === 'folder' ? /^folder \// : /^s3 http:\/\/127\.0\.0\.1:\d+\/learnweek-/);
    const key = store.keyOf(fileId());
    await store.put(key, variants(1));
    expect(await store.read(key, 'original')).toEqual(variants(1).original);
    expect((await store.read(key, 'web')).toString()).toBe('web 1');
    expect((await store.read(key, 'thumb')).toString()).toBe('thumb 1');
    await store.remove(key);
    for (const v of ['original', 'web', 'thumb'] as const) {
      const missing = await store.read(key, v).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(ApiException);
      expect((missing as ApiException).getStatus()).toBe(404);
    }
    // Removing what is not there is not an error (a failed upload cleans up whatever it wrote).
    await expect(store.remove(key)).resolves.toBeUndefined();
    await store.onModuleDestroy();
  });

  it('shares the files between two instances on the same place', async () => {
    const env = places[kind]();
    const [one, two] = [await storeOn(env), await storeOn(env)];
    const key = one.keyOf(fileId());
    await one.put(key, variants(2));
    expect((await two.read(key, 'web')).toString()).toBe('web 2');
    await two.remove(key);
    await expect(one.read(key, 'web')).rejects.toBeInstanceOf(ApiException);
    await Promise.all([one.onModuleDestroy(), two.onModuleDestroy()]);
  });

  it('lists each key once, with its last write', async () => {
    const store = await storeOn(places[kind]());
    const keys = [store.keyOf(fileId()), store.keyOf(fileId())];
    for (const [i, key] of keys.entries()) await store.put(key, variants(10 + i));
    const listed = [];
    for await (const k of store.list()) listed.push(k);
    expect(listed.map((k) => k.key).sort()).toEqual([...keys].sort());
    for (const k of listed) expect(k.modifiedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    await store.onModuleDestroy();
  });

  it('keeps a district’s files under its folder, and lists and reads them beside the files kept before districts', async () => {
    const store = await storeOn(places[kind]());
    const [district, id] = [crypto.randomUUID(), fileId()];
    // The district of the work under way names the folder; outside any district, the old layout.
    const key = await inDistrict(district, () => store.keyOf(id));
    expect(key).toBe(`${district}/${id.slice(0, 2)}/${id}`);
    const old = store.keyOf(fileId());
    expect(old).toMatch(/^[0-9a-f]{2}\/[0-9a-f-]{36}$/);
    await store.put(key, variants(20));
    await store.put(old, variants(21));
    const listed = [];
    for await (const k of store.list()) listed.push(k.key);
    expect(listed.sort()).toEqual([key, old].sort());
    expect((await store.read(key, 'web')).toString()).toBe('web 20');
    expect((await store.read(old, 'web')).toString()).toBe('web 21');
    await store.remove(key);
    await expect(store.read(key, 'web')).rejects.toBeInstanceOf(ApiException);
    await store.onModuleDestroy();
  });

  it('removes what a failed save had written under its key', async () => {
    const store = await storeOn(places[kind]());
    let written = '';
    const failed = store.keepNew(async (_id, key) => {
      written = key;
      await store.put(key, variants(3));
      throw new Error('the transaction rolled back');
    });
    await expect(failed).rejects.toThrow('the transaction rolled back');
    await expect(store.read(written, 'original')).rejects.toBeInstanceOf(ApiException);
    await store.onModuleDestroy();
  });
});

describe('a store that cannot write', () => {
  it('is a 503 (the service is unavailable, the request may be sent again), not a 500', async () => {
    const env = places.folder();
    const store = await storeOn(env);
    // The folder gone and a file in its place: every write fails (ENOTDIR), as a failed disk would.
    rmSync(env.FILES_DIR!, { recursive: true });
    writeFileSync(env.FILES_DIR!, '');
    const failed = await store.put(store.keyOf(fileId()), variants(5)).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ApiException);
    expect((failed as ApiException).getStatus()).toBe(503);
    expect((failed as ApiException).code).toBe('serviceUnavailable');
  });
});

describe('the orphan sweep', () => {
  it('removes files without a row once older than the grace period, and keeps the rest', async () => {
    const t = await setup({ clock: new ManualClock(T.afterWeek) });
    try {
      const store = t.app.get(FileStore);
      const now = t.clock.now().getTime();
      const put = async (ageMs: number, row: boolean, district?: string) => {
        const key = store.keyOf(fileId(), district);
        await store.put(key, variants(6));
        if (row) await t.prisma.storedFile.create({ data: { storageKey: key, contentType: 'image/jpeg', size: 1, sha256: 'x' } });
        const at = new Date(now - ageMs);
        utimesSync(path.join(t.filesDir, key), at, at);
        return path.join(t.filesDir, key);
      };
      const orphan = await put(FILE_SWEEP_GRACE_MS + 60_000, false);
      const inFlight = await put(FILE_SWEEP_GRACE_MS - 60_000, false);
      const kept = await put(30 * 86_400_000, true);
      // The same under a district's folder (the key a file gets since districts).
      const districtOrphan = await put(FILE_SWEEP_GRACE_MS + 60_000, false, XINBEI_DISTRICT_ID);
      const districtKept = await put(30 * 86_400_000, true, XINBEI_DISTRICT_ID);
      expect(await t.app.get(FileSweep).run()).toEqual({ checked: 5, removed: 2 });
      expect([orphan, inFlight, kept, districtOrphan, districtKept].map((f) => existsSync(f))).toEqual([false, true, true, false, true]);
    } finally {
      await t.teardown();
    }
  });
});

describe('the s3 driver at start', () => {
  it('makes a missing bucket, and starts on one that exists', async () => {
    const env = s3.env();
    const first = await storeOn(env);
    const key = first.keyOf(fileId());
    await first.put(key, variants(4));
    // A second instance starting on the same bucket neither fails nor empties it.
    const second = await storeOn(env);
    expect((await second.read(key, 'thumb')).toString()).toBe('thumb 4');
    await Promise.all([first.onModuleDestroy(), second.onModuleDestroy()]);
  });

  it('refuses to start with credentials the server rejects, naming the store', async () => {
    // s3rver knows one access key (it does not check version 4 signatures, only whose key it is).
    const env = { ...s3.env(), FILES_S3_ACCESS_KEY_ID: 'NOT-A-KEY-OF-THIS-SERVER' };
    await expect(storeOn(env)).rejects.toThrow(/^s3 http:\/\/127\.0\.0\.1:\d+\/learnweek-[\w-]+: \w+ \(HTTP 403\)$/);
  });
});

describe('FILES_S3_* configuration', () => {
  it('selects object storage with an endpoint, path-style by default, and hides the secret key', () => {
    const c = loadConfig({ FILES_S3_ENDPOINT: 'http://minio:9000', FILES_S3_ACCESS_KEY_ID: 'id', FILES_S3_SECRET_ACCESS_KEY: 'secret' });
    expect(c.filesS3).toEqual({
      endpoint: 'http://minio:9000',
      bucket: 'learnweek',
      region: 'us-east-1',
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
      forcePathStyle: true,
    });
    expect(loadConfig({}).filesS3).toBeUndefined();
    expect(() => loadConfig({ FILES_S3_ENDPOINT: 'ftp://minio' })).toThrow(/^invalid FILES_S3_ENDPOINT="ftp:\/\/minio": must be an http/);
    expect(() => loadConfig({ FILES_S3_ENDPOINT: 'http://minio:9000', FILES_S3_BUCKET: 'Photos_2026' })).toThrow(
      /^invalid FILES_S3_BUCKET=/,
    );
    expect(() => loadConfig({ FILES_S3_ENDPOINT: 'http://minio:9000', FILES_S3_ACCESS_KEY_ID: 'id' })).toThrow(/set both, or neither/);
    expect(() => loadConfig({ FILES_S3_SECRET_ACCESS_KEY: '' })).toThrow('invalid FILES_S3_SECRET_ACCESS_KEY=<hidden, 0 characters>');
  });
});
