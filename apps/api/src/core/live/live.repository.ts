import { Injectable } from '@nestjs/common';
import { inDistrict } from '@learnweek/db';
import { PrismaService } from '../prisma/prisma.service.js';

/**
 * What the live gateway reads besides the outbox: the district of what a socket asks to follow. With
 * `districtId` (a signed-in user's), the look-up runs in that district (docs/ARCHITECTURE.md, "Tenancy"):
 * row-level security hides another district's campaign or session as if it did not exist.
 */
@Injectable()
export class LiveRepository {
  constructor(private readonly prisma: PrismaService) {}

  private in<T>(districtId: string | undefined, fn: () => Promise<T>): Promise<T> {
    return districtId === undefined ? fn() : inDistrict(districtId, fn);
  }

  /** A campaign's district; null: no such campaign (in `districtId`, when given). */
  async campaignDistrict(campaignId: string, districtId?: string): Promise<string | null> {
    const c = await this.in(districtId, () =>
      this.prisma.client.campaign.findUnique({ where: { id: campaignId }, select: { districtId: true } }),
    );
    return c?.districtId ?? null;
  }

  /** A check-in session's campaign and district (a subscription to the session is granted by them); null: no such session. */
  async session(sessionId: string, districtId?: string): Promise<{ campaignId: string; districtId: string } | null> {
    return this.in(districtId, () =>
      this.prisma.client.checkinSession.findUnique({ where: { id: sessionId }, select: { campaignId: true, districtId: true } }),
    );
  }
}
