import { z } from 'zod';
import { ZId, ZInstant } from '../common/domain.js';
import { page } from '../common/paging.js';

export const ZNotification = z.object({
  id: ZId,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  participationId: ZId.nullable(),
  /** The campaign it is about: every notice names it. */
  campaignTitle: z.string().nullable(),
  readAt: ZInstant.nullable(),
  createdAt: ZInstant,
});
export type TNotification = z.infer<typeof ZNotification>;
export const ZListNotificationsResponse = page(ZNotification).extend({ unread: z.number().int() });
export type TListNotificationsResponse = z.infer<typeof ZListNotificationsResponse>;
