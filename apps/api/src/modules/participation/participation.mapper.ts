import {
  ZActivityStatus,
  ZActivityType,
  ZAudience,
  ZParticipationEventType,
  ZParticipationState,
  ZPhotoDateCheck,
  ZUnitKind,
  type TActivity,
  type TPhoto,
  type TSummary,
  type TParticipationListItem,
  type TTransition,
  type TUnitRef,
} from '@learnweek/contracts';
import type { FileUrls } from '../../core/storage/file-urls.js';
import type { Activity, Participation, Town, Transition, Unit } from '@learnweek/db';
import type { TActivityFacts, TContentFacts } from '@learnweek/workflow';
import type { TParticipationForEvent } from './participation.repository.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toUnitRef = (u: Unit & { town: Town }): TUnitRef => ({ id: u.id, code: u.code, name: u.name, kind: ZUnitKind.parse(u.kind), town: u.town.name });

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
  heldAt: iso(a.heldAt),
});

/** A frozen revision stores activities as they were serialised from their rows. */
export const toFrozenActivity = (raw: unknown): TActivity => {
  const a = raw as Record<string, unknown>;
  const d = (k: string) => new Date(a[k] as string);
  return toActivity({ ...(a as unknown as Activity), startsAt: d('startsAt'), endsAt: d('endsAt'), heldAt: a.heldAt ? d('heldAt') : null });
};

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
  summary: { text: p.summary?.text ?? '', photoCount: p._count.photos, discDelivered: p.summary?.discDelivered ?? false },
});

export function toSummary(s: { text: string; activitiesHeld: number; participants: number; discDelivered: boolean; revision: number; updatedAt: Date } | null): TSummary {
  return {
    text: s?.text ?? '',
    activitiesHeld: s?.activitiesHeld ?? 0,
    participants: s?.participants ?? 0,
    discDelivered: s?.discDelivered ?? false,
    revision: s?.revision ?? 1,
    updatedAt: s?.updatedAt.toISOString() ?? null,
  };
}

/** A summary photo with signed links to its served copies. */
export function toPhoto(
  ph: { id: string; fileId: string; activityId: string | null; caption: string; dateCheck: string; file: { width: number | null; height: number | null; takenAt: Date | null } },
  urls: FileUrls,
): TPhoto {
  return {
    id: ph.id,
    activityId: ph.activityId,
    caption: ph.caption,
    dateCheck: ZPhotoDateCheck.parse(ph.dateCheck),
    width: ph.file.width,
    height: ph.file.height,
    takenAt: ph.file.takenAt?.toISOString() ?? null,
    url: urls.url(ph.fileId, 'web'),
    thumbUrl: urls.url(ph.fileId, 'thumb'),
  };
}
