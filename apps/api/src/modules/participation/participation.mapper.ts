import {
  ZActivityStatus,
  ZActivityType,
  ZAudience,
  ZParticipationEventType,
  ZParticipationState,
  toStoredActivity,
  type TActivity,
  type TPlan,
  type TPlanRevision,
  type TSummary,
  type TSummaryRevision,
  type TParticipationListItem,
  type TTransition,
} from '@learnweek/contracts';
import type { Activity, Participation, Plan, PlanRevision, SummaryRevision, Town, Transition, Unit } from '@learnweek/db';
import type { TActivityFacts, TContentFacts } from '@learnweek/workflow';
import { toUnitRef } from '../../core/mappers/unit-ref.mapper.js';
import type { TParticipationForEvent } from './workflow/participation.repository.js';

/** Rows → the contract's types, for every sub-slice of the participation (the list, the detail, the edits, the photos). */

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toListItem = (p: Participation & { unit: Unit & { town: Town } }): TParticipationListItem => ({
  id: p.id,
  unit: toUnitRef(p.unit),
  state: ZParticipationState.parse(p.state),
  version: p.version,
  latePlan: p.latePlan,
  lateSummary: p.lateSummary,
  planOverdue: p.planOverdueAt !== null,
  summaryOverdue: p.summaryOverdueAt !== null,
  planSubmittedAt: iso(p.planSubmittedAt),
  summarySubmittedAt: iso(p.summarySubmittedAt),
  updatedAt: p.updatedAt.toISOString(),
});

export const toActivity = (a: Activity): TActivity => ({
  id: a.id,
  version: a.version,
  sortNo: a.sortNo,
  title: a.title,
  type: ZActivityType.parse(a.type),
  form: a.form,
  startsAt: a.startsAt.toISOString(),
  endsAt: a.endsAt.toISOString(),
  place: a.place,
  audiences: a.audiences.map((x) => ZAudience.parse(x)),
  expectedParticipants: a.expectedParticipants,
  personInCharge: a.personInCharge,
  phone: a.phone,
  free: a.free,
  notes: a.notes,
  status: ZActivityStatus.parse(a.status),
  actualParticipants: a.actualParticipants,
  report: a.report,
  cancelReason: a.cancelReason ?? null,
  heldAt: iso(a.heldAt),
});

/** A frozen revision's activity (contracts `ZStoredActivityV1`: a field it predates reads as its default). */
export const toFrozenActivity = toStoredActivity;

export const toTransition = (t: Transition): TTransition => ({
  id: t.id.toString(),
  event: ZParticipationEventType.parse(t.event),
  from: ZParticipationState.parse(t.fromState),
  to: ZParticipationState.parse(t.toState),
  actor: t.actorLabel,
  comment: t.comment,
  sectionComments: (t.sectionComments as TTransition['sectionComments']) ?? null,
  at: t.at.toISOString(),
});

export const activityFacts = (a: Activity): TActivityFacts => ({
  title: a.title,
  type: ZActivityType.parse(a.type),
  startsAt: a.startsAt.toISOString(),
  endsAt: a.endsAt.toISOString(),
  audiences: a.audiences.map((x) => ZAudience.parse(x)),
  free: a.free,
  status: ZActivityStatus.parse(a.status),
});

/** What the machine's guards look at, from the stored rows. */
export const contentFacts = (p: TParticipationForEvent): TContentFacts => ({
  plan: { text: p.plan?.text ?? '', activities: p.activities.map(activityFacts) },
  summary: {
    text: p.summary?.text ?? '',
    photoCount: p._count.photos,
    discDelivered: p.summary?.discDelivered ?? false,
    discSent: !!p.summary?.discSentAt,
  },
});

export function toSummary(
  s: {
    text: string;
    activitiesHeld: number;
    participants: number;
    discDelivered: boolean;
    discSentAt: Date | null;
    discNote: string;
    version: number;
    revision: number;
    updatedAt: Date;
  } | null,
): TSummary {
  return {
    text: s?.text ?? '',
    activitiesHeld: s?.activitiesHeld ?? 0,
    participants: s?.participants ?? 0,
    discDelivered: s?.discDelivered ?? false,
    discSentAt: s?.discSentAt?.toISOString() ?? null,
    discNote: s?.discNote ?? '',
    version: s?.version ?? 1,
    revision: s?.revision ?? 1,
    updatedAt: s?.updatedAt.toISOString() ?? null,
  };
}

/** The plan as it is now (an empty draft before the first edit). */
export const toPlan = (plan: Plan | null): TPlan => ({
  leadingBody: plan?.leadingBody ?? '',
  budgetNote: plan?.budgetNote ?? '',
  publicity: plan?.publicity ?? '',
  text: plan?.text ?? '',
  version: plan?.version ?? 1,
  revision: plan?.revision ?? 1,
  updatedAt: plan?.updatedAt.toISOString() ?? null,
});

/** A plan as it was submitted, with the schedule frozen with it. */
export const toPlanRevision = (r: PlanRevision): TPlanRevision => ({
  id: r.id,
  revision: r.revision,
  leadingBody: r.leadingBody,
  budgetNote: r.budgetNote,
  publicity: r.publicity,
  text: r.text,
  activities: (Array.isArray(r.activities) ? r.activities : []).map(toFrozenActivity),
  submittedAt: r.submittedAt.toISOString(),
});

/** A summary as it was submitted, with the photos it had then. */
export const toSummaryRevision = (r: SummaryRevision): TSummaryRevision => ({
  id: r.id,
  revision: r.revision,
  text: r.text,
  activitiesHeld: r.activitiesHeld,
  participants: r.participants,
  discDelivered: r.discDelivered,
  photoIds: r.photoIds,
  submittedAt: r.submittedAt.toISOString(),
});
