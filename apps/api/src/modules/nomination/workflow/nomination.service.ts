import { Injectable } from '@nestjs/common';
import {
  problemMessage,
  ZNominationKind,
  ZNominationState,
  type TLocale,
  type TNominationDetail,
  type TNominationEventRequest,
  type TNominationEventResponse,
  type TNominationEventType,
  type TNominationListItem,
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
  NOMINATION_INITIAL_STATE,
  nominationStates,
  nominationWorkflow,
  restoreSnapshot,
  NOMINATION_MACHINE_VERSION,
  type TNominationFacts,
} from '@learnweek/workflow';
import type { Prisma } from '@learnweek/db';
import type { z } from 'zod';
import { assertCanReadUnit, hasRole, workflowActor, type UserPrincipal } from '../../../core/auth/principal.js';
import { Clock } from '../../../core/clock/clock.js';
import { ApiException, forbidden, notFound, staleVersion } from '../../../core/errors/api.exception.js';
import { LiveEvents } from '../../../core/live/live-events.js';
import { FileUrls } from '../../../core/storage/file-urls.js';
import { toCampaign } from '../../../core/mappers/campaign.mapper.js';
import { CampaignService } from '../../campaign/campaign.service.js';
import { NotificationService } from '../../notification/notification.service.js';
import { NominationRepository, type TNominationDetailRow, type TNominationRow, type Tx } from './nomination.repository.js';
import { ExemplarNoticeService } from '../exemplars/exemplar-notice.service.js';
import { incompleteScores, missingRequiredFields } from '../selection-rules.js';
import { toNominationItem } from '../nomination.mapper.js';

/** The steps the nominating unit's coordinators hear of. */
const NOMINATION_NOTICES: Partial<Record<TNominationEventType, 'nominationShortlisted' | 'nominationReturned' | 'nominationPublished'>> = {
  SHORTLIST: 'nominationShortlisted',
  RETURN: 'nominationReturned',
  PUBLISH: 'nominationPublished',
};

/**
 * A nomination's workflow (draft → submitted → shortlisted → selected → published, or returned /
 * declined): create, list, detail, edit, the steps, each persisted in one transaction with its
 * version, transition row, outbox event and notice; editContent is the lock and checks the other
 * sub-slices' writes run under.
 */
@Injectable()
export class NominationService {
  constructor(
    private readonly repo: NominationRepository,
    private readonly campaigns: CampaignService,
    private readonly live: LiveEvents,
    private readonly urls: FileUrls,
    private readonly clock: Clock,
    private readonly notices: ExemplarNoticeService,
    private readonly notifications: NotificationService,
  ) {}

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
      state: NOMINATION_INITIAL_STATE,
    });
    return this.detail(n.id, caller, caller.locale);
  }

  /** The campaign's nominations as rows (every unit's), for the sub-slices that rank and export them. */
  rows(campaignId: string): Promise<TNominationRow[]> {
    return this.repo.list(campaignId, {});
  }

  /** A nomination's row with its campaign and scores (undefined: none). */
  async row(id: string): Promise<TNominationDetailRow | undefined> {
    return (await this.repo.find(id)) ?? undefined;
  }

  async isPanelist(campaignId: string, userId: string): Promise<boolean> {
    return (await this.repo.isPanelist(campaignId, userId)) !== null;
  }

  /** A nomination as a list shows it, with the panel's scores when `withScore`. */
  toItem(n: TNominationRow, criteria: readonly string[], withScore: boolean): TNominationListItem {
    return toNominationItem(this.urls, n, criteria, withScore);
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

  /**
   * Runs `fn` under the nomination's row lock, for one of its unit's coordinators, while the
   * nomination is editable (draft or returned): the checks every edit of its content runs under.
   */
  async editContent<T>(id: string, caller: UserPrincipal, fn: (tx: Tx, n: TNominationDetailRow) => Promise<T>): Promise<T> {
    return this.repo.transaction(async (tx) => {
      const n = await this.repo.lock(tx, id);
      if (!n) throw notFound();
      if (!isCoordinatorOf(workflowActor(caller), n.unitId)) throw forbidden();
      if (!nominationStates('editable').includes(ZNominationState.parse(n.state))) throw new ApiException(409, 'notEditable');
      return fn(tx, n);
    });
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
          const panel = await this.repo.panelistIds(tx, n.campaignId);
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
        // The ceremony walls' exemplar panel follows publications, an event of their own (core/live/live-audience.ts).
        if (d.state === 'published')
          await events.append(tx, {
            type: 'exemplar.published',
            scope: { campaignId: n.campaignId },
            data: { nominationId: id, kind: ZNominationKind.parse(n.kind), name: n.name, unitName: n.unit.name },
            at: now,
          });
        const notice = NOMINATION_NOTICES[req.type];
        if (notice) await this.notifications.notifyNomination(tx, id, { kind: notice, name: n.name }, req.comment ?? '', now);
        return { state: d.state, version: n.version + 1 };
      }),
    );
  }
}
