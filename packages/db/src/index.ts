export { Prisma, PrismaClient } from './generated/prisma/client.js';
export type * from './generated/prisma/client.js';
export { createPrismaClient } from './client.js';
export * from './migrate.js';
export * from './database.js';
export { DataDirLockedError, DATA_DIR_LOCK_FILE, lockDataDir } from './data-dir-lock.js';
export * from './password.js';
export * from './seed/seed.js';
export {
  demoName,
  demoPlanText,
  demoSchedule,
  readDemoNotice,
  readDemoUnits,
  TIANNING_TOWNS,
  XINBEI_TOWNS,
  type TDemoActivity,
  type TUnitRow,
} from './seed/demo-data.js';
export * from './tenancy.js';
export * from './district-scope.js';
