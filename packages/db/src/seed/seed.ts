import { createHash } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import { hashPassword } from '../password.js';
import { CHANGZHOU_CITY_ID, TIANNING_DISTRICT_ID, XINBEI_DISTRICT_ID } from '../tenancy.js';
import { readDemoUnits, TIANNING_TOWNS, TIANNING_UNITS_CSV, XINBEI_TOWNS, type TUnitRow } from './demo-data.js';

export const DEMO_PASSWORD = 'demo1234';
export const DEMO_CAMPAIGN_2017 = '2017年全民终身学习推进周';
export const DEMO_THEME = '推动全民终身学习，加快建设学习型新北';
export const DEMO_VENUE = '春江镇社区教育中心';

/** An instant given as China Standard Time wall-clock (UTC+8, no DST). */
export const cst = (y: number, m: number, d: number, h = 0, min = 0, s = 0) => new Date(Date.UTC(y, m - 1, d, h - 8, min, s));

/** The notice's 2017 timeline. */
export const TIMELINE_2017 = {
  planDueAt: cst(2017, 10, 10, 23, 59, 59),
  weekStartsAt: cst(2017, 10, 23),
  weekEndsAt: cst(2017, 10, 30),
  launchAt: cst(2017, 10, 25, 9, 0),
  launchVenue: DEMO_VENUE,
  summaryDueAt: cst(2017, 10, 31, 23, 59, 59),
};

/** The 2017 timeline moved so that `now` falls in the plan-collection window (docs/PRODUCT.md §6 demo mode). */
export function currentTimeline(now: Date): typeof TIMELINE_2017 {
  const cstNow = new Date(now.getTime() + 8 * 3_600_000);
  const day = (offset: number, h = 0, min = 0, s = 0) =>
    cst(cstNow.getUTCFullYear(), cstNow.getUTCMonth() + 1, cstNow.getUTCDate() + offset, h, min, s);
  return {
    planDueAt: day(10, 23, 59, 59),
    weekStartsAt: day(21),
    weekEndsAt: day(28),
    launchAt: day(23, 9, 0),
    launchVenue: DEMO_VENUE,
    summaryDueAt: day(29, 23, 59, 59),
  };
}

/** The demo seed's advisory lock (the scheduler's keys are small numbers, migrations' 72707369). */
export const SEED_LOCK_KEY = 5_020_261_207;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/**
 * The demo's well-known screen tokens, fixed so that a printed URL keeps working across restarts:
 * only with DEMO=1 and never with NODE_ENV=production (anyone knows them). The API refuses them
 * otherwise, whatever the database holds.
 */
export const demoKioskToken = (year: number) => `demo-kiosk-${year}`;
export const isDemoKioskToken = (token: string) => /^demo-kiosk-\d+$/.test(token);
export const wellKnownScreenTokensAllowed = (env: { DEMO?: string; NODE_ENV?: string }) =>
  (env.DEMO === '1' || env.DEMO === 'true') && env.NODE_ENV !== 'production';
/** A district of the demo: its towns, its units' file and its district-wide logins (organizer, approvers, staff). */
export interface DemoDistrict {
  districtId: string;
  code: string;
  name: string;
  towns: readonly string[];
  unitsFile?: string;
  staff: { username: string; displayName: string; roles: string[] }[];
}

/** 新北区: the real 65 units, the logins unchanged since before districts (docs/PRODUCT.md §6). */
export const XINBEI_DEMO: DemoDistrict = {
  districtId: XINBEI_DISTRICT_ID,
  code: 'XB',
  name: '新北区',
  towns: XINBEI_TOWNS,
  staff: [
    { username: 'organizer', displayName: '区教育文体局组织办', roles: ['organizer'] },
    { username: 'approver', displayName: '社会教育科 审核人', roles: ['approver'] },
    { username: 'approver2', displayName: '社会教育科 审核人二', roles: ['approver'] },
    { username: 'staff', displayName: '主会场签到志愿者', roles: ['checkinStaff'] },
  ],
};

/**
 * 天宁区: a second district of 常州, smaller (seed/data/tianning-units.csv). Usernames are unique in the
 * whole installation (the sign-in takes a username only), so its district-wide logins carry the
 * district's prefix (`tn-organizer`) and its coordinators the unit code's (`coord-TN-C001`).
 */
export const TIANNING_DEMO: DemoDistrict = {
  districtId: TIANNING_DISTRICT_ID,
  code: 'TN',
  name: '天宁区',
  towns: TIANNING_TOWNS,
  unitsFile: TIANNING_UNITS_CSV,
  staff: [
    { username: 'tn-organizer', displayName: '天宁区教育局组织办', roles: ['organizer'] },
    { username: 'tn-approver', displayName: '天宁区社会教育科 审核人', roles: ['approver'] },
  ],
};

/** The city office's login: of 常州市, in no district (reads every district of the city, writes none). */
export const CITY_DEMO_LOGIN = { username: 'city', displayName: '常州市终身教育指导中心', roles: ['city'] };

/** The demo's reference data as seedReference leaves it: ids by town name and unit code, the logins. */
export interface DemoReference {
  districtId: string;
  units: TUnitRow[];
  townIds: Map<string, string>;
  unitIds: Map<string, string>;
  users: {
    organizerId: string;
    approverId: string;
    coordinators: Map<string, string>;
    logins: string[];
  };
}

/**
 * The demo's reference data (docs/PRODUCT.md §6): Xinbei's towns, the 65 units of
 * seed/data/xinbei-units.csv and the logins (organizer, two approvers, check-in staff, one
 * coordinator per unit; password DEMO_PASSWORD, hashed once). What exists is left alone. The
 * campaigns and their season are played through the API's services (apps/api/src/demo).
 */
export async function seedReference(prisma: PrismaClient, district: DemoDistrict = XINBEI_DEMO): Promise<DemoReference> {
  if (district.districtId !== XINBEI_DISTRICT_ID) {
    // skipDuplicates: two seeds at a time (PGlite's one session takes no advisory lock from the other).
    await prisma.district.createMany({
      data: [{ id: district.districtId, cityId: CHANGZHOU_CITY_ID, code: district.code, name: district.name }],
      skipDuplicates: true,
    });
  }
  const units = readDemoUnits(district.unitsFile);
  const townIds = await seedTowns(prisma, district);
  const unitIds = await seedUnits(prisma, district.districtId, units, townIds);
  const users = await seedUsers(prisma, district, units, unitIds);
  return { districtId: district.districtId, units, townIds, unitIds, users };
}

/** The city office's login (CITY_DEMO_LOGIN), once (two seeds at a time make it once). */
export async function seedCityOffice(prisma: PrismaClient): Promise<string> {
  const find = () => prisma.user.findUnique({ where: { username: CITY_DEMO_LOGIN.username }, select: { id: true } });
  const found = await find();
  if (found) return found.id;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await prisma.user.createMany({
    data: [{ ...CITY_DEMO_LOGIN, passwordHash, districtId: null, cityId: CHANGZHOU_CITY_ID }],
    skipDuplicates: true,
  });
  return (await find())!.id;
}

async function seedTowns(prisma: PrismaClient, district: DemoDistrict) {
  const { districtId, towns } = district;
  await prisma.town.createMany({ data: towns.map((name, i) => ({ districtId, name, sortNo: i + 1 })), skipDuplicates: true });
  const rows = await prisma.town.findMany({ where: { districtId, name: { in: [...towns] } }, select: { id: true, name: true } });
  return new Map(rows.map((t) => [t.name, t.id]));
}

async function seedUnits(prisma: PrismaClient, districtId: string, units: TUnitRow[], townIds: Map<string, string>) {
  const data = units.map((u) => {
    const townId = townIds.get(u.town);
    if (!townId) throw new Error(`unit ${u.code}: unknown town ${u.town}`);
    return { districtId, code: u.code, name: u.name, kind: u.kind, townId, head: u.head, contactPerson: u.contactPerson, phone: u.phone };
  });
  await prisma.unit.createMany({ data, skipDuplicates: true });
  const rows = await prisma.unit.findMany({
    where: { districtId, code: { in: units.map((u) => u.code) } },
    select: { id: true, code: true },
  });
  return new Map(rows.map((u) => [u.code, u.id]));
}

async function seedUsers(prisma: PrismaClient, district: DemoDistrict, units: TUnitRow[], unitIds: Map<string, string>) {
  const wanted = [
    ...district.staff.map((s) => ({ ...s, unitId: null })),
    ...units.map((u) => ({
      username: `coord-${u.code}`,
      displayName: `${u.name} ${u.contactPerson}`,
      roles: ['coordinator'],
      unitId: unitIds.get(u.code)!,
    })),
  ];
  const byName = async () =>
    new Map(
      (
        await prisma.user.findMany({ where: { username: { in: wanted.map((w) => w.username) } }, select: { id: true, username: true } })
      ).map((u) => [u.username, u.id]),
    );
  let existing = await byName();
  const missing = wanted.filter((w) => !existing.has(w.username));
  if (missing.length > 0) {
    // argon2 is slow on purpose: one hash for every demo login.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await prisma.user.createMany({
      data: missing.map((w) => ({ ...w, passwordHash, districtId: district.districtId })),
      skipDuplicates: true,
    });
    existing = await byName();
  }
  const organizer = district.staff.find((s) => s.roles.includes('organizer'))!.username;
  const approver = district.staff.find((s) => s.roles.includes('approver'))!.username;
  return {
    organizerId: existing.get(organizer)!,
    approverId: existing.get(approver)!,
    coordinators: new Map(units.map((u) => [u.code, existing.get(`coord-${u.code}`)!])),
    logins: [...district.staff.map((s) => s.username), `coord-${units[0]?.code ?? ''} … coord-${units.at(-1)?.code ?? ''}`],
  };
}
