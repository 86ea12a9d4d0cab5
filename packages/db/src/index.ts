import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.js';

export { Prisma, PrismaClient } from './generated/prisma/client.js';
export type * from './generated/prisma/client.js';
export * from './migrate.js';
export * from './database.js';
export * from './password.js';
export * from './seed/seed.js';
export { demoName } from './seed/demo-data.js';

/** The one way the apps get a client: the driver adapter over node-postgres, for PGlite and PostgreSQL alike. */
export function createPrismaClient(connectionString: string, poolMax = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: poolMax }) });
}
