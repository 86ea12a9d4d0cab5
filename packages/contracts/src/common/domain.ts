import { z } from 'zod';

/** The vocabulary of the domain: one string-literal union per idea, shared by every package. */

export const UNIT_KINDS = ['school', 'communityCentre', 'trainingCollege', 'nonDegree', 'publicVenue', 'other'] as const;
export const ZUnitKind = z.enum(UNIT_KINDS);
export type TUnitKind = z.infer<typeof ZUnitKind>;

/**
 * `city`: the city office (an account of a city, in no district): reads every district of its city,
 * writes nothing of a district's (docs/ARCHITECTURE.md, "Tenancy").
 */
export const ROLES = ['organizer', 'approver', 'coordinator', 'checkinStaff', 'city'] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

export const ACTIVITY_TYPES = [
  'lecture',
  'training',
  'visit',
  'forum',
  'openDay',
  'themeDay',
  'reading',
  'volunteer',
  'classMeeting',
  'poster',
  'freeClass',
  'other',
] as const;
export const ZActivityType = z.enum(ACTIVITY_TYPES);
export type TActivityType = z.infer<typeof ZActivityType>;

export const AUDIENCES = [
  'residents',
  'elderly',
  'students',
  'migrantWorkers',
  'zeroEmploymentFamilies',
  'disabled',
  'farmers',
  'workers',
] as const;
export const ZAudience = z.enum(AUDIENCES);
export type TAudience = z.infer<typeof ZAudience>;

/**
 * The public calendar lists an activity for residents unless it is for pupils only: a 主题班会
 * (classMeeting) is held in class, and an activity whose audiences are all `students` (面向：学生) is
 * not open to the public. One with no audience named, or naming any other group, is listed.
 */
export const CLASS_ONLY_TYPES: readonly TActivityType[] = ['classMeeting'];
export const RESIDENT_AUDIENCES: readonly TAudience[] = AUDIENCES.filter((a) => a !== 'students');
export const isOpenToResidents = (a: { type: TActivityType; audiences: readonly TAudience[] }): boolean =>
  !CLASS_ONLY_TYPES.includes(a.type) && (a.audiences.length === 0 || a.audiences.some((x) => RESIDENT_AUDIENCES.includes(x)));

/** The notice's vulnerable groups (困难群体): a community centre's free class must reach one. */
export const VULNERABLE_AUDIENCES: readonly TAudience[] = ['elderly', 'migrantWorkers', 'zeroEmploymentFamilies', 'disabled'];

/** A school's "four ones" (四个一): one activity of each of these types. */
export const FOUR_ONES: readonly TActivityType[] = ['lecture', 'classMeeting', 'poster', 'volunteer'];

export const ACTIVITY_STATUSES = ['planned', 'held', 'cancelled'] as const;
export const ZActivityStatus = z.enum(ACTIVITY_STATUSES);
export type TActivityStatus = z.infer<typeof ZActivityStatus>;

export const CAMPAIGN_STATUSES = ['draft', 'published', 'closed'] as const;
export const ZCampaignStatus = z.enum(CAMPAIGN_STATUSES);
export type TCampaignStatus = z.infer<typeof ZCampaignStatus>;

export const PARTICIPATION_STATES = [
  'invited',
  'drafting',
  'planSubmitted',
  'planReturned',
  'planApproved',
  'weekRunning',
  'summaryDue',
  'summarySubmitted',
  'summaryReturned',
  'reviewed',
] as const;
export const ZParticipationState = z.enum(PARTICIPATION_STATES);
export type TParticipationState = z.infer<typeof ZParticipationState>;

export const PARTICIPATION_EVENTS = [
  'START_DRAFT',
  'SUBMIT_PLAN',
  'WITHDRAW_PLAN',
  'APPROVE_PLAN',
  'RETURN_PLAN',
  'WEEK_STARTED',
  'WEEK_ENDED',
  'SUBMIT_SUMMARY',
  'ACCEPT_SUMMARY',
  'RETURN_SUMMARY',
] as const;
export const ZParticipationEventType = z.enum(PARTICIPATION_EVENTS);
export type TParticipationEventType = z.infer<typeof ZParticipationEventType>;

/** Events a person may send through the API (the others are the scheduler's). */
export const USER_PARTICIPATION_EVENTS = PARTICIPATION_EVENTS.filter(
  (e): e is Exclude<TParticipationEventType, 'WEEK_STARTED' | 'WEEK_ENDED'> => e !== 'WEEK_STARTED' && e !== 'WEEK_ENDED',
);

/** Sections an approver can comment on when returning. */
export const REVIEW_SECTIONS = ['plan', 'schedule', 'summary', 'photos'] as const;
export const ZReviewSection = z.enum(REVIEW_SECTIONS);
export type TReviewSection = z.infer<typeof ZReviewSection>;

export const NOMINATION_KINDS = ['learningStar', 'brandProject'] as const;
export const ZNominationKind = z.enum(NOMINATION_KINDS);
export type TNominationKind = z.infer<typeof ZNominationKind>;

/** An exemplar nomination's workflow (packages/workflow/nomination.machine.ts). */
export const NOMINATION_STATES = ['draft', 'submitted', 'returned', 'shortlisted', 'declined', 'selected', 'published'] as const;
export const ZNominationState = z.enum(NOMINATION_STATES);
export type TNominationState = z.infer<typeof ZNominationState>;
export const NOMINATION_EVENTS = ['SUBMIT', 'WITHDRAW', 'RETURN', 'SHORTLIST', 'DECLINE', 'SELECT', 'PUBLISH'] as const;
export const ZNominationEventType = z.enum(NOMINATION_EVENTS);
export type TNominationEventType = z.infer<typeof ZNominationEventType>;

export const CHECKIN_SOURCES = ['self', 'staff', 'import'] as const;
export const ZCheckinSource = z.enum(CHECKIN_SOURCES);
export type TCheckinSource = z.infer<typeof ZCheckinSource>;

export const LOCALES = ['zh-CN', 'en'] as const;
export const ZLocale = z.enum(LOCALES);
export type TLocale = z.infer<typeof ZLocale>;

export const ZId = z.uuid();
/** An instant on the wire: ISO 8601 with offset. */
export const ZInstant = z.iso.datetime({ offset: true });
export type TInstant = z.infer<typeof ZInstant>;
/** The optimistic-lock version a client read (a PostgreSQL integer: larger values are refused here, not by the database). */
export const ZVersion = z.number().int().min(1).max(2_147_483_647);

/**
 * A deliverable's status, the colour of its cell in the deadline matrix: not open yet (the summary
 * before the week), missing, being drafted, submitted and awaiting review, returned, done, or overdue.
 */
export const DELIVERABLE_STATUSES = ['notOpen', 'missing', 'drafting', 'submitted', 'returned', 'done', 'overdue'] as const;
export const ZDeliverableStatus = z.enum(DELIVERABLE_STATUSES);
export type TDeliverableStatus = z.infer<typeof ZDeliverableStatus>;

/** The two deadlines a reminder can be about: plan and schedule are due together, summary and photos too. */
export const ZDeadline = z.enum(['plan', 'summary']);
export type TDeadline = z.infer<typeof ZDeadline>;
