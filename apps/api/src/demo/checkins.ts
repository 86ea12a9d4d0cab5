import { randomBytes } from 'node:crypto';
import {
  DEMO_VENUE,
  XINBEI_DISTRICT_ID,
  demoKioskToken,
  demoName,
  sha256,
  type DemoReference,
  type PrismaClient,
  type TIMELINE_2017,
} from '@learnweek/db';

const SCREEN = `${DEMO_VENUE}大屏`;

/** The demo campaign's screen with this run's token: the well-known one, or a new random one (which replaces the last). */
export async function seedScreen(prisma: PrismaClient, campaign: { id: string; year: number }, wellKnown = false): Promise<string> {
  const token = wellKnown ? demoKioskToken(campaign.year) : `kiosk_${randomBytes(24).toString('base64url')}`;
  const screen = await prisma.kioskDevice.findFirst({ where: { campaignId: campaign.id, name: SCREEN }, orderBy: { createdAt: 'asc' } });
  if (screen) await prisma.kioskDevice.update({ where: { id: screen.id }, data: { tokenHash: sha256(token) } });
  else await prisma.kioskDevice.create({ data: { campaignId: campaign.id, name: SCREEN, tokenHash: sha256(token) } });
  return token;
}

/**
 * The launch ceremony's venues (main and sub), 40 pre-registered attendees, and `count` check-ins
 * written in bulk: not workflow, so not played through the services one by one.
 */
export async function seedCheckins(
  prisma: PrismaClient,
  campaignId: string,
  t: typeof TIMELINE_2017,
  count: number,
  ref: DemoReference,
): Promise<void> {
  const { units, unitIds } = ref;
  const opensAt = new Date(t.launchAt.getTime() - 2 * 3_600_000);
  const closesAt = new Date(t.launchAt.getTime() + 4 * 3_600_000);
  const main = await prisma.checkinSession.create({
    data: {
      campaignId,
      name: '启动仪式主会场',
      venue: ref.districtId === XINBEI_DISTRICT_ID ? DEMO_VENUE : '兰陵街道社区教育中心',
      kind: 'main',
      qrSecret: randomBytes(16).toString('hex'),
      opensAt,
      closesAt,
    },
  });
  const sub = await prisma.checkinSession.create({
    data: {
      campaignId,
      name: '启动仪式分会场',
      venue: ref.districtId === XINBEI_DISTRICT_ID ? '新北区图书馆' : '天宁区图书馆',
      kind: 'sub',
      qrSecret: randomBytes(16).toString('hex'),
      opensAt,
      closesAt,
    },
  });
  const attendees = Array.from({ length: 40 }, (_, i) => ({
    sessionId: main.id,
    code: `A${String(i + 1).padStart(4, '0')}`,
    name: demoName(i + 500),
    unitId: unitIds.get(units[i % units.length]!.code) ?? null,
  }));
  await prisma.attendee.createMany({ data: attendees });
  if (count === 0) return;
  const rows = Array.from({ length: count }, (_, i) => {
    const resident = i % 4 === 0;
    const unit = units[(i * 5) % units.length]!;
    return {
      sessionId: i % 3 === 2 ? sub.id : main.id,
      personKey: `demo-${i}`,
      idempotencyKey: `demo-${i}`,
      name: demoName(i),
      unitId: resident ? null : (unitIds.get(unit.code) ?? null),
      isResident: resident,
      source: i % 5 === 0 ? 'staff' : 'self',
      at: new Date(opensAt.getTime() + i * 40_000),
    };
  });
  await prisma.checkin.createMany({ data: rows });
  await prisma.$executeRaw`UPDATE "CheckinSession" s SET "checkinCount" = (SELECT count(*) FROM "Checkin" c WHERE c."sessionId" = s."id") WHERE s."campaignId" = ${campaignId}::uuid`;
}
