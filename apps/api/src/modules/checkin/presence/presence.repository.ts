import { Injectable } from '@nestjs/common';
import type { THeartbeat } from '@learnweek/contracts';
import { PrismaService } from '../../../core/prisma/prisma.service.js';

/** A device the offline sweep looks at: not revoked, not yet reported, its venue's session open now. */
export interface TWatchedDevice {
  id: string;
  kind: string;
  name: string;
  campaignId: string;
  venue: string;
  lastSeenAt: Date | null;
  disconnectedAt: Date | null;
  createdAt: Date;
  opensAt: Date;
}

/** How many devices one sweep looks at (a district's ceremony has a few dozen). */
const SWEEP_MAX = 500;

/** Presence of screens and desks: their heartbeats, their disconnections, the offline alerts. */
@Injectable()
export class PresenceRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A heartbeat: connected and seen now, with what the device said; an outage it had ends (a new one is reported again). */
  async beat(id: string, socketId: string, at: Date, beat: THeartbeat): Promise<boolean> {
    const r = await this.prisma.client.kioskDevice.updateMany({
      where: { id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: at } }] },
      data: {
        presenceSocket: socketId,
        disconnectedAt: null,
        lastSeenAt: at,
        version: beat.version,
        queueLength: beat.queueLength ?? null,
        lastSyncAt: beat.lastSyncAt ? new Date(beat.lastSyncAt) : null,
        offlineAlertedAt: null,
      },
    });
    return r.count === 1;
  }

  /** The socket that beat last has closed: offline from `at` (another socket of the device beating since keeps it online). */
  async left(id: string, socketId: string, at: Date): Promise<void> {
    await this.prisma.client.kioskDevice.updateMany({ where: { id, presenceSocket: socketId }, data: { disconnectedAt: at } });
  }

  /**
   * Devices of published campaigns whose venue's session is open at `now` (a screen issued before
   * venues: the campaign's main venue), not revoked or expired, whose outage is not reported yet.
   */
  watched(now: Date): Promise<TWatchedDevice[]> {
    return this.prisma.client.$queryRaw<TWatchedDevice[]>`
      SELECT d."id", d."kind", d."name", d."campaignId", s."venue", d."lastSeenAt", d."disconnectedAt", d."createdAt", s."opensAt"
        FROM "KioskDevice" d
        JOIN "Campaign" c ON c."id" = d."campaignId"
        JOIN "CheckinSession" s ON s."id" = coalesce(d."sessionId", (
               SELECT m."id" FROM "CheckinSession" m
                WHERE m."campaignId" = d."campaignId" AND m."kind" = 'main' AND NOT m."rehearsal"
                ORDER BY m."createdAt" LIMIT 1))
       WHERE d."revokedAt" IS NULL AND d."offlineAlertedAt" IS NULL AND c."status" = 'published'
         AND s."opensAt" <= ${now} AND s."closesAt" >= ${now}
         AND (d."expiresAt" IS NULL OR d."expiresAt" > ${now})
       ORDER BY d."createdAt"
       LIMIT ${SWEEP_MAX}`;
  }

  /** Marks an outage reported; false when another run did it first. */
  async markAlerted(id: string, at: Date): Promise<boolean> {
    return (
      (await this.prisma.client.kioskDevice.updateMany({ where: { id, offlineAlertedAt: null }, data: { offlineAlertedAt: at } })).count ===
      1
    );
  }
}
