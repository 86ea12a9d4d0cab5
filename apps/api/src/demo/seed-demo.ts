import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEFAULT_CAMPAIGN_RULES, noticeForYear, ZNotice, type TCampaign, type TUnitKind } from '@learnweek/contracts';
import {
  createTestDatabase,
  currentTimeline,
  DEMO_CAMPAIGN_2017,
  DEMO_THEME,
  inDistrict,
  SEED_LOCK_KEY,
  CITY_DEMO_LOGIN,
  readDemoNotice,
  seedCityOffice,
  seedReference,
  TIANNING_DEMO,
  TIMELINE_2017,
  XINBEI_DISTRICT_ID,
  type DatabaseHandle,
  type DemoReference,
  type PrismaClient,
} from '@learnweek/db';
import pLimit from 'p-limit';
import pg from 'pg';
import type { AppOptions } from '../core/config/app-options.js';
import { loadConfig } from '../core/config/config.js';
import { CoreModule } from '../core/core.module.js';
import { PrismaService } from '../core/prisma/prisma.service.js';
import { AuditModule } from '../modules/audit/audit.module.js';
import { CampaignModule } from '../modules/campaign/campaign.module.js';
import { CampaignService } from '../modules/campaign/campaign.service.js';
import { NoticeService } from '../modules/campaign/notice/notice.service.js';
import { NotificationModule } from '../modules/notification/notification.module.js';
import { ContentService } from '../modules/participation/content/content.service.js';
import { ParticipationModule } from '../modules/participation/participation.module.js';
import { PhotoService } from '../modules/participation/photos/photo.service.js';
import { ParticipationService } from '../modules/participation/workflow/participation.service.js';
import { seedCheckins, seedScreen } from './checkins.js';
import { CURRENT_MIX, demoPrincipal, HISTORICAL_MIX, playUnitSeason, SeasonClock, type TSeasonServices } from './season.js';

const DAY = 86_400_000;

/**
 * Bump when a change elsewhere (a service the season goes through) changes what the demo writes: the
 * tests' template database (createDemoTestDatabase) is keyed by it, by this folder's code and by the
 * migrations, and rebuilt when any of them moves.
 */
export const DEMO_SEED_VERSION = 2;

export interface SeedOptions {
  now: Date;
  log?: (msg: string) => void;
  /**
   * The demo screens take the well-known tokens `demo-kiosk-<year>` (DEMO=1 outside production,
   * `wellKnownScreenTokensAllowed`); otherwise each run gives them new random ones (in the result).
   */
  wellKnownScreenTokens?: boolean;
  /**
   * The city of 常州 beside 新北区: 天宁区 (its units, towns, logins and current campaign). Default on
   * (`npm run db:seed`, DEMO=1); createDemoTestDatabase defaults it off while work outside a district
   * (public routes, jobs) still relies on the database holding one district (docs/ARCHITECTURE.md, Tenancy).
   */
  city?: boolean;
}

export interface SeedResult {
  created: boolean;
  campaigns: { id: string; title: string; year: number }[];
  kioskTokens: { campaignTitle: string; token: string }[];
  logins: string[];
}

/** Where the demo goes: a database URL and how many connections it takes (PGlite: one). */
export interface SeedTarget {
  url: string;
  /** The tables' owner (a DatabaseHandle's): the demo is seeded as the owner, as the migrations run. */
  ownerUrl?: string;
  poolMax?: number;
  /** The embedded database (PGlite) or a server. */
  kind?: 'external' | 'pglite';
}

/** The API's services a season is played through: the workflow, content, photos (the disc) and campaigns, on a manual clock. */
@Module({})
class DemoSeedModule {
  static forRoot(options: AppOptions, clock: SeasonClock): DynamicModule {
    return {
      module: DemoSeedModule,
      imports: [CoreModule.forRoot(options, clock), AuditModule, NotificationModule, CampaignModule, ParticipationModule],
    };
  }
}

/**
 * The demo of docs/PRODUCT.md §6 on `target`: the reference data (towns, the 65 Xinbei units, the
 * logins; @learnweek/db seedReference), the 2017 campaign as a closed record with participations in
 * every state, and the same campaign in the current year with plan collection under way. Each
 * campaign is created and published through CampaignService and each unit's history is played
 * through the services (season.ts) with a manual clock moved to each step's time, so the demo is
 * what the service makes. Idempotent: what exists is left alone (the screens get this run's token).
 */
export async function seedDemo(target: SeedTarget, opts: SeedOptions): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  const clock = new SeasonClock(opts.now);
  const filesDir = mkdtempSync(path.join(os.tmpdir(), 'lw-seed-files-'));
  // No mail (no SMTP_URL), no scheduler: only what the services write in the database.
  const config = loadConfig({ LOG_LEVEL: 'error', DEMO: '1', FILES_DIR: filesDir });
  const options: AppOptions = {
    config,
    databaseUrl: target.ownerUrl ?? target.url,
    poolMax: target.poolMax ?? 1,
    embedded: false,
    loginLimitPerMinute: 30,
    loginFailuresPerAccount: 10,
    checkinLimitPerMinute: 600,
    checkinHoldAfterPerMinute: 30,
    scheduler: false,
  };
  const app = await NestFactory.createApplicationContext(DemoSeedModule.forRoot(options, clock), { logger: ['error'] });
  try {
    const prisma = app.get(PrismaService).client;
    // The reference data is written as the connecting role, naming each row's district.
    const ref = await seedReference(prisma);
    const tianning = opts.city === false ? undefined : await seedReference(prisma, TIANNING_DEMO);
    if (tianning) await seedCityOffice(prisma);
    const services: TSeasonServices = {
      clock,
      prisma,
      participations: app.get(ParticipationService),
      content: app.get(ContentService),
      photos: app.get(PhotoService),
    };
    const campaigns = app.get(CampaignService);
    const notices = app.get(NoticeService);
    const year = new Date(opts.now.getTime() + 8 * 3_600_000).getUTCFullYear();
    const result: SeedResult = {
      created: false,
      campaigns: [],
      kioskTokens: [],
      logins: [...ref.users.logins, ...(tianning ? [...tianning.users.logins, CITY_DEMO_LOGIN.username] : [])],
    };
    const current = { year, title: `${year}年全民终身学习推进周`, timeline: currentTimeline(opts.now), historical: false };
    const specs = [
      { ref, spec: { year: 2017, title: DEMO_CAMPAIGN_2017, timeline: TIMELINE_2017, historical: true } },
      { ref, spec: current },
      // 天宁区: this year's campaign only, played the same way in its own district.
      ...(tianning ? [{ ref: tianning, spec: current }] : []),
    ];
    for (const { ref: r, spec } of specs) {
      let campaign = await prisma.campaign.findUnique({
        where: { districtId_year_title: { districtId: r.districtId, year: spec.year, title: spec.title } },
      });
      if (!campaign) {
        result.created = true;
        log(`seeding ${spec.title} (${r.districtId === XINBEI_DISTRICT_ID ? '新北区' : '天宁区'})`);
        const id = await inDistrict(r.districtId, () =>
          playSeason(prisma, { campaigns, notices }, services, r, spec, opts.now, options.poolMax),
        );
        campaign = await prisma.campaign.findUniqueOrThrow({ where: { id } });
      }
      // Only 新北区's campaigns are listed (and have a screen), as before the second district.
      if (r !== ref) continue;
      result.campaigns.push({ id: campaign.id, title: campaign.title, year: campaign.year });
      result.kioskTokens.push({
        campaignTitle: campaign.title,
        token: await inDistrict(r.districtId, () => seedScreen(prisma, campaign, opts.wellKnownScreenTokens)),
      });
    }
    return result;
  } finally {
    await app.close();
    rmSync(filesDir, { recursive: true, force: true });
  }
}

/**
 * 天宁区's notice: 新北区's words with 天宁区's bureau, code, places and people (the demo's own, made up);
 * its dates and duties are its campaign's, as every notice's.
 */
function tianningNotice() {
  const swaps: [string, string][] = [
    ['新北区教育文体局', '天宁区教育局'],
    ['教育文体局', '教育局'],
    ['新北区', '天宁区'],
    ['学习型新北', '学习型天宁'],
    ['春江镇党委副书记', '兰陵街道党工委副书记'],
    ['杨杰', '周敏'],
    ['蒋辉', '陈立'],
    ['张素艳', '吴芳'],
    ['董小方', '孙磊'],
    ['何林', '钱静'],
    ['曹立', '郑涛'],
    ['85127250', '88100000'],
  ];
  const text = swaps.reduce((t, [from, to]) => t.replaceAll(from, to), JSON.stringify(readDemoNotice()));
  return ZNotice.parse({ ...(JSON.parse(text) as object), issuerCode: '天教' });
}

interface TSeasonSpec {
  year: number;
  title: string;
  timeline: typeof TIMELINE_2017;
  historical: boolean;
}

/**
 * One campaign's season: the organizer creates it a month before the plans are due (every unit
 * invited) and publishes it; each unit plays its history; 2017 is closed once its summaries are in;
 * the ceremony's check-in sessions and (in 2017) its check-ins are written in bulk.
 */
async function playSeason(
  prisma: PrismaClient,
  { campaigns, notices }: { campaigns: CampaignService; notices: NoticeService },
  s: TSeasonServices,
  ref: DemoReference,
  spec: TSeasonSpec,
  now: Date,
  poolMax: number,
): Promise<string> {
  s.clock.set(spec.historical ? new Date(spec.timeline.planDueAt.getTime() - 30 * DAY) : new Date(now.getTime() - 7 * DAY));
  const iso = (d: Date) => d.toISOString();
  const t = spec.timeline;
  const xinbei = ref.districtId === XINBEI_DISTRICT_ID;
  const created: TCampaign = await campaigns.create({
    year: spec.year,
    title: spec.title,
    theme: xinbei ? DEMO_THEME : '推动全民终身学习，加快建设学习型天宁',
    enquiryContact: xinbei ? '区社区教育办公室 0519-85160000' : '天宁区社区教育办公室 0519-88100000',
    timeline: {
      planDueAt: iso(t.planDueAt),
      weekStartsAt: iso(t.weekStartsAt),
      weekEndsAt: iso(t.weekEndsAt),
      launchAt: iso(t.launchAt),
      launchVenue: xinbei ? t.launchVenue : '兰陵街道社区教育中心',
      summaryDueAt: iso(t.summaryDueAt),
    },
    rules: DEFAULT_CAMPAIGN_RULES,
  });
  // The office writes the notice (2017's words, its year moved), numbers it from the register, and publishes.
  const words = xinbei ? ZNotice.parse(readDemoNotice()) : tianningNotice();
  const signedOn = spec.historical ? words.signedOn : new Date(s.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  await notices.save(created.id, { ...noticeForYear(words, 2017, spec.year), signedOn });
  await notices.issueNumber(created.id);
  s.clock.set(new Date(s.clock.now().getTime() + 3_600_000));
  await campaigns.move(created.id, 'publish');
  const participations = new Map(
    (await prisma.participation.findMany({ where: { campaignId: created.id }, select: { id: true, unitId: true } })).map((p) => [
      p.unitId,
      p.id,
    ]),
  );
  const approverUser = await prisma.user.findUniqueOrThrow({ where: { id: ref.users.approverId } });
  const approver = demoPrincipal(approverUser.id, approverUser.username, approverUser.displayName, ['approver'], null, ref.districtId);
  // Units side by side as far as the pool allows (one at a time on PGlite), each on its own clock.
  const limit = pLimit(Math.max(1, poolMax - 1));
  const played = ref.units.map((unit, index) => {
    const unitId = ref.unitIds.get(unit.code)!;
    const participationId = participations.get(unitId);
    if (!participationId) throw new Error(`demo season: unit ${unit.code} was not invited`);
    const steps = spec.historical ? HISTORICAL_MIX[index % HISTORICAL_MIX.length]! : CURRENT_MIX[index % CURRENT_MIX.length]!;
    // Each unit's season runs in its district, as a signed-in user's requests do (row-level security).
    return limit(() =>
      s.clock.own(() =>
        inDistrict(ref.districtId, () =>
          playUnitSeason(s, {
            participationId,
            unit: { ...unit, kind: unit.kind as TUnitKind },
            index,
            historical: spec.historical,
            timeline: t,
            now,
            steps,
            coordinator: demoPrincipal(
              ref.users.coordinators.get(unit.code)!,
              `coord-${unit.code}`,
              `${unit.name} ${unit.contactPerson}`,
              ['coordinator'],
              unitId,
              ref.districtId,
            ),
            approver,
          }),
        ),
      ),
    );
  });
  await Promise.all(played);
  if (spec.historical) {
    s.clock.set(new Date(t.summaryDueAt.getTime() + 30 * DAY));
    // Closed as a record, with what was left undone (confirmed, as the organizer does).
    await campaigns.move(created.id, 'close', true);
  }
  await seedCheckins(prisma, created.id, t, spec.historical ? 180 : 0, ref);
  return created.id;
}

/**
 * seedDemo on `databaseUrl` under a PostgreSQL advisory lock, so that instances starting together
 * on one database seed it once: the first seeds, the others wait for it and then find everything
 * there. The lock is held on a connection of its own (a pool gives no affinity for session locks).
 */
export function seedDemoOnce(target: SeedTarget, opts: SeedOptions): Promise<SeedResult> {
  // The embedded database serves every connection as one session, in which an advisory lock excludes
  // nobody: there, one seed at a time in this process (the only one its data folder lets in).
  if (target.kind !== 'pglite') return seedUnderLock(target, opts);
  const seeded = (seeding.get(target.url) ?? Promise.resolve()).catch(() => undefined).then(() => seedUnderLock(target, opts));
  seeding.set(target.url, seeded);
  return seeded;
}
const seeding = new Map<string, Promise<unknown>>();

async function seedUnderLock(target: SeedTarget, opts: SeedOptions): Promise<SeedResult> {
  const lock = new pg.Client({ connectionString: target.ownerUrl ?? target.url });
  await lock.connect();
  try {
    await lock.query(`SET lock_timeout = '${SEED_LOCK_TIMEOUT}'`);
    await lock.query('SELECT pg_advisory_lock($1)', [SEED_LOCK_KEY]);
    return await seedDemo(target, opts);
  } finally {
    // Ending the session releases the lock.
    await lock.end();
  }
}

/** How long an instance waits for another one's seed before it gives up with an error. */
const SEED_LOCK_TIMEOUT = '300s';

/**
 * The code the season runs: the API's own (src under the tests, dist when built), the workflow's,
 * contracts' and db's builds (seedReference), and the demo's data. A change to any of it builds a new
 * template, so a test never reads a demo that older services wrote. Read once per process (the files
 * do not change under a running test).
 */
let seasonHash: string | undefined;
function seasonCodeHash(): string {
  if (seasonHash) return seasonHash;
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const at = path.join(dir, e.name);
      if (e.isDirectory()) walk(at);
      else if (/\.(ts|js|csv)$/.test(e.name) && !/\.(spec|int-spec)\.ts$/.test(e.name)) h.update(e.name).update(readFileSync(at));
    }
  };
  const require = createRequire(import.meta.url);
  const db = path.dirname(require.resolve('@learnweek/db'));
  walk(fileURLToPath(new URL('..', import.meta.url)));
  for (const pkg of ['@learnweek/workflow', '@learnweek/contracts']) walk(path.dirname(require.resolve(pkg)));
  walk(db);
  // The demo's units (packages/db/seed/data), which seedReference reads.
  walk(path.resolve(db, '../seed/data'));
  seasonHash = h.digest('hex').slice(0, 16);
  return seasonHash;
}

/**
 * A fresh test database holding the demo as seedDemo(…, opts) makes it. On a PostgreSQL server the
 * season is played once into a template database (per seed version, season code, migration level
 * and China day of `opts.now`, on which the current campaign's dates hang) and each test database
 * is cloned from it; on PGlite it is seeded in place. Either way seedDemo runs on the new database
 * once more (finding everything there) for the result and this run's screen tokens.
 */
export async function createDemoTestDatabase(opts: SeedOptions): Promise<{ db: DatabaseHandle; seed: SeedResult }> {
  const day = new Date(opts.now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const o = { ...opts, city: opts.city ?? false };
  const db = await createTestDatabase({
    template: {
      key: `demo:${DEMO_SEED_VERSION}:${seasonCodeHash()}:${day}${o.city ? ':city' : ''}`,
      build: (h) => seedDemo(h, o).then(() => undefined),
    },
  });
  try {
    return { db, seed: await seedDemo(db, o) };
  } catch (err) {
    await db.stop();
    throw err;
  }
}
