import { Injectable } from '@nestjs/common';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../../core/prisma/prisma.service.js';

export interface TNotificationDraft {
  kind: string;
  title: string;
  body?: string;
  campaignId?: string;
  participationId?: string;
  /** Makes the notification idempotent: a second one with the same key is not created. */
  dedupeKey?: (userId: string) => string;
}

@Injectable()
export class NotificationRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Notifies every active coordinator of a unit; returns how many were created. */
  async notifyUnit(db: Prisma.TransactionClient | undefined, unitId: string, draft: TNotificationDraft, at: Date): Promise<number> {
    const client = db ?? this.prisma.client;
    const users = await client.user.findMany({ where: { unitId, active: true, roles: { has: 'coordinator' } }, select: { id: true } });
    if (users.length === 0) return 0;
    const r = await client.notification.createMany({
      data: users.map((u) => ({
        userId: u.id,
        kind: draft.kind,
        title: draft.title,
        body: draft.body ?? '',
        campaignId: draft.campaignId ?? null,
        participationId: draft.participationId ?? null,
        dedupeKey: draft.dedupeKey?.(u.id) ?? null,
        createdAt: at,
      })),
      skipDuplicates: true,
    });
    return r.count;
  }

  async list(userId: string, page: number, pageSize: number) {
    const [total, unread, items] = await Promise.all([
      this.prisma.client.notification.count({ where: { userId } }),
      this.prisma.client.notification.count({ where: { userId, readAt: null } }),
      this.prisma.client.notification.findMany({ where: { userId }, orderBy: { createdAt: 'desc' }, skip: (page - 1) * pageSize, take: pageSize }),
    ]);
    return { total, unread, items };
  }

  async markRead(userId: string, id: string, at: Date): Promise<boolean> {
    const r = await this.prisma.client.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: at } });
    return r.count === 1;
  }
}
