import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../client.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { createTestDatabase, type DatabaseHandle } from '../database.js';
import { verifyPassword } from '../password.js';
import { readDemoUnits, XINBEI_TOWNS } from './demo-data.js';
import { DEMO_PASSWORD, seedReference } from './seed.js';

let db: DatabaseHandle;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.ownerUrl, 2);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.stop();
});

describe('seedReference', () => {
  it('writes the towns, the 65 units and the logins once, with one password hash for all, and leaves them alone after', async () => {
    const first = await seedReference(prisma);
    expect(await prisma.town.count()).toBe(XINBEI_TOWNS.length);
    expect(await prisma.unit.count()).toBe(readDemoUnits().length);
    const users = await prisma.user.findMany({ select: { username: true, passwordHash: true, unitId: true, roles: true } });
    expect(users).toHaveLength(4 + readDemoUnits().length);
    expect(new Set(users.map((u) => u.passwordHash)).size).toBe(1);
    expect(await verifyPassword(users[0]!.passwordHash, DEMO_PASSWORD)).toBe(true);
    expect(users.filter((u) => u.roles.includes('coordinator')).every((u) => u.unitId !== null)).toBe(true);
    expect(first.users.logins).toContain('organizer');

    await prisma.user.update({ where: { username: 'approver' }, data: { displayName: '改过的名字' } });
    const again = await seedReference(prisma);
    expect(again.users.approverId).toBe(first.users.approverId);
    expect([...again.unitIds]).toEqual([...first.unitIds]);
    expect(await prisma.user.count()).toBe(users.length);
    expect((await prisma.user.findUniqueOrThrow({ where: { username: 'approver' } })).displayName).toBe('改过的名字');
  });
});
