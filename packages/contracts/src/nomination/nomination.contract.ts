import { z } from 'zod';
import { safeText } from '../common/text.js';
import {
  UNIT_KINDS,
  ZId,
  ZInstant,
  ZNominationEventType,
  ZNominationKind,
  ZNominationState,
  ZUnitKind,
  ZVersion,
} from '../common/domain.js';
import { ZProblem } from '../common/problems.js';
import { ZUnitRef } from '../participation/participation.contract.js';

/** What a unit writes about its nominee (a person) or project; kind-specific fields may stay empty. */
export const ZNominationFields = z.object({
  name: safeText({ max: 60 }),
  /** learningStar: e.g. 青少年 / 中青年 / 老年. */
  ageGroup: safeText({ max: 20 }).nullable(),
  story: safeText({ max: 5_000, multiline: true }),
  achievements: safeText({ max: 3_000, multiline: true }),
  /** brandProject: years running and people reached. */
  yearsRunning: z.number().int().min(0).max(100).nullable(),
  participantsReached: z.number().int().min(0).max(10_000_000).nullable(),
});
/**
 * What each kind must have before it leaves its unit (SUBMIT; 400 naming the field otherwise, and a
 * CHECK of the Nomination table): a brand project its years running and people reached.
 */
export const NOMINATION_REQUIRED_FIELDS = {
  learningStar: [],
  brandProject: ['yearsRunning', 'participantsReached'],
} as const satisfies Record<z.infer<typeof ZNominationKind>, readonly (keyof z.infer<typeof ZNominationFields>)[]>;
export const ZCreateNominationRequest = ZNominationFields.partial()
  .extend({ kind: ZNominationKind, name: safeText({ min: 1, max: 60 }) })
  .strict();
export type TCreateNominationRequest = z.input<typeof ZCreateNominationRequest>;
/** Any of the fields, with the nomination's `version` they were edited from (the same version its workflow steps take). */
export const ZUpdateNominationRequest = ZNominationFields.partial().extend({ version: ZVersion }).strict();
export type TUpdateNominationRequest = z.input<typeof ZUpdateNominationRequest>;

export const ZNominationPhoto = z.object({
  id: ZId,
  url: z.string(),
  thumbUrl: z.string(),
  width: z.number().int(),
  height: z.number().int(),
});
export type TNominationPhoto = z.infer<typeof ZNominationPhoto>;

/** The panel's scores of one nomination, summarised: mean of each panelist's total, and how far they agree. */
export const ZScoreSummary = z.object({
  /** Panelists who scored every criterion. */
  scoredBy: z.number().int(),
  mean: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  /** Standard deviation of the panelists' totals (0: they agree). */
  spread: z.number().nullable(),
});
export type TScoreSummary = z.infer<typeof ZScoreSummary>;

export const ZNominationListItem = ZNominationFields.extend({
  id: ZId,
  campaignId: ZId,
  kind: ZNominationKind,
  unit: ZUnitRef,
  state: ZNominationState,
  version: z.number().int(),
  photos: z.array(ZNominationPhoto),
  /** Shown to the organizer; null for others. */
  score: ZScoreSummary.nullable(),
  updatedAt: ZInstant,
});
export type TNominationListItem = z.infer<typeof ZNominationListItem>;

export const ZNominationDetail = ZNominationListItem.extend({
  history: z.array(
    z.object({
      id: z.string(),
      event: ZNominationEventType,
      from: ZNominationState,
      to: ZNominationState,
      actor: z.string(),
      comment: z.string().nullable(),
      at: ZInstant,
    }),
  ),
  allowedEvents: z.array(ZNominationEventType),
  problems: z.array(ZProblem.and(z.object({ message: z.string() }))),
  /** The caller's own scores by criterion when they sit on the panel (null otherwise). */
  myScores: z.record(z.string(), z.number().int()).nullable(),
  criteria: z.array(z.string()),
});
export type TNominationDetail = z.infer<typeof ZNominationDetail>;

export const ZListNominationsQuery = z.object({ kind: ZNominationKind.optional(), state: ZNominationState.optional() }).strict();
export type TListNominationsQuery = z.input<typeof ZListNominationsQuery>;
export const ZListNominationsResponse = z.object({ items: z.array(ZNominationListItem) });
export type TListNominationsResponse = z.infer<typeof ZListNominationsResponse>;

export const ZNominationEventRequest = z
  .object({
    type: ZNominationEventType,
    comment: safeText({ max: 2_000, multiline: true }).optional(),
    version: ZVersion,
    /** SELECT and PUBLISH of a nomination not every panelist has scored: refused (409 `confirmationRequired`, with the counts) unless true. */
    confirmIncomplete: z.boolean().optional(),
  })
  .strict();
export type TNominationEventRequest = z.infer<typeof ZNominationEventRequest>;
export const ZNominationEventResponse = z.object({ state: ZNominationState, version: z.number().int() });
export type TNominationEventResponse = z.infer<typeof ZNominationEventResponse>;

/** The panel's ranking, per kind: learning stars ranked among themselves, brand projects among themselves. */
export const ZRankedNomination = ZNominationListItem.extend({ rank: z.number().int() });
export type TRankedNomination = z.infer<typeof ZRankedNomination>;
export const ZRankingResponse = z.object({
  /** Kind by kind (learning stars first), each highest mean first, unscored last. */
  items: z.array(ZRankedNomination),
  /** How many sit on the panel (a nomination is scored completely by all of them). */
  panel: z.number().int(),
});
export type TRankingResponse = z.infer<typeof ZRankingResponse>;

/** The public notice (公示) before commendation: its period and where objections go. */
export const ZExemplarNotice = z.object({ startsAt: ZInstant, endsAt: ZInstant, contact: z.string() });
export type TExemplarNotice = z.infer<typeof ZExemplarNotice>;
export const ZSetExemplarNoticeRequest = z
  .object({ startsAt: ZInstant, endsAt: ZInstant, contact: safeText({ min: 1, max: 200 }) })
  .strict()
  .superRefine((v, ctx) => {
    if (Date.parse(v.endsAt) <= Date.parse(v.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'lw.rangeOrder' });
  });
export type TSetExemplarNoticeRequest = z.input<typeof ZSetExemplarNoticeRequest>;
export const ZExemplarNoticeResponse = z.object({ notice: ZExemplarNotice.nullable() });
export type TExemplarNoticeResponse = z.infer<typeof ZExemplarNoticeResponse>;

/** At most `max` submitted nominations of `kind` per unit of `unitKind`; no row means no limit. */
export const ZNominationQuota = z.object({ unitKind: ZUnitKind, kind: ZNominationKind, max: z.number().int().min(0).max(50) });
export type TNominationQuota = z.infer<typeof ZNominationQuota>;
/** A new campaign's quotas: two learning stars and one brand project per unit, whatever its kind. */
export const DEFAULT_NOMINATION_QUOTAS: readonly TNominationQuota[] = UNIT_KINDS.flatMap((unitKind) => [
  { unitKind, kind: 'learningStar' as const, max: 2 },
  { unitKind, kind: 'brandProject' as const, max: 1 },
]);
export const ZNominationQuotas = z.object({ items: z.array(ZNominationQuota).max(20) }).strict();
export type TNominationQuotas = z.infer<typeof ZNominationQuotas>;

const ZPanelist = z.object({ userId: ZId, username: z.string(), displayName: z.string() });
export const ZPanel = z.object({
  criteria: z.array(z.string()),
  members: z.array(ZPanelist),
  /** Who may be named: the active approvers. */
  candidates: z.array(ZPanelist),
});
export type TPanel = z.infer<typeof ZPanel>;
export const ZSetPanelRequest = z.object({ userIds: z.array(ZId).max(30) }).strict();
export type TSetPanelRequest = z.infer<typeof ZSetPanelRequest>;

/** A panelist's scores of one shortlisted nomination, one per criterion of the campaign. */
export const ZScoreRequest = z.object({ scores: z.record(safeText({ min: 1, max: 20 }), z.number().int().min(0).max(100)) }).strict();
export type TScoreRequest = z.infer<typeof ZScoreRequest>;

/** The public page: published exemplars only, no sign-in. */
export const ZPublicExemplars = z.object({
  campaign: z.object({ id: ZId, year: z.number().int(), title: z.string(), theme: z.string() }),
  items: z.array(
    z.object({
      id: ZId,
      kind: ZNominationKind,
      name: z.string(),
      unitName: z.string(),
      town: z.string(),
      ageGroup: z.string().nullable(),
      story: z.string(),
      achievements: z.string(),
      yearsRunning: z.number().int().nullable(),
      participantsReached: z.number().int().nullable(),
      photos: z.array(z.object({ url: z.string(), thumbUrl: z.string() })),
      publishedAt: ZInstant,
    }),
  ),
  /**
   * While a notice (公示) runs: its period, the contact for objections and the exemplars proposed
   * (拟表彰), with what a notice shows and nothing more (no contacts of units or people). Null otherwise.
   */
  notice: ZExemplarNotice.extend({
    items: z.array(
      z.object({ id: ZId, kind: ZNominationKind, name: z.string(), unitName: z.string(), town: z.string(), deeds: z.string() }),
    ),
  }).nullable(),
});
export type TPublicExemplars = z.infer<typeof ZPublicExemplars>;
