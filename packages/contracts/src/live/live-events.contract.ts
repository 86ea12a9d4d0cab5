import { z } from 'zod';
import type { THeartbeat, THeartbeatReply } from './presence.contract.js';
import {
  ZActivityType,
  ZId,
  ZInstant,
  ZNominationEventType,
  ZNominationKind,
  ZNominationState,
  ZParticipationEventType,
  ZParticipationState,
  ZUnitKind,
} from '../common/domain.js';

/**
 * The live feed (socket.io namespace `/live`). Every event is written to the outbox in the
 * transaction that caused it; `seq` is the outbox's global sequence. To add an event: a
 * schema in LIVE_EVENT_DATA, write it from a service through the outbox, and a test that
 * a subscriber receives it.
 */
export const LIVE_NAMESPACE = '/live';

export const LIVE_EVENT_DATA = {
  'participation.transitioned': z.object({
    participationId: ZId,
    unitId: ZId,
    unitName: z.string(),
    unitKind: ZUnitKind,
    town: z.string(),
    event: ZParticipationEventType,
    from: ZParticipationState,
    to: ZParticipationState,
    version: z.number().int(),
  }),
  'nomination.transitioned': z.object({
    nominationId: ZId,
    kind: ZNominationKind,
    name: z.string(),
    unitName: z.string(),
    event: ZNominationEventType,
    from: ZNominationState,
    to: ZNominationState,
  }),
  /**
   * A nomination published (公布), for the ceremony walls' exemplar panel: an event of its own (the
   * walls follow this type; they never read a step's data to find the one that concerns them).
   */
  'exemplar.published': z.object({
    nominationId: ZId,
    kind: ZNominationKind,
    name: z.string(),
    unitName: z.string(),
  }),
  'activity.held': z.object({
    activityId: ZId,
    participationId: ZId,
    unitName: z.string(),
    town: z.string(),
    title: z.string(),
    type: ZActivityType,
    actualParticipants: z.number().int(),
  }),
  'checkin.created': z.object({
    checkinId: ZId,
    sessionId: ZId,
    /** Already masked on the server (张*艳): screens never receive a full name. */
    maskedName: z.string(),
    unitName: z.string().nullable(),
    town: z.string().nullable(),
    isResident: z.boolean(),
    /**
     * The session's total with this check-in (absolute, so a replayed or late event cannot
     * double-count): a wall needs no `checkin.stats`, one event per check-in reaches it.
     */
    total: z.number().int(),
  }),
  /** A session's total after a group of check-ins: for the console and the session's followers, not the walls. */
  'checkin.stats': z.object({
    sessionId: ZId,
    total: z.number().int(),
  }),
} as const;

export type TLiveEventType = keyof typeof LIVE_EVENT_DATA;
export const LIVE_EVENT_TYPES = Object.keys(LIVE_EVENT_DATA) as TLiveEventType[];
export type TLiveEventData<T extends TLiveEventType> = z.infer<(typeof LIVE_EVENT_DATA)[T]>;

export type TLiveEnvelope<T extends TLiveEventType = TLiveEventType> = {
  [K in T]: { seq: number; type: K; at: string; data: TLiveEventData<K> };
}[T];

export const ZLiveEnvelope = z.object({ seq: z.number().int(), type: z.enum(LIVE_EVENT_TYPES), at: ZInstant, data: z.unknown() });

export const ZSubscribeRequest = z.union([
  z.object({ campaignId: ZId, sinceSeq: z.number().int().min(0).optional() }).strict(),
  z.object({ checkinSessionId: ZId, sinceSeq: z.number().int().min(0).optional() }).strict(),
]);
export type TSubscribeRequest = z.infer<typeof ZSubscribeRequest>;

/**
 * The answer to `subscribe`. `lastSeq` is how far the replay looked (or the feed's position when
 * no `sinceSeq` was given): the next subscribe starts there. `more`: the replay stopped at its
 * limit, subscribe again from `lastSeq` for the rest. A refused subscription joins nothing;
 * `unavailable` (the database did not answer): subscribe again a little later. The handshake
 * refuses with the `connect_error` message `unauthorized`, or `unavailable` (connect again later).
 * `resyncNeeded`: no replay brings the client up to date — `sinceSeq` is older than what the outbox
 * keeps (its retention), more events are missed than a replay serves, or the socket (or its
 * principal) has replayed its share for now: it redraws from REST, then follows from `lastSeq` (the
 * stream is on). A socket follows one campaign and one check-in session: a subscribe to another
 * replaces the one of its kind. `rateLimited` (too many subscribes from this socket or principal) and
 * `tooManySubscriptions` (the principal follows too much at once): subscribe again after `retryAfterMs`.
 */
export type TSubscribeReply =
  | { ok: true; replayed: number; lastSeq: number; more: boolean; resyncNeeded?: true }
  | { ok: false; replayed: 0; lastSeq: number; error: 'badRequest' | 'unauthorized' | 'forbidden' | 'notFound' | 'unavailable' }
  | { ok: false; replayed: 0; lastSeq: number; error: 'rateLimited' | 'tooManySubscriptions'; retryAfterMs: number };

export type ServerToClientEvents = { [K in TLiveEventType]: (envelope: TLiveEnvelope<K>) => void } & {
  'live.error': (error: { code: string; message: string }) => void;
  /**
   * This instance may have missed broadcasts (its link to the other instances came back after an
   * outage): subscribe again with the last seq seen, the replay brings what was missed.
   */
  'live.resync': () => void;
};

export interface ClientToServerEvents {
  subscribe: (request: TSubscribeRequest, ack?: (reply: TSubscribeReply) => void) => void;
  /** A screen's or a desk's presence (presence.contract.ts). */
  heartbeat: (beat: THeartbeat, ack?: (reply: THeartbeatReply) => void) => void;
}
