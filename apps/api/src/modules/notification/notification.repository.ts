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

const toRow = (userId: string, draft: TNotificationDraft, at: Date): Prisma.NotificationCreateManyInput => ({
  userId,
  kind: draft.kind,
  title: draft.title,
  body: draft.body ?? '',
  campaignId: draft.campaignId ?? null,
  participationId: draft.participationId ?? null,
  dedupeKey: draft.dedupeKey?.(userId) ?? null,
  createdAt: at,
});

@Injectable()
export class NotificationRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Notifies every active coordinator of a unit; returns how many were created. */
  notifyUnit(db: Prisma.TransactionClient | undefined, unitId: string, draft: TNotificationDraft, at: Date): Promise<number> {
    return this.notifyCoordinators(db ?? this.prisma.client, { unitId }, draft, at);
  }

  /**
   * Escalation: notifies the coordinators of the community education centre(s) of a unit's
   * town (镇/街道社区教育中心), not the unit's own; returns how many were created.
   */
  async notifyTownCentre(unitId: string, draft: TNotificationDraft, at: Date): Promise<number> {
    const unit = await this.prisma.client.unit.findUnique({ where: { id: unitId }, select: { townId: true } });
    if (!unit) return 0;
    const centre = { townId: unit.townId, kind: 'communityCentre', active: true, id: { not: unitId } } satisfies Prisma.UnitWhereInput;
    return this.notifyCoordinators(this.prisma.client, { unit: centre }, draft, at);
  }

  /**
   * One notification for each active coordinator of each unit, in two statements; the drafts'
   * dedupe keys make it idempotent. Returns the coordinators reached and the notifications created.
   */
  async notifyUnits(drafts: ReadonlyMap<string, TNotificationDraft>, at: Date): Promise<{ recipients: number; created: number }> {
    if (drafts.size === 0) return { recipients: 0, created: 0 };
    const users = await this.prisma.client.user.findMany({
      where: { unitId: { in: [...drafts.keys()] }, active: true, roles: { has: 'coordinator' } },
      select: { id: true, unitId: true },
    });
    const r = await this.prisma.client.notification.createMany({
      data: users.map((u) => toRow(u.id, drafts.get(u.unitId!)!, at)),
      skipDuplicates: true,
    });
    return { recipients: users.length, created: r.count };
  }

  private async notifyCoordinators(client: Prisma.TransactionClient, who: Prisma.UserWhereInput, draft: TNotificationDraft, at: Date): Promise<number> {
    const users = await client.user.findMany({ where: { ...who, active: true, roles: { has: 'coordinator' } }, select: { id: true } });
    if (users.length === 0) return 0;
    const r = await client.notification.createMany({
      data: users.map((u) => toRow(u.id, draft, at)),
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
