import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseUnreachableError, startDatabase } from './database.js';
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
