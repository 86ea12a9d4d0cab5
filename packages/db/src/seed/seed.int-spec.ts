import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../client.js';
import { createTestDatabase, type DatabaseHandle } from '../database.js';
import { readDemoUnits } from './demo-data.js';
import { seedDemoOnce } from './seed.js';

let db: DatabaseHandle;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.stop();
});

describe('seedDemoOnce', () => {
  // `DEMO=1 npm run cluster` on a fresh database: every instance seeds as it starts.
  it('seeds the demo once when two instances seed one database at the same time', async () => {
    const now = new Date('2026-10-01T02:00:00Z');
    const [a, b] = await Promise.all([seedDemoOnce(db.url, { now }), seedDemoOnce(db.url, { now })]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.campaigns).toEqual(b.campaigns);
    const prisma = createPrismaClient(db.url, 1);
    try {
      expect(await prisma.user.count()).toBe(4 + readDemoUnits().length);
      expect(await prisma.campaign.count()).toBe(2);
      expect(await prisma.kioskDevice.count()).toBe(2);
    } finally {
      await prisma.$disconnect();
    }
  });
});
