import { Injectable } from '@nestjs/common';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../../core/prisma/prisma.service.js';

type Tx = Prisma.TransactionClient;

/** The held self check-ins and the voiding of check-ins (CheckinReviewService). */
@Injectable()
export class CheckinReviewRepository {
  constructor(private readonly prisma: PrismaService) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.client.$transaction(fn);
  }

  session(id: string) {
    return this.prisma.client.checkinSession.findUnique({ where: { id }, include: { campaign: { select: { id: true, status: true } } } });
  }

  held(sessionId: string, ids?: string[]) {
    return this.prisma.client.checkinHold.findMany({
      where: { sessionId, ...(ids ? { id: { in: ids } } : {}) },
      orderBy: { at: 'asc' },
      take: 2_000,
      include: { unit: { include: { town: true } } },
    });
  }

  async discard(sessionId: string, ids: string[]): Promise<number> {
    return (await this.prisma.client.checkinHold.deleteMany({ where: { sessionId, id: { in: ids } } })).count;
  }

  /** Removes check-ins of the session and takes them off its counter; the session's new total. */
  async void(tx: Tx, sessionId: string, ids: string[]): Promise<{ voided: { id: string; name: string }[]; total: number }> {
    const voided = await tx.checkin.findMany({ where: { sessionId, id: { in: ids } }, select: { id: true, name: true } });
    await tx.checkin.deleteMany({ where: { sessionId, id: { in: voided.map((v) => v.id) } } });
    const s = await tx.checkinSession.update({
      where: { id: sessionId },
      data: { checkinCount: { decrement: voided.length } },
      select: { checkinCount: true },
    });
    return { voided, total: s.checkinCount };
  }

  async total(sessionId: string): Promise<number> {
    return (await this.prisma.client.checkinSession.findUniqueOrThrow({ where: { id: sessionId }, select: { checkinCount: true } }))
      .checkinCount;
  }
}
