import { z } from 'zod';
import { ZDeadline, ZDeliverableStatus, ZId, ZInstant, ZParticipationState, ZReviewSection } from '../common/domain.js';
import { page } from '../common/paging.js';
import { ZUnitRef } from '../participation/participation.contract.js';

/**
 * What a unit owes the bureau, one column each of the deadline matrix: the same four sections
 * a reviewer comments on (plan, schedule, summary, photos).
 */
export const ZDeliverable = ZReviewSection;
export type TDeliverable = z.infer<typeof ZDeliverable>;

export const ZDeadlineCell = z.object({ status: ZDeliverableStatus, /** Submitted after the due date. */ late: z.boolean() });
export type TDeadlineCell = z.infer<typeof ZDeadlineCell>;

export const ZDeadlineReminder = z.object({ at: ZInstant, to: z.string(), deadline: ZDeadline });
export type TDeadlineReminder = z.infer<typeof ZDeadlineReminder>;

export const ZDeadlineRow = z.object({
  participationId: ZId,
  unit: ZUnitRef,
  state: ZParticipationState,
  /** Active coordinators who would receive a reminder (0: nobody to remind). */
  coordinators: z.number().int(),
  activities: z.number().int(),
  photos: z.number().int(),
  cells: z.record(ZDeliverable, ZDeadlineCell),
  /** Reminders the unit's coordinators were sent (by the matrix or the scheduler), newest first, at most 5: who, when, of which deadline. */
  reminders: z.array(ZDeadlineReminder),
});
export type TDeadlineRow = z.infer<typeof ZDeadlineRow>;

export const ZDeadlineMatrixResponse = page(ZDeadlineRow).extend({
  dueAt: z.record(ZDeadline, ZInstant),
  /** The deadline reminders are about by default: the summary once the week has ended, else the plan. */
  current: ZDeadline,
});
export type TDeadlineMatrixResponse = z.infer<typeof ZDeadlineMatrixResponse>;

/** Remind the coordinators of units that still owe `deadline`: the ones named, or all of them. */
export const ZSendRemindersRequest = z
  .object({
    deadline: ZDeadline,
    participationIds: z.array(ZId).min(1).max(20_000).optional(),
  })
  .strict();
export type TSendRemindersRequest = z.infer<typeof ZSendRemindersRequest>;

export const ZSendRemindersResponse = z.object({
  /** Units that still owe the deliverable among those asked about. */
  units: z.number().int(),
  /** Notifications created now: one per coordinator per unit per day. */
  notified: z.number().int(),
  /** Coordinators already reminded of this today, not reminded again. */
  alreadyReminded: z.number().int(),
});
export type TSendRemindersResponse = z.infer<typeof ZSendRemindersResponse>;
