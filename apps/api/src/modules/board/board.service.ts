import { Injectable } from '@nestjs/common';
import {
  ZParticipationState,
  ZAudience,
  type TBoardGroup,
  type TGalleryResponse,
  type TStateCounts,
  type TStatusBoard,
  type ZGalleryQuery,
} from '@learnweek/contracts';
import type { z } from 'zod';
import { FileUrls } from '../../core/storage/file-urls.js';
import { toPhoto } from '../../core/mappers/photo.mapper.js';
import { toUnitRef } from '../../core/mappers/unit-ref.mapper.js';
import { Clock } from '../../core/clock/clock.js';
import { CampaignService } from '../campaign/campaign.service.js';
import { BoardRepository, type TParticipationGroupRow } from './board.repository.js';

@Injectable()
export class BoardService {
  constructor(
    private readonly repo: BoardRepository,
    private readonly campaigns: CampaignService,
    private readonly clock: Clock,
    private readonly urls: FileUrls,
  ) {}

  /** Every summary photo of the campaign, for the organizer's gallery (signed links, like the detail's). */
  async gallery(campaignId: string, q: z.output<typeof ZGalleryQuery>): Promise<TGalleryResponse> {
    await this.campaigns.get(campaignId);
    const { total, items } = await this.repo.photos(campaignId, q);
    return {
      total,
      page: q.page,
      pageSize: q.pageSize,
      items: items.map((p) => ({
        ...toPhoto(p, this.urls),
        participationId: p.participationId,
        unit: toUnitRef(p.participation.unit),
        activityTitle: p.activity?.title ?? null,
      })),
    };
  }

  async board(campaignId: string): Promise<TStatusBoard> {
    const { rules } = await this.campaigns.get(campaignId);
    const [groups, activities, audiences, fourOnes, freeClasses] = await Promise.all([
      this.repo.participationGroups(campaignId),
      this.repo.activityTotals(campaignId),
      this.repo.audienceCounts(campaignId),
      this.repo.fourOnes(campaignId, rules.fourOnesKinds),
      this.repo.freeClasses(campaignId, rules.freeClassKinds),
    ]);
    const all = summarize('all', groups);
    const byStatus = (s: string) => activities.find((a) => a.status === s);
    return {
      campaignId,
      at: this.clock.now().toISOString(),
      total: all.total,
      byState: all.byState,
      late: { plan: sum(groups, 'latePlan'), summary: sum(groups, 'lateSummary') },
      overdue: { plan: sum(groups, 'overduePlan'), summary: sum(groups, 'overdueSummary') },
      byKind: groupBy(groups, 'kind'),
      byTown: groupBy(groups, 'town'),
      activities: {
        planned: byStatus('planned')?.n ?? 0,
        held: byStatus('held')?.n ?? 0,
        cancelled: byStatus('cancelled')?.n ?? 0,
        expectedParticipants: activities.filter((a) => a.status !== 'cancelled').reduce((n, a) => n + a.expected, 0),
        actualParticipants: byStatus('held')?.actual ?? 0,
      },
      audiences: Object.fromEntries(audiences.filter((a) => ZAudience.safeParse(a.audience).success).map((a) => [a.audience, a.n])),
      fourOnes,
      freeClasses,
    };
  }
}

const sum = (rows: readonly TParticipationGroupRow[], k: 'total' | 'latePlan' | 'lateSummary' | 'overduePlan' | 'overdueSummary') =>
  rows.reduce((n, r) => n + r[k], 0);

function summarize(key: string, rows: readonly TParticipationGroupRow[]): TBoardGroup {
  const byState: TStateCounts = {};
  for (const r of rows) {
    const state = ZParticipationState.parse(r.state);
    byState[state] = (byState[state] ?? 0) + r.total;
  }
  return {
    key,
    total: sum(rows, 'total'),
    byState,
    late: sum(rows, 'latePlan') + sum(rows, 'lateSummary'),
    overdue: sum(rows, 'overduePlan') + sum(rows, 'overdueSummary'),
  };
}

/** Groups in the order their keys first appear (towns come ordered by the town list). */
function groupBy(rows: readonly TParticipationGroupRow[], by: 'kind' | 'town'): TBoardGroup[] {
  const keys = [...new Set(rows.map((r) => r[by]))];
  return keys.map((k) =>
    summarize(
      k,
      rows.filter((r) => r[by] === k),
    ),
  );
}
