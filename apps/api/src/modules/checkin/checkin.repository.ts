import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../core/prisma/prisma.service.js';

@Injectable()
export class CheckinRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A session with its campaign's status (check-ins need a running campaign) and person key. */
  findSession(id: string) {
    return this.prisma.client.checkinSession.findUnique({
      where: { id },
      include: { campaign: { select: { status: true, personSecret: true } } },
    });
  }

  /** The campaign's real sessions: a load rehearsal's is in no list, figure or wall. */
  listSessions(campaignId: string) {
    return this.prisma.client.checkinSession.findMany({
      where: { campaignId, rehearsal: false },
      orderBy: [{ kind: 'asc' }, { createdAt: 'asc' }],
    });
  }

  findUnit(id: string) {
    return this.prisma.client.unit.findUnique({ where: { id }, include: { town: true } });
  }

  findAttendee(sessionId: string, id: string) {
    return this.prisma.client.attendee.findFirst({ where: { id, sessionId } });
  }

  /** The check-in of this key if there is one (a retry, or a key reused), else this person's. */
  async findExisting(sessionId: string, personKey: string, idempotencyKey: string) {
    const rows = await this.prisma.client.checkin.findMany({ where: { sessionId, OR: [{ personKey }, { idempotencyKey }] }, take: 2 });
    return rows.find((r) => r.idempotencyKey === idempotencyKey) ?? rows[0] ?? null;
  }

  /** The people a device has checked in at a session (their keys start with its prefix), at most `take`. */
  async devicePeople(sessionId: string, prefix: string, take: number): Promise<string[]> {
    const rows = await this.prisma.client.checkin.findMany({
      where: { sessionId, personKey: { startsWith: prefix } },
      select: { personKey: true },
      take,
    });
    return rows.map((r) => r.personKey);
  }

  /** The units taking part in a campaign (invited), active ones. */
  async invitedUnitIds(campaignId: string): Promise<string[]> {
    const rows = await this.prisma.client.participation.findMany({
      where: { campaignId, unit: { active: true } },
      select: { unitId: true },
    });
    return rows.map((r) => r.unitId);
  }

  /** A self check-in held for review; a retry of the same key is the same hold. */
  hold(data: {
    sessionId: string;
    personKey: string;
    campaignPersonKey: string;
    idempotencyKey: string;
    name: string;
    unitId: string | null;
    phoneHash: string | null;
    addressHash: string;
    at: Date;
  }) {
    return this.prisma.client.checkinHold.upsert({
      where: { sessionId_idempotencyKey: { sessionId: data.sessionId, idempotencyKey: data.idempotencyKey } },
      create: data,
      update: {},
    });
  }

  countSession(sessionId: string) {
    return this.prisma.client.checkin.count({ where: { sessionId } });
  }

  async byUnit(sessionIds: string[]) {
    const groups = await this.prisma.client.checkin.groupBy({ by: ['unitId'], where: { sessionId: { in: sessionIds } }, _count: true });
    const units = await this.prisma.client.unit.findMany({
      where: { id: { in: groups.flatMap((g) => (g.unitId ? [g.unitId] : [])) } },
      select: { id: true, name: true },
    });
    const names = new Map(units.map((u) => [u.id, u.name]));
    return groups
      .map((g) => ({ unitId: g.unitId, name: g.unitId ? (names.get(g.unitId) ?? '') : '居民', count: g._count }))
      .sort((a, b) => b.count - a.count);
  }

  /**
   * People by the town of their unit, each once across these sessions (the same key as the
   * headline's people); residents (no unit, so no town) under "居民".
   */
  async byTown(sessionIds: string[]) {
    const rows = await this.prisma.client.$queryRaw<{ town: string | null; count: bigint }[]>`
      SELECT t."name" AS town, count(DISTINCT coalesce(c."campaignPersonKey", c."sessionId"::text || ' ' || c."personKey")) AS count
        FROM "Checkin" c LEFT JOIN "Unit" u ON u."id" = c."unitId" LEFT JOIN "Town" t ON t."id" = u."townId"
       WHERE c."sessionId" = ANY(${sessionIds}::uuid[])
       GROUP BY t."name" ORDER BY count DESC`;
    return rows.map((r) => ({ town: r.town ?? '居民', count: Number(r.count) }));
  }

  /** The latest arrivals as the server received them (a desk's queue synced late comes in after what was already shown). */
  newest(sessionIds: string[], take = 20) {
    return this.prisma.client.checkin.findMany({
      where: { sessionId: { in: sessionIds } },
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      take,
      include: { unit: { include: { town: true } } },
    });
  }

  totals(sessionIds: string[]) {
    return this.prisma.client.checkin.groupBy({ by: ['sessionId'], where: { sessionId: { in: sessionIds } }, _count: true });
  }

  /**
   * People and scans of these sessions together: people are distinct by the campaign-wide key
   * (a row without one is a person of its own session), scans are rows (a person per venue).
   */
  async people(sessionIds: string[]): Promise<{ people: number; scans: number }> {
    const [r] = await this.prisma.client.$queryRaw<{ people: bigint; scans: bigint }[]>`
      SELECT count(DISTINCT coalesce(c."campaignPersonKey", c."sessionId"::text || ' ' || c."personKey")) AS people, count(*) AS scans
        FROM "Checkin" c
       WHERE c."sessionId" = ANY(${sessionIds}::uuid[])`;
    return { people: Number(r?.people ?? 0), scans: Number(r?.scans ?? 0) };
  }

  recentHeld(campaignId: string, take = 20) {
    return this.prisma.client.activity.findMany({
      where: { status: 'held', participation: { campaignId } },
      orderBy: { heldAt: 'desc' },
      take,
      include: { participation: { include: { unit: true } } },
    });
  }

  /** The whole pre-registered list (the staff page searches it on the phone, also offline). */
  attendees(sessionId: string) {
    return this.prisma.client.attendee.findMany({
      where: { sessionId },
      include: { unit: true, checkins: { select: { at: true }, take: 1 } },
      take: 5_000,
      orderBy: { code: 'asc' },
    });
  }

  unitIdsByName() {
    return this.prisma.client.unit.findMany({ select: { id: true, name: true } });
  }

  existingCodes(sessionId: string) {
    return this.prisma.client.attendee.findMany({ where: { sessionId }, select: { code: true } });
  }

  async addAttendees(
    rows: { sessionId: string; code: string; name: string; unitId: string | null; phoneHash: string | null; phoneTail: string | null }[],
  ) {
    return (await this.prisma.client.attendee.createMany({ data: rows })).count;
  }

  /** The active units (of `districtId` when given: a public route runs in no district, and must not list another district's). */
  listUnits(districtId?: string) {
    return this.prisma.client.unit.findMany({
      where: { active: true, ...(districtId ? { districtId } : {}) },
      select: { id: true, name: true, town: { select: { name: true } } },
      orderBy: { code: 'asc' },
    });
  }
}
