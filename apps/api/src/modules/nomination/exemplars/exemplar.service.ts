import { Injectable } from '@nestjs/common';
import { NOMINATION_KIND_LABELS, ZNominationKind, ZNominationState, type TPublicExemplars } from '@learnweek/contracts';
import { nominationStates } from '@learnweek/workflow';
import { Clock } from '../../../core/clock/clock.js';
import { FileStore } from '../../../core/storage/file-store.js';
import { FileUrls } from '../../../core/storage/file-urls.js';
import { CampaignService } from '../../campaign/campaign.service.js';
import { summarizeScores } from '../score-summary.js';
import { rankByKind } from '../selection-rules.js';
import { NominationService } from '../workflow/nomination.service.js';
import { ExemplarNoticeService } from './exemplar-notice.service.js';
import { ExemplarRepository } from './exemplar.repository.js';

/**
 * What becomes of the chosen nominations: the public page of published exemplars (with the notice
 * while it runs), and the recommendation to the city — its summary form (.xlsx) and its forms (.docx).
 */
@Injectable()
export class ExemplarService {
  constructor(
    private readonly repo: ExemplarRepository,
    private readonly nominations: NominationService,
    private readonly notices: ExemplarNoticeService,
    private readonly campaigns: CampaignService,
    private readonly store: FileStore,
    private readonly urls: FileUrls,
    private readonly clock: Clock,
  ) {}

  /** The public page: published exemplars only, for anyone. */
  async publicExemplars(campaignId: string): Promise<TPublicExemplars> {
    const c = await this.campaigns.get(campaignId);
    const [rows, notice] = await Promise.all([this.repo.published(campaignId), this.notices.running(campaignId)]);
    return {
      campaign: { id: c.id, year: c.year, title: c.title, theme: c.theme },
      notice,
      items: rows.map((n) => ({
        id: n.id,
        kind: ZNominationKind.parse(n.kind),
        name: n.name,
        unitName: n.unit.name,
        town: n.unit.town.name,
        ageGroup: n.ageGroup,
        story: n.story,
        achievements: n.achievements,
        yearsRunning: n.yearsRunning,
        participantsReached: n.participantsReached,
        photos: n.photos.map((p) => ({
          url: this.urls.url(p.fileId, 'web', p.districtId),
          thumbUrl: this.urls.url(p.fileId, 'thumb', p.districtId),
        })),
        publishedAt: (n.publishedAt ?? n.updatedAt).toISOString(),
      })),
    };
  }

  /** The recommendation forms (推荐表, .docx): one page per selected or published exemplar, with up to 3 photos. */
  async recommendationForms(campaignId: string) {
    const { campaign, rows } = await this.recommendationRows(campaignId);
    const forms = [];
    for (const { kind, n, score } of rows) {
      const photos = [];
      for (const p of n.photos.slice(0, 3))
        photos.push({ jpeg: await this.store.read(p.file.storageKey, 'web'), width: p.file.width ?? 1600, height: p.file.height ?? 1200 });
      const star = n.kind === 'learningStar';
      forms.push({
        kind,
        name: n.name,
        unitName: n.unit.name,
        town: n.unit.town.name,
        fields: [
          ...(star
            ? [['年龄段', n.ageGroup ?? '']]
            : [
                ['持续年数', n.yearsRunning?.toString() ?? ''],
                ['受益人数', n.participantsReached?.toString() ?? ''],
              ]),
          [star ? '主要事迹' : '项目简介', n.story],
          [star ? '学习成果' : '项目成效', n.achievements],
          ['区级评审得分', score?.toFixed(2) ?? ''],
        ] as [string, string][],
        photos,
      });
    }
    return { campaign, forms };
  }

  /** Rows of the city-level recommendation form (推荐汇总表): the selected and published exemplars. */
  async recommendationRows(campaignId: string) {
    const c = await this.campaigns.get(campaignId);
    const rows = (await this.nominations.rows(campaignId)).filter((n) =>
      nominationStates('recommended').includes(ZNominationState.parse(n.state)),
    );
    // Kind by kind, each in the panel's order: the city ranks learning stars and brand projects apart.
    const ranked = rankByKind(
      rows.map((n) => ({
        n,
        kind: ZNominationKind.parse(n.kind),
        score: { mean: summarizeScores(n.scores, c.rules.scoringCriteria).mean },
      })),
    );
    return {
      campaign: c,
      exportedAt: this.clock.now(),
      rows: ranked.map(({ n, kind, score, rank }) => ({ kind: NOMINATION_KIND_LABELS[kind]['zh-CN'], n, score: score.mean, rank })),
    };
  }
}
