import { Injectable } from '@nestjs/common';
import { DEFAULT_NOMINATION_QUOTAS } from '@learnweek/contracts';
import { type Prisma, scopedQuery } from '@learnweek/db';
import { initialSnapshot, PARTICIPATION_INITIAL_STATE, participationMachine, PARTICIPATION_MACHINE_VERSION } from '@learnweek/workflow';
import { PrismaService } from '../../core/prisma/prisma.service.js';

type Tx = Prisma.TransactionClient;

/** Records that belong to one campaign, by the table that holds their `campaignId`. */
const OWNER_TABLES = {
  campaign: null,
  participation: 'Participation',
  nomination: 'Nomination',
  checkinSession: 'CheckinSession',
  kioskDevice: 'KioskDevice',
} as const;
export type TCampaignOwner = keyof typeof OWNER_TABLES;

@Injectable()
export class CampaignRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(withDrafts: boolean) {
    return this.prisma.client.campaign.findMany({
      where: withDrafts ? {} : { status: { not: 'draft' } },
      orderBy: [{ year: 'desc' }, { createdAt: 'desc' }],
    });
  }

  find(id: string) {
    return this.prisma.client.campaign.findUnique({ where: { id } });
  }

  /** The status of the campaign a record belongs to (null: no such record). */
  async statusOf(owner: TCampaignOwner, id: string): Promise<string | null> {
    const table = OWNER_TABLES[owner];
    const campaignId = table === null ? '$1::uuid' : `(SELECT "campaignId" FROM "${table}" WHERE "id" = $1::uuid)`;
    const { rows } = await scopedQuery<{ status: string }>(this.prisma.pool, `SELECT "status" FROM "Campaign" WHERE "id" = ${campaignId}`, [
      id,
    ]);
    return rows[0]?.status ?? null;
  }

  /** Whether the campaign's notice has its document number (is issued, docs/ARCHITECTURE.md "The notice"). */
  async noticeIssued(id: string): Promise<boolean> {
    return (await this.prisma.client.documentNumber.count({ where: { campaignId: id } })) > 0;
  }

  /** Campaigns whose deadlines and timed transitions the scheduler runs. */
  listPublished() {
    return this.prisma.client.campaign.findMany({ where: { status: 'published' } });
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.client.$transaction(fn);
  }

  create(tx: Tx, data: Prisma.CampaignUncheckedCreateInput) {
    return tx.campaign.create({ data });
  }

  /** Updates only while the campaign is in one of `states`; null when it is not (or is gone). */
  /** How many of the campaign's participations are in each state. */
  async statesOf(campaignId: string): Promise<{ state: string; count: number }[]> {
    const rows = await this.prisma.client.participation.groupBy({ by: ['state'], where: { campaignId }, _count: { _all: true } });
    return rows.map((r) => ({ state: r.state, count: r._count._all }));
  }

  async updateIn(id: string, states: readonly string[], data: Prisma.CampaignUpdateInput) {
    const r = await this.prisma.client.campaign.updateMany({ where: { id, status: { in: [...states] } }, data });
    return r.count === 1 ? this.find(id) : null;
  }

  /** The settings edited from version `expected` while the campaign is in one of `states` (adding one to the version); false when it is not, or the version moved. */
  async updateSettings(
    id: string,
    states: readonly string[],
    expected: number,
    data: Omit<Prisma.CampaignUpdateManyMutationInput, 'version'>,
  ): Promise<boolean> {
    const r = await this.prisma.client.campaign.updateMany({
      where: { id, status: { in: [...states] }, version: expected },
      data: { ...data, version: { increment: 1 } },
    });
    return r.count === 1;
  }

  /** Active units, or only those of `unitIds`. */
  activeUnitIds(tx: Tx, unitIds?: readonly string[]) {
    return tx.unit.findMany({ where: { active: true, ...(unitIds ? { id: { in: [...unitIds] } } : {}) }, select: { id: true } });
  }

  unitIdsOf(tx: Tx, campaignId: string) {
    return tx.participation.findMany({ where: { campaignId }, select: { unitId: true } }).then((r) => r.map((p) => p.unitId));
  }

  /** The exemplar quotas of a new campaign: `from`'s when cloned, else the defaults. */
  async copyQuotas(tx: Tx, campaignId: string, from?: string) {
    const quotas = from
      ? await tx.nominationQuota.findMany({ where: { campaignId: from }, select: { unitKind: true, kind: true, max: true } })
      : DEFAULT_NOMINATION_QUOTAS;
    await tx.nominationQuota.createMany({ data: quotas.map((q) => ({ campaignId, unitKind: q.unitKind, kind: q.kind, max: q.max })) });
  }

  /** Invites units to a campaign (a fresh workflow each); a unit already in it is left as it is. */
  async invite(tx: Tx, campaignId: string, unitIds: readonly string[]): Promise<number> {
    const r = await tx.participation.createMany({
      data: unitIds.map((unitId) => ({
        campaignId,
        unitId,
        machineId: 'participation',
        machineVersion: PARTICIPATION_MACHINE_VERSION,
        snapshot: initialSnapshot(participationMachine, unitId) as Prisma.InputJsonValue,
        state: PARTICIPATION_INITIAL_STATE,
      })),
      skipDuplicates: true,
    });
    return r.count;
  }
}
