import { Injectable } from '@nestjs/common';
import { inDistrict } from '@learnweek/db';
import { PrismaService } from '../prisma/prisma.service.js';

/** Look-ups kept (a campaign's or a session's district never changes); past this, the cache starts again. */
const KEPT = 10_000;

/**
 * What the live gateway reads besides the outbox: the district of what a socket asks to follow. With
 * `districtId` (a signed-in user's), a look-up runs in that district (docs/ARCHITECTURE.md, "Tenancy"):
 * row-level security hides another district's campaign or session as if it did not exist. What was
 * found is kept in this process (a wall's every subscribe asks again), and the gateway compares the
 * district of a kept answer with the user's itself.
 */
@Injectable()
export class LiveRepository {
  private readonly campaigns = new Map<string, string>();
  private readonly sessions = new Map<string, { campaignId: string; districtId: string }>();

  constructor(private readonly prisma: PrismaService) {}

  private in<T>(districtId: string | undefined, fn: () => Promise<T>): Promise<T> {
    return districtId === undefined ? fn() : inDistrict(districtId, fn);
  }

  private static keep<V>(cache: Map<string, V>, key: string, value: V): V {
    if (cache.size >= KEPT) cache.clear();
    cache.set(key, value);
    return value;
  }

  /** A campaign's district; null: no such campaign (in `districtId`, when given, unless found before). */
  async campaignDistrict(campaignId: string, districtId?: string): Promise<string | null> {
    const kept = this.campaigns.get(campaignId);
    if (kept) return kept;
    const c = await this.in(districtId, () =>
      this.prisma.client.campaign.findUnique({ where: { id: campaignId }, select: { districtId: true } }),
    );
    return c ? LiveRepository.keep(this.campaigns, campaignId, c.districtId) : null;
  }

  /** A check-in session's campaign and district (a subscription to the session is granted by them); null: no such session. */
  async session(sessionId: string, districtId?: string): Promise<{ campaignId: string; districtId: string } | null> {
    const kept = this.sessions.get(sessionId);
    if (kept) return kept;
    const s = await this.in(districtId, () =>
      this.prisma.client.checkinSession.findUnique({ where: { id: sessionId }, select: { campaignId: true, districtId: true } }),
    );
    return s ? LiveRepository.keep(this.sessions, sessionId, s) : null;
  }
}
