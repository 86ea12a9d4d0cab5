import { Injectable } from '@nestjs/common';
import { LiveGateway } from './live.gateway.js';
import { LiveEvents, type TLiveEventSink, type TOutboxItem } from './live-events.js';
import { OutboxRepository } from './outbox.repository.js';

/** LiveEvents over the outbox and the socket.io gateway. */
@Injectable()
export class SocketLiveEvents extends LiveEvents {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly gateway: LiveGateway,
  ) {
    super();
  }

  async afterCommit<R>(work: (events: TLiveEventSink) => Promise<R>): Promise<R> {
    const appended: TOutboxItem[] = [];
    const result = await work({ append: async (tx, event) => void appended.push(await this.outbox.append(tx, event)) });
    this.gateway.publish(appended);
    return result;
  }

  publishCommitted(items: readonly TOutboxItem[]): void {
    this.gateway.publish(items);
  }

  disconnectDevice(deviceId: string): Promise<void> {
    return this.gateway.disconnectDevice(deviceId);
  }

  disconnectUnit(unitId: string): Promise<void> {
    return this.gateway.disconnectUnit(unitId);
  }

  disconnectUser(userId: string): Promise<void> {
    return this.gateway.disconnectUser(userId);
  }
}
