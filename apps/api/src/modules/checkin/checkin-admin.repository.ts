import { Injectable } from '@nestjs/common';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../../core/prisma/prisma.service.js';

const withUnit = { unit: { include: { town: true } } } as const;
const withVenue = { session: { select: { venue: true } } } as const;

/** What the organizer manages around check-in: sessions, screens, the list of who came. */
@Injectable()
export class CheckinAdminRepository {
  constructor(private readonly prisma: PrismaService) {}

  createSession(data: Prisma.CheckinSessionUncheckedCreateInput) {
    return this.prisma.client.checkinSession.create({ data });
  }

  /** A real session (a load rehearsal's has no poster, list or export). */
  findSessionWithCampaign(id: string) {
    return this.prisma.client.checkinSession.findUnique({ where: { id, rehearsal: false }, include: { campaign: true } });
  }

  async checkins(sessionId: string, q: string | undefined, skip: number, take: number) {
    const where: Prisma.CheckinWhereInput = { sessionId, ...(q ? { name: { contains: q } } : {}) };
    const [total, items] = await Promise.all([
      this.prisma.client.checkin.count({ where }),
      this.prisma.client.checkin.findMany({ where, include: withUnit, orderBy: [{ at: 'asc' }, { id: 'asc' }], skip, take }),
    ]);
    return { total, items };
  }

  /** Every check-in of a session in arrival order, a page at a time (keyset on `at`, `id`). */
  async *allCheckins(sessionId: string, page = 2_000) {
    let after: { at: Date; id: string } | undefined;
    for (;;) {
      const rows = await this.prisma.client.checkin.findMany({
        where: { sessionId, ...(after ? { OR: [{ at: { gt: after.at } }, { at: after.at, id: { gt: after.id } }] } : {}) },
        include: withUnit,
        orderBy: [{ at: 'asc' }, { id: 'asc' }],
        take: page,
      });
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < page) return;
      const last = rows.at(-1)!;
      after = { at: last.at, id: last.id };
    }
  }

  devices(campaignId: string) {
    return this.prisma.client.kioskDevice.findMany({ where: { campaignId }, include: withVenue, orderBy: { createdAt: 'asc' } });
  }

  /** The campaign's real sessions (a rehearsal's has no screens or desks). */
  venueSessions(campaignId: string) {
    return this.prisma.client.checkinSession.findMany({
      where: { campaignId, rehearsal: false },
      orderBy: [{ kind: 'asc' }, { createdAt: 'asc' }],
    });
  }

  createDevice(data: Prisma.KioskDeviceUncheckedCreateInput) {
    return this.prisma.client.kioskDevice.create({ data, include: withVenue });
  }

  /** Revokes once; null when there is no such device. */
  async revokeDevice(id: string, at: Date) {
    await this.prisma.client.kioskDevice.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return this.prisma.client.kioskDevice.findUnique({ where: { id }, include: withVenue });
  }
}
