import type { TLiveEnvelope, TLiveEventData, TLiveEventType } from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';

/**
 * Where an event belongs: its campaign, its check-in session for check-in events, and the unit of
 * a unit's workflow event (the live feed shows that one only to the unit and the reviewers).
 */
export interface TOutboxScope {
  campaignId: string;
  checkinSessionId?: string;
  unitId?: string;
  /** A check-in event of a load rehearsal's session: for that session's followers only (not stored: its session says so). */
  rehearsal?: boolean;
}

/** A committed event and where it belongs: what is published (its district, its outbox row's, names its rooms). */
export interface TOutboxItem {
  scope: TOutboxScope & { districtId: string };
  envelope: TLiveEnvelope;
}

/** An event to append: its type, where it belongs, its data as LIVE_EVENT_DATA types it, its moment. */
export type TLiveEvent<T extends TLiveEventType = TLiveEventType> = {
  [K in T]: { type: K; scope: TOutboxScope; data: TLiveEventData<K>; at: Date };
}[T];

/** Appends events inside the transactions of one unit of work (LiveEvents.afterCommit). */
export interface TLiveEventSink {
  append(tx: Prisma.TransactionClient, event: TLiveEvent): Promise<void>;
}

/**
 * The live feed as services see it (docs/ARCHITECTURE.md, "The live feed"): an event is written
 * to the outbox inside the transaction that causes it and published once that has committed.
 * Services depend on this port, never on socket.io (SocketLiveEvents is the implementation).
 */
export abstract class LiveEvents {
  /**
   * Runs `work`, whose transactions append their events through the sink; when it resolves (its
   * transactions committed) the events are published, in order; when it throws, none is.
   */
  abstract afterCommit<R>(work: (events: TLiveEventSink) => Promise<R>): Promise<R>;

  /** Publishes events that a statement of their own has committed (the check-in writer's group commit). */
  abstract publishCommitted(items: readonly TOutboxItem[]): void;

  /** Ends every live connection of a revoked ceremony screen, on every instance. */
  abstract disconnectDevice(deviceId: string): Promise<void>;

  /** Ends every live connection of a deactivated unit's users, on every instance (their reconnection is refused). */
  abstract disconnectUnit(unitId: string): Promise<void>;

  /** Ends every live connection of one user (deactivated, or their sessions ended by a reset), on every instance. */
  abstract disconnectUser(userId: string): Promise<void>;
}
