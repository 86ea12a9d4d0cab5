import { Injectable } from '@nestjs/common';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../../../core/prisma/prisma.service.js';

/** A campaign's review panel (评审组) and its members' scores. */
@Injectable()
export class PanelRepository {
  constructor(private readonly prisma: PrismaService) {}

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.client.$transaction(fn, { maxWait: 30_000, timeout: 30_000 });
  }

  panel(campaignId: string) {
    return this.prisma.client.panelMember.findMany({
      where: { campaignId },
      include: { user: true },
      orderBy: { user: { username: 'asc' } },
    });
  }

  /** Active approvers (only they can sit on the panel), or those of them among `ids`. */
  approvers(ids?: readonly string[]) {
    return this.prisma.client.user.findMany({
      where: { ...(ids ? { id: { in: [...ids] } } : {}), active: true, roles: { has: 'approver' } },
      select: { id: true, username: true, displayName: true },
      orderBy: { username: 'asc' },
    });
  }

  setPanel(campaignId: string, userIds: readonly string[]) {
    return this.prisma.client.$transaction([
      this.prisma.client.panelMember.deleteMany({ where: { campaignId, userId: { notIn: [...userIds] } } }),
      this.prisma.client.panelMember.createMany({ data: userIds.map((userId) => ({ campaignId, userId })), skipDuplicates: true }),
    ]);
  }

  /** Replaces a panelist's scores of a nomination (one row per criterion). */
  async setScores(tx: Prisma.TransactionClient, nominationId: string, panelistId: string, scores: Record<string, number>, at: Date) {
    await tx.nominationScore.deleteMany({ where: { nominationId, panelistId } });
    await tx.nominationScore.createMany({
      data: Object.entries(scores).map(([criterion, score]) => ({ nominationId, panelistId, criterion, score, at })),
    });
  }
}
