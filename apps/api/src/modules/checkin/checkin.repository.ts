import { Injectable } from '@nestjs/common';
import type { TCheckinSource } from '@learnweek/contracts';
import { PrismaService } from '../../core/prisma/prisma.service.js';

export interface TNewCheckin {
  sessionId: string;
  personKey: string;
  idempotencyKey: string;
  name: string;
  unitId: string | null;
  isResident: boolean;
  phoneHash: string | null;
  attendeeId: string | null;
  source: TCheckinSource;
  at: Date;
}

@Injectable()
export class CheckinRepository {
  constructor(private readonly prisma: PrismaService) {}

  findSession(id: string) {
    return this.prisma.client.checkinSession.findUnique({ where: { id } });
  }

  listSessions(campaignId: string) {
    return this.prisma.client.checkinSession.findMany({ where: { campaignId }, orderBy: [{ kind: 'asc' }, { createdAt: 'asc' }] });
  }

  findUnit(id: string) {
    return this.prisma.client.unit.findUnique({ where: { id }, include: { town: true } });
  }

  findAttendee(sessionId: string, id: string) {
    return this.prisma.client.attendee.findFirst({ where: { id, sessionId } });
  }

  /**
   * One statement does it all: inserts the check-in unless the person or the idempotency key
   * is already there (either unique index), bumps the session's counter (its row lock orders
   * concurrent check-ins, so every total is exact) and writes both outbox rows. Null for a
   * duplicate. Never two rows, whatever the concurrency; no interactive transaction needed.
   */
  async checkinOnce(c: TNewCheckin, campaignId: string, created: Record<string, unknown>): Promise<{ id: string; total: number; createdSeq: number; statsSeq: number } | null> {
    const rows = await this.prisma.client.$queryRaw<{ id: string; total: number; created_seq: bigint; stats_seq: bigint }[]>`
      WITH ins AS (
        INSERT INTO "Checkin" ("id", "sessionId", "personKey", "idempotencyKey", "name", "unitId", "isResident", "phoneHash", "attendeeId", "source", "at")
        VALUES (gen_random_uuid(), ${c.sessionId}::uuid, ${c.personKey}, ${c.idempotencyKey}, ${c.name}, ${c.unitId}::uuid, ${c.isResident},
                ${c.phoneHash}, ${c.attendeeId}::uuid, ${c.source}, ${c.at})
        ON CONFLICT DO NOTHING
        RETURNING "id"
      ), bump AS (
        UPDATE "CheckinSession" SET "checkinCount" = "checkinCount" + 1
         WHERE "id" = ${c.sessionId}::uuid AND EXISTS (SELECT 1 FROM ins)
        RETURNING "checkinCount"
      ), created AS (
        INSERT INTO "OutboxEvent" ("type", "campaignId", "checkinSessionId", "data", "at")
        SELECT 'checkin.created', ${campaignId}::uuid, ${c.sessionId}::uuid, ${JSON.stringify(created)}::jsonb || jsonb_build_object('checkinId', ins."id"), ${c.at}
          FROM ins
        RETURNING "seq"
      ), stats AS (
        INSERT INTO "OutboxEvent" ("type", "campaignId", "checkinSessionId", "data", "at")
        SELECT 'checkin.stats', ${campaignId}::uuid, ${c.sessionId}::uuid, jsonb_build_object('sessionId', ${c.sessionId}::text, 'total', bump."checkinCount"), ${c.at}
          FROM bump, created
        RETURNING "seq"
      )
      SELECT ins."id", bump."checkinCount" AS total, created."seq" AS created_seq, stats."seq" AS stats_seq
        FROM ins, bump, created, stats`;
    const r = rows[0];
    return r ? { id: r.id, total: Number(r.total), createdSeq: Number(r.created_seq), statsSeq: Number(r.stats_seq) } : null;
  }

  findExisting(sessionId: string, personKey: string, idempotencyKey: string) {
    return this.prisma.client.checkin.findFirst({
      where: { sessionId, OR: [{ personKey }, { idempotencyKey }] },
      orderBy: { at: 'asc' },
    });
  }

  countSession(sessionId: string) {
    return this.prisma.client.checkin.count({ where: { sessionId } });
  }

  async byUnit(sessionIds: string[]) {
    const groups = await this.prisma.client.checkin.groupBy({ by: ['unitId'], where: { sessionId: { in: sessionIds } }, _count: true });
    const units = await this.prisma.client.unit.findMany({ where: { id: { in: groups.flatMap((g) => (g.unitId ? [g.unitId] : [])) } }, select: { id: true, name: true } });
    const names = new Map(units.map((u) => [u.id, u.name]));
    return groups.map((g) => ({ unitId: g.unitId, name: g.unitId ? (names.get(g.unitId) ?? '') : '居民', count: g._count })).sort((a, b) => b.count - a.count);
  }

  /** Check-ins by the town of the unit; residents count under the session venue's town when known, else "居民". */
  async byTown(sessionIds: string[]) {
    const rows = await this.prisma.client.$queryRaw<{ town: string | null; count: bigint }[]>`
      SELECT t."name" AS town, count(*) AS count
        FROM "Checkin" c LEFT JOIN "Unit" u ON u."id" = c."unitId" LEFT JOIN "Town" t ON t."id" = u."townId"
       WHERE c."sessionId" = ANY(${sessionIds}::uuid[])
       GROUP BY t."name" ORDER BY count DESC`;
    return rows.map((r) => ({ town: r.town ?? '居民', count: Number(r.count) }));
  }

  newest(sessionIds: string[], take = 12) {
    return this.prisma.client.checkin.findMany({
      where: { sessionId: { in: sessionIds } },
      orderBy: { at: 'desc' },
      take,
      include: { unit: { include: { town: true } } },
    });
  }

  totals(sessionIds: string[]) {
    return this.prisma.client.checkin.groupBy({ by: ['sessionId'], where: { sessionId: { in: sessionIds } }, _count: true });
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

  async addAttendees(rows: { sessionId: string; code: string; name: string; unitId: string | null; phoneHash: string | null; phoneTail: string | null }[]) {
    return (await this.prisma.client.attendee.createMany({ data: rows })).count;
  }

  listUnits() {
    return this.prisma.client.unit.findMany({ where: { active: true }, select: { id: true, name: true, town: { select: { name: true } } }, orderBy: { code: 'asc' } });
  }
}
