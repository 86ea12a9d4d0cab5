import { Injectable } from '@nestjs/common';
import type { TParticipationState } from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../../core/prisma/prisma.service.js';

type Tx = Prisma.TransactionClient;

/** A town's community education centre: the unit kind whose coordinators follow up their town's units. */
export const TOWN_CENTRE_KIND = 'communityCentre';

const UNIT = {
  select: {
    id: true,
    code: true,
    name: true,
    kind: true,
    contactPerson: true,
    phone: true,
    townId: true,
    town: { select: { name: true } },
  },
} as const;

/** The queries of town supervision and of the escalation digest; no rules. */
@Injectable()
export class TownRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A unit's kind, town and whether it is active (null: no such unit). */
  unit(unitId: string) {
    return this.prisma.client.unit.findUnique({
      where: { id: unitId },
      select: { kind: true, active: true, townId: true, town: { select: { id: true, name: true } } },
    });
  }

  /** Whether `unitId` lies in the town of which `centreId` is an active community education centre. */
  async supervises(centreId: string, unitId: string): Promise<boolean> {
    const n = await this.prisma.client.unit.count({
      where: { id: unitId, town: { units: { some: { id: centreId, kind: TOWN_CENTRE_KIND, active: true } } } },
    });
    return n > 0;
  }

  /** The participations of a town's units in a campaign, with what the list shows. */
  townParticipations(campaignId: string, townId: string) {
    return this.prisma.client.participation.findMany({
      where: { campaignId, unit: { townId } },
      include: { unit: { include: { town: true } } },
      orderBy: { unit: { code: 'asc' } },
    });
  }

  /**
   * The participations of active units late with a deliverable (its overdue mark set, still owed),
   * with their unit and town; the centres themselves aside (they chase; the district chases them).
   */
  late(campaignId: string, owing: { plan: readonly TParticipationState[]; summary: readonly TParticipationState[] }) {
    return this.prisma.client.participation.findMany({
      where: {
        campaignId,
        unit: { active: true, kind: { not: TOWN_CENTRE_KIND } },
        OR: [
          { planOverdueAt: { not: null }, state: { in: [...owing.plan] } },
          { summaryOverdueAt: { not: null }, state: { in: [...owing.summary] } },
        ],
      },
      select: { id: true, state: true, planOverdueAt: true, summaryOverdueAt: true, unit: UNIT },
      orderBy: { unit: { code: 'asc' } },
    });
  }

  /**
   * Claims the day's digest of a town: true for the one transaction whose insert made the row (every
   * other instance, or a rerun the same day, finds it there). The row is held until that transaction ends.
   */
  async claimDigest(tx: Tx, row: { campaignId: string; townId: string; day: Date; units: number; createdAt: Date }): Promise<boolean> {
    const made = await tx.townDigest.createManyAndReturn({ data: [row], skipDuplicates: true, select: { id: true } });
    return made.length === 1;
  }
}
