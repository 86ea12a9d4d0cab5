import { ZNominationKind, ZNominationState, type TNominationListItem } from '@learnweek/contracts';
import { toUnitRef } from '../../core/mappers/unit-ref.mapper.js';
import type { FileUrls } from '../../core/storage/file-urls.js';
import { summarizeScores } from './score-summary.js';
import type { TNominationRow } from './workflow/nomination.repository.js';

/** A nomination as a list shows it; its panel's score summary only for who may see it (`withScore`). */
export function toNominationItem(urls: FileUrls, n: TNominationRow, criteria: readonly string[], withScore: boolean): TNominationListItem {
  return {
    id: n.id,
    campaignId: n.campaignId,
    kind: ZNominationKind.parse(n.kind),
    unit: toUnitRef(n.unit),
    state: ZNominationState.parse(n.state),
    version: n.version,
    name: n.name,
    ageGroup: n.ageGroup,
    story: n.story,
    achievements: n.achievements,
    yearsRunning: n.yearsRunning,
    participantsReached: n.participantsReached,
    photos: n.photos.map((p) => ({
      id: p.id,
      url: urls.url(p.fileId, 'web'),
      thumbUrl: urls.url(p.fileId, 'thumb'),
      width: p.file.width ?? 0,
      height: p.file.height ?? 0,
    })),
    score: withScore ? summarizeScores(n.scores, criteria) : null,
    updatedAt: n.updatedAt.toISOString(),
  };
}
