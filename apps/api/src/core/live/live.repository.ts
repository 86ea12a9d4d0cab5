import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service.js';

/** What the live gateway reads besides the outbox. */
@Injectable()
export class LiveRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The campaign of a check-in session (a subscription to the session is granted by it); null: no such session. */
  async sessionCampaign(sessionId: string): Promise<string | null> {
    const s = await this.prisma.client.checkinSession.findUnique({ where: { id: sessionId }, select: { campaignId: true } });
    return s?.campaignId ?? null;
  }
}
