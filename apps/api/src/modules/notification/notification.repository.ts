import { Injectable } from '@nestjs/common';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../../core/prisma/prisma.service.js';

export type Tx = Prisma.TransactionClient;

/** Who a notice goes to, with what its text and email need. */
export interface TRecipient {
  id: string;
  unitId: string | null;
  displayName: string;
  locale: string;
  email: string | null;
}
const RECIPIENT = { id: true, unitId: true, displayName: true, locale: true, email: true } as const;

@Injectable()
export class NotificationRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Runs `fn` in `tx` when given, else in a transaction of its own. */
  within<T>(tx: Tx | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return tx ? fn(tx) : this.prisma.client.$transaction(fn);
  }

  /** The active users holding `role`. */
  withRole(tx: Tx, role: string): Promise<TRecipient[]> {
    return tx.user.findMany({ where: { active: true, roles: { has: role } }, select: RECIPIENT });
  }

  /** The active coordinators among `who`. */
  coordinators(tx: Tx, who: Prisma.UserWhereInput): Promise<TRecipient[]> {
    return tx.user.findMany({ where: { ...who, active: true, roles: { has: 'coordinator' } }, select: RECIPIENT });
  }

  /** One user, active, as a notice needs them (null: no such active user). */
  recipient(tx: Tx, userId: string): Promise<TRecipient | null> {
    return tx.user.findFirst({ where: { id: userId, active: true }, select: RECIPIENT });
  }

  /** The town of a unit (null: no such unit). */
  async townOf(tx: Tx, unitId: string): Promise<string | null> {
    return (await tx.unit.findUnique({ where: { id: unitId }, select: { townId: true } }))?.townId ?? null;
  }

  /**
   * The campaign, unit and town of each participation: what every notice names. One statement
   * (Prisma would read the relations with parallel queries on the transaction's one connection).
   */
  subjects(tx: Tx, participationIds: readonly string[]) {
    return tx.$queryRaw<{ id: string; campaign: string; unit: string; town: string }[]>`
      SELECT p."id", c."title" AS "campaign", u."name" AS "unit", t."name" AS "town"
        FROM "Participation" p JOIN "Campaign" c ON c."id" = p."campaignId"
        JOIN "Unit" u ON u."id" = p."unitId" JOIN "Town" t ON t."id" = u."townId"
       WHERE p."id" = ANY(${[...new Set(participationIds)]}::uuid[])`;
  }

  /** The campaign, unit and town of each nomination (as `subjects` does for participations). */
  nominationSubjects(tx: Tx, nominationIds: readonly string[]) {
    return tx.$queryRaw<{ id: string; campaign: string; unit: string; town: string }[]>`
      SELECT n."id", c."title" AS "campaign", u."name" AS "unit", t."name" AS "town"
        FROM "Nomination" n JOIN "Campaign" c ON c."id" = n."campaignId"
        JOIN "Unit" u ON u."id" = n."unitId" JOIN "Town" t ON t."id" = u."townId"
       WHERE n."id" = ANY(${[...new Set(nominationIds)]}::uuid[])`;
  }

  /** The unit of a nomination (null: no such nomination). */
  async nominationUnit(tx: Tx, nominationId: string): Promise<{ unitId: string; campaignId: string } | null> {
    return tx.nomination.findUnique({ where: { id: nominationId }, select: { unitId: true, campaignId: true } });
  }

  /** A campaign's participations: one per invited unit. */
  participations(tx: Tx, campaignId: string): Promise<{ id: string; unitId: string }[]> {
    return tx.participation.findMany({ where: { campaignId }, select: { id: true, unitId: true } });
  }

  /** The email mode each of `userIds` chose for `topic` (a user absent: none chosen). */
  async emailModes(tx: Tx, userIds: readonly string[], topic: string): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await tx.noticePreference.findMany({
      where: { topic, userId: { in: [...userIds] } },
      select: { userId: true, email: true },
    });
    return new Map(rows.map((r) => [r.userId, r.email]));
  }

  /** When each user's next held email (if any) after `after` and until `until` goes: a new one joins it. */
  async heldUntil(tx: Tx, userIds: readonly string[], after: Date, until: Date): Promise<Map<string, Date>> {
    if (userIds.length === 0) return new Map();
    const rows = await tx.$queryRaw<{ userId: string; at: Date }[]>`
      SELECT n."userId", min(e."nextAttemptAt") AS "at"
        FROM "EmailMessage" e JOIN "Notification" n ON n."id" = e."notificationId"
       WHERE e."status" = 'held' AND n."userId" = ANY(${[...userIds]}::uuid[]) AND e."nextAttemptAt" > ${after} AND e."nextAttemptAt" <= ${until}
       GROUP BY n."userId"`;
    return new Map(rows.map((r) => [r.userId, r.at]));
  }

  /** A user's roles and chosen email modes (the preferences page). */
  async preferences(userId: string) {
    return this.prisma.client.user.findUnique({
      where: { id: userId },
      select: { roles: true, unit: { select: { kind: true } }, noticePreferences: { select: { topic: true, email: true } } },
    });
  }

  async setPreferences(userId: string, items: readonly { topic: string; email: string }[], at: Date): Promise<void> {
    await this.prisma.client.$transaction(
      items.map((i) =>
        this.prisma.client.noticePreference.upsert({
          where: { userId_topic: { userId, topic: i.topic } },
          create: { userId, topic: i.topic, email: i.email, updatedAt: at },
          update: { email: i.email, updatedAt: at },
        }),
      ),
    );
  }

  /** Inserts the notifications, skipping those whose dedupe key exists; returns the ones created. */
  create(tx: Tx, rows: Prisma.NotificationCreateManyInput[]) {
    return tx.notification.createManyAndReturn({ data: rows, skipDuplicates: true, select: { id: true } });
  }

  /** Queues the emails of notifications just created (sent after commit by MailSender). */
  async queueEmails(tx: Tx, rows: Prisma.EmailMessageCreateManyInput[]): Promise<void> {
    if (rows.length > 0) await tx.emailMessage.createMany({ data: rows });
  }

  async list(userId: string, page: number, pageSize: number) {
    const [total, unread, items] = await Promise.all([
      this.prisma.client.notification.count({ where: { userId } }),
      this.prisma.client.notification.count({ where: { userId, readAt: null } }),
      this.prisma.client.notification.findMany({
        where: { userId },
        include: { campaign: { select: { title: true } } },
        orderBy: { createdAt: 'desc' },
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
    ]);
    return { total, unread, items };
  }

  async markRead(userId: string, id: string, at: Date): Promise<boolean> {
    const r = await this.prisma.client.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: at } });
    return r.count === 1;
  }

  profile(userId: string) {
    return this.prisma.client.user.findUnique({
      where: { id: userId },
      select: { username: true, displayName: true, email: true, locale: true },
    });
  }

  updateProfile(userId: string, data: { email: string | null; locale: string }) {
    return this.prisma.client.user.update({
      where: { id: userId },
      data,
      select: { username: true, displayName: true, email: true, locale: true },
    });
  }
}

export interface TClaimedEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  attempts: number;
}

/** A held email due now, with its recipient's name and language (what a digest says). */
export interface THeldEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  userId: string;
  displayName: string;
  locale: string;
}

/** The email outbox: claimed a batch at a time with a lease, so two instances never send one twice at once. */
@Injectable()
export class EmailRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Takes up to `limit` emails due at `now`: counts the attempt and moves their due time to the
   * end of the lease, so that one taken by a process that died is tried again after it.
   */
  claim(now: Date, leaseUntil: Date, limit: number): Promise<TClaimedEmail[]> {
    return this.prisma.client.$queryRaw<TClaimedEmail[]>`
      UPDATE "EmailMessage" SET "attempts" = "attempts" + 1, "nextAttemptAt" = ${leaseUntil}
       WHERE "id" IN (SELECT "id" FROM "EmailMessage" WHERE "status" = 'pending' AND "nextAttemptAt" <= ${now}
                       ORDER BY "nextAttemptAt", "id" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING "id", "to", "subject", "text", "html", "attempts"`;
  }

  /**
   * Runs `fn` on the held emails due at `now` (locked, oldest first; another instance's skipped),
   * in one transaction: it releases or digests them.
   */
  withDueHeld<T>(now: Date, fn: (tx: Tx, held: THeldEmail[]) => Promise<T>): Promise<T> {
    return this.prisma.client.$transaction(async (tx) => {
      const held = await tx.$queryRaw<THeldEmail[]>`
        SELECT e."id", e."to", e."subject", e."text", n."userId", u."displayName", u."locale"
          FROM "EmailMessage" e JOIN "Notification" n ON n."id" = e."notificationId" JOIN "User" u ON u."id" = n."userId"
         WHERE e."status" = 'held' AND e."nextAttemptAt" <= ${now}
         ORDER BY e."createdAt", e."id"
         LIMIT 500
           FOR UPDATE OF e SKIP LOCKED`;
      return fn(tx, held);
    });
  }

  /** Held emails sent as themselves from `at`. */
  async release(tx: Tx, ids: readonly string[], at: Date): Promise<void> {
    await tx.emailMessage.updateMany({ where: { id: { in: [...ids] } }, data: { status: 'pending', nextAttemptAt: at } });
  }

  /** One digest email, due at `at`, carrying the held `partIds`. */
  async digest(
    tx: Tx,
    mail: { to: string; subject: string; text: string; html: string },
    partIds: readonly string[],
    at: Date,
  ): Promise<void> {
    const d = await tx.emailMessage.create({
      data: { ...mail, status: 'pending', nextAttemptAt: at, createdAt: at },
      select: { id: true },
    });
    await tx.emailMessage.updateMany({ where: { id: { in: [...partIds] } }, data: { status: 'digested', digestId: d.id } });
  }

  async sent(id: string, at: Date): Promise<void> {
    await this.prisma.client.emailMessage.update({ where: { id }, data: { status: 'sent', sentAt: at, lastError: null } });
  }

  /** A failed attempt: due again at `retryAt`, or given up (`failed`) when null. */
  async failed(id: string, error: string, retryAt: Date | null): Promise<void> {
    await this.prisma.client.emailMessage.update({
      where: { id },
      data: retryAt ? { lastError: error, nextAttemptAt: retryAt } : { lastError: error, status: 'failed' },
    });
  }
}
