import { Injectable } from '@nestjs/common';
import {
  NOMINATION_KIND_LABELS,
  problemMessage,
  ZNominationKind,
  ZNominationState,
  type TLocale,
  type TNominationDetail,
  type TNominationEventRequest,
  type TNominationEventResponse,
  type TNominationEventType,
  type TNominationListItem,
  type TNominationQuota,
  type TPanel,
  type TPublicExemplars,
  type TRankingResponse,
  type TUpdateNominationRequest,
  type ZCreateNominationRequest,
  type ZListNominationsQuery,
} from '@learnweek/contracts';
import {
  allowedEvents,
  decide,
  initialSnapshot,
  isCoordinatorOf,
  nominationEvent,
  nominationMachine,
  nominationProblems,
  nominationStates,
  nominationWorkflow,
  restoreSnapshot,
  NOMINATION_MACHINE_VERSION,
  type TNominationFacts,
} from '@learnweek/workflow';
import type { Prisma } from '@learnweek/db';
import type { z } from 'zod';
import { assertCanReadUnit, hasRole, workflowActor, type UserPrincipal } from '../../core/auth/principal.js';
import { Clock } from '../../core/clock/clock.js';
import { ApiException, fieldError, forbidden, notFound, staleVersion } from '../../core/errors/api.exception.js';
import { LiveEvents } from '../../core/live/live-events.js';
import { FileStore } from '../../core/storage/file-store.js';
import { FileUrls } from '../../core/storage/file-urls.js';
import { toCampaign } from '../../core/mappers/campaign.mapper.js';
import { CampaignService } from '../campaign/campaign.service.js';
import { NotificationService } from '../notification/notification.service.js';
import { toUnitRef } from '../../core/mappers/unit-ref.mapper.js';
import { inspectPhoto, isAmong, storedFileRow } from '../../core/media/photo-image.js';
import { NominationRepository, type TNominationDetailRow, type TNominationRow, type Tx } from './nomination.repository.js';
import { ExemplarNoticeService } from './exemplar-notice.service.js';
import { summarizeScores } from './score-summary.js';
import { incompleteScores, missingRequiredFields, rankByKind } from './selection-rules.js';

/** The steps the nominating unit's coordinators hear of. */
const NOMINATION_NOTICES: Partial<Record<TNominationEventType, 'nominationShortlisted' | 'nominationReturned' | 'nominationPublished'>> = {
  SHORTLIST: 'nominationShortlisted',
  RETURN: 'nominationReturned',
  PUBLISH: 'nominationPublished',
};

/** A nomination shows at most this many photos. */
export const NOMINATION_PHOTOS = 6;

@Injectable()
export class NominationService {
  constructor(
    private readonly repo: NominationRepository,
    private readonly campaigns: CampaignService,
    private readonly live: LiveEvents,
    private readonly store: FileStore,
    private readonly urls: FileUrls,
    private readonly clock: Clock,
    private readonly notices: ExemplarNoticeService,
    private readonly notifications: NotificationService,
  ) {}

  private toItem(n: TNominationRow, criteria: readonly string[], withScore: boolean): TNominationListItem {
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
        url: this.urls.url(p.fileId, 'web'),
        thumbUrl: this.urls.url(p.fileId, 'thumb'),
        width: p.file.width ?? 0,
        height: p.file.height ?? 0,
      })),
      score: withScore ? summarizeScores(n.scores, criteria) : null,
      updatedAt: n.updatedAt.toISOString(),
    };
  }

  /** The guard's facts: content, photos, and the unit's quota for the kind (this nomination excluded). */
  private async facts(db: Tx | undefined, n: TNominationDetailRow, lockQuota: boolean): Promise<TNominationFacts> {
    const quota = await this.repo.quota(db, n.campaignId, n.unit.kind, n.kind);
    const used = db && lockQuota ? await this.repo.quotaUse(db, n.campaignId, n.unitId, ZNominationKind.parse(n.kind), n.id) : 0;
    return {
      kind: ZNominationKind.parse(n.kind),
      name: n.name,
      story: n.story,
      photos: n.photos.length,
      quota: { max: quota?.max ?? null, used },
    };
  }

  async create(campaignId: string, caller: UserPrincipal, req: z.output<typeof ZCreateNominationRequest>): Promise<TNominationDetail> {
    if (!caller.unitId) throw forbidden();
    await this.campaigns.get(campaignId);
    const n = await this.repo.create({
      campaignId,
      unitId: caller.unitId,
      kind: req.kind,
      name: req.name,
      ageGroup: req.ageGroup ?? null,
      story: req.story ?? '',
      achievements: req.achievements ?? '',
      yearsRunning: req.yearsRunning ?? null,
      participantsReached: req.participantsReached ?? null,
      machineId: 'nomination',
      machineVersion: NOMINATION_MACHINE_VERSION,
      snapshot: initialSnapshot(nominationMachine, caller.unitId) as Prisma.InputJsonValue,
      state: 'draft',
    });
    return this.detail(n.id, caller, caller.locale);
  }

  async list(campaignId: string, caller: UserPrincipal, q: z.output<typeof ZListNominationsQuery>): Promise<TNominationListItem[]> {
    const c = await this.campaigns.get(campaignId);
    const reviewer = hasRole(caller, 'organizer', 'approver');
    if (!reviewer && !caller.unitId) throw forbidden();
    const rows = await this.repo.list(campaignId, q, reviewer ? undefined : caller.unitId!);
    return rows.map((n) => this.toItem(n, c.rules.scoringCriteria, hasRole(caller, 'organizer')));
  }

  async detail(id: string, caller: UserPrincipal, locale: TLocale): Promise<TNominationDetail> {
    const n = await this.repo.find(id);
    if (!n) throw notFound();
    assertCanReadUnit(caller, n.unitId);
    const c = toCampaign(n.campaign);
    // Outside a submit the quota's use is not counted: what is shown is what the content lacks.
    const facts = await this.facts(undefined, n, false);
    const actor = workflowActor(caller);
    const snapshot = restoreSnapshot(nominationMachine, n.snapshot);
    const editable = snapshot.hasTag('editable') && caller.unitId === n.unitId;
    const mine = n.scores.filter((s) => s.panelistId === caller.id);
    return {
      ...this.toItem(n, c.rules.scoringCriteria, hasRole(caller, 'organizer')),
      history: n.transitions.map((t) => ({
        id: t.id.toString(),
        event: t.event as TNominationDetail['history'][number]['event'],
        from: ZNominationState.parse(t.fromState),
        to: ZNominationState.parse(t.toState),
        actor: t.actorLabel,
        comment: t.comment,
        at: t.at.toISOString(),
      })),
      allowedEvents: allowedEvents(nominationWorkflow, snapshot, actor, facts),
      problems: editable ? nominationProblems(facts).map((p) => ({ ...p, message: problemMessage(p, locale) })) : [],
      myScores: (await this.repo.isPanelist(n.campaignId, caller.id)) ? Object.fromEntries(mine.map((s) => [s.criterion, s.score])) : null,
      criteria: c.rules.scoringCriteria,
    };
  }

  /** Edits a draft or a returned nomination, as one of its unit's coordinators. */
  /** From the version given, the one its workflow steps take too (409 with the nomination as it is now when it moved). */
  async update(id: string, caller: UserPrincipal, { version, ...req }: TUpdateNominationRequest): Promise<TNominationDetail> {
    const saved = await this.editContent(id, caller, (tx) =>
      this.repo.saveIfVersion(
        tx,
        id,
        version,
        Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined)) as Prisma.NominationUpdateManyMutationInput,
      ),
    );
    const current = await this.detail(id, caller, caller.locale);
    if (!saved) throw staleVersion(current);
    return current;
  }

  private async editContent<T>(id: string, caller: UserPrincipal, fn: (tx: Tx, n: TNominationDetailRow) => Promise<T>): Promise<T> {
    return this.repo.transaction(async (tx) => {
      const n = await this.repo.lock(tx, id);
      if (!n) throw notFound();
      if (!isCoordinatorOf(workflowActor(caller), n.unitId)) throw forbidden();
      if (!nominationStates('editable').includes(ZNominationState.parse(n.state))) throw new ApiException(409, 'notEditable');
      return fn(tx, n);
    });
  }

  /** A photo, with the same rules as summary photos (type, size, resolution, not the same picture twice); at most 6. */
  async addPhoto(id: string, caller: UserPrincipal, file: Buffer | undefined): Promise<TNominationDetail> {
    const image = await inspectPhoto(file);
    await this.store.keepNew((fileId, key) =>
      this.editContent(id, caller, async (tx, n) => {
        if (n.photos.length >= NOMINATION_PHOTOS) throw fieldError(409, 'file', 'lw.nominationPhotoLimit');
        if (
          isAmong(
            image,
            n.photos.map((p) => p.file),
          )
        )
          throw fieldError(409, 'file', 'lw.photoDuplicate');
        const sortNo = Math.max(0, ...n.photos.map((p) => p.sortNo)) + 1;
        await this.repo.addPhoto(tx, storedFileRow(fileId, key, image, caller.id), id, sortNo);
        // Last, inside the transaction: a failed write rolls the rows back.
        await this.store.put(key, image);
      }),
    );
    return this.detail(id, caller, caller.locale);
  }

  async removePhoto(id: string, photoId: string, caller: UserPrincipal): Promise<void> {
    const key = await this.editContent(id, caller, async (tx) => {
      const removed = await this.repo.removePhoto(tx, id, photoId);
      if (removed === null) throw notFound();
      return removed;
    });
    await this.store.remove(key);
  }

  /** One workflow step: one transaction with the version check, an audit row and an outbox event. */
  async send(id: string, caller: UserPrincipal, req: TNominationEventRequest): Promise<TNominationEventResponse> {
    const now = this.clock.now();
    return this.live.afterCommit((events) =>
      this.repo.transaction(async (tx) => {
        const n = await this.repo.lock(tx, id);
        if (!n) throw notFound();
        assertCanReadUnit(caller, n.unitId);
        if (req.version !== n.version) throw staleVersion();
        const facts = await this.facts(tx, n, req.type === 'SUBMIT');
        const d = decide(nominationWorkflow, n.snapshot, nominationEvent(req.type, workflowActor(caller), facts, req.comment), facts);
        if (d.kind === 'forbidden') throw forbidden();
        if (d.kind === 'notAllowedNow') throw new ApiException(409, 'eventNotAllowed');
        if (req.type === 'SUBMIT') {
          const missing = missingRequiredFields(ZNominationKind.parse(n.kind), n);
          if (missing.length) throw new ApiException(400, 'validationFailed', { errors: missing });
        }
        if (d.kind === 'guardFailed') throw new ApiException(422, 'guardFailed', { problems: d.problems });
        // Inside the transaction (one connection with the embedded database).
        if (req.type === 'PUBLISH') await this.notices.assertPublishable(tx, n.campaignId);
        if ((req.type === 'SELECT' || req.type === 'PUBLISH') && !req.confirmIncomplete) {
          const panel = (await this.repo.panel(n.campaignId, tx)).map((m) => m.userId);
          const incomplete = incompleteScores(n.scores, toCampaign(n.campaign).rules.scoringCriteria, panel);
          if (incomplete) throw new ApiException(409, 'confirmationRequired', { problems: [incomplete] });
        }
        const saved = await this.repo.saveIfVersion(tx, id, n.version, {
          snapshot: d.persisted as Prisma.InputJsonValue,
          state: d.state,
          ...(d.state === 'published' ? { publishedAt: now } : {}),
        });
        if (!saved) throw staleVersion();
        await this.repo.appendTransition(tx, {
          nominationId: id,
          event: req.type,
          fromState: n.state,
          toState: d.state,
          actorId: caller.id,
          actorLabel: caller.displayName,
          comment: req.comment ?? null,
          at: now,
        });
        await events.append(tx, {
          type: 'nomination.transitioned',
          scope: { campaignId: n.campaignId, unitId: n.unitId },
          data: {
            nominationId: id,
            kind: ZNominationKind.parse(n.kind),
            name: n.name,
            unitName: n.unit.name,
            event: req.type,
            from: ZNominationState.parse(n.state),
            to: d.state,
          },
          at: now,
        });
        const notice = NOMINATION_NOTICES[req.type];
        if (notice) await this.notifications.notifyNomination(tx, id, { kind: notice, name: n.name }, req.comment ?? '', now);
        return { state: d.state, version: n.version + 1 };
      }),
    );
  }

  async quotas(campaignId: string): Promise<TNominationQuota[]> {
    await this.campaigns.get(campaignId);
    return (await this.repo.quotas(campaignId)).map((q) => ({
      unitKind: q.unitKind as TNominationQuota['unitKind'],
      kind: ZNominationKind.parse(q.kind),
      max: q.max,
    }));
  }

  async setQuotas(campaignId: string, items: readonly TNominationQuota[]): Promise<TNominationQuota[]> {
    await this.campaigns.get(campaignId);
    const keys = new Set(items.map((q) => `${q.unitKind}:${q.kind}`));
    if (keys.size !== items.length) throw fieldError(400, 'items', 'lw.quotaRepeated');
    await this.repo.setQuotas(campaignId, items);
    return this.quotas(campaignId);
  }

  async panel(campaignId: string): Promise<TPanel> {
    const c = await this.campaigns.get(campaignId);
    const [members, candidates] = await Promise.all([this.repo.panel(campaignId), this.repo.approvers()]);
    return {
      criteria: c.rules.scoringCriteria,
      members: members.map((m) => ({ userId: m.userId, username: m.user.username, displayName: m.user.displayName })),
      candidates: candidates.map((u) => ({ userId: u.id, username: u.username, displayName: u.displayName })),
    };
  }

  /** Names the panel: approvers only. */
  async setPanel(campaignId: string, userIds: readonly string[]): Promise<TPanel> {
    await this.campaigns.get(campaignId);
    const ids = [...new Set(userIds)];
    if ((await this.repo.approvers(ids)).length !== ids.length) throw fieldError(400, 'userIds', 'lw.panelApproversOnly');
    await this.repo.setPanel(campaignId, ids);
    return this.panel(campaignId);
  }

  /** A panelist scores a shortlisted nomination on every criterion of the campaign (0–100 each). */
  async score(id: string, caller: UserPrincipal, scores: Record<string, number>): Promise<TNominationDetail> {
    const n = await this.repo.find(id);
    if (!n) throw notFound();
    if (!(await this.repo.isPanelist(n.campaignId, caller.id))) throw forbidden();
    if (!nominationStates('scorable').includes(ZNominationState.parse(n.state))) throw new ApiException(409, 'notEditable');
    const criteria = toCampaign(n.campaign).rules.scoringCriteria;
    const missing = criteria.filter((c) => scores[c] === undefined);
    const unknown = Object.keys(scores).filter((c) => !criteria.includes(c));
    if (missing.length || unknown.length)
      throw fieldError(400, `scores.${missing[0] ?? unknown[0]}`, missing.length ? 'lw.scoreMissing' : 'lw.scoreUnknown');
    await this.repo.transaction((tx) => this.repo.setScores(tx, id, caller.id, scores, this.clock.now()));
    return this.detail(id, caller, caller.locale);
  }

  /** The organizer's ranking of what the panel scores, each kind on its own: highest mean first, unscored last. */
  async ranking(campaignId: string): Promise<TRankingResponse> {
    const c = await this.campaigns.get(campaignId);
    const [rows, panel] = await Promise.all([this.repo.list(campaignId, {}), this.repo.panel(campaignId)]);
    const scored = rows
      .filter((n) => nominationStates('ranked').includes(ZNominationState.parse(n.state)))
      .map((n) => this.toItem(n, c.rules.scoringCriteria, true));
    return { items: rankByKind(scored), panel: panel.length };
  }

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
        photos: n.photos.map((p) => ({ url: this.urls.url(p.fileId, 'web'), thumbUrl: this.urls.url(p.fileId, 'thumb') })),
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
    const rows = (await this.repo.list(campaignId, {})).filter((n) =>
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
