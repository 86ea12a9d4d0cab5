import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '@learnweek/contracts';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/**
 * The publishing connection. socket.io's adapter publishes without looking at the answer, and
 * ioredis rejects a command that waited through its retries: during a Redis outage that would be
 * an unhandled rejection, which ends the process. A publish that fails is noted instead; the
 * sockets that missed it catch up from the outbox (`live.resync`).
 */
export class Publisher extends Redis {
  /** Whether a publish was lost since the connection was last ready. */
  lost = false;

  override publish(channel: string | Buffer, message: string | Buffer): Promise<number> {
    return super.publish(channel, message).catch(() => {
      this.lost = true;
      return 0;
    });
  }
}

/**
 * socket.io adapter that shares rooms across API instances through Redis pub/sub (REDIS_URL).
 *
 * After an outage the instances may have missed each other's broadcasts, so the sockets are told
 * to subscribe again from their last seq (`live.resync`): when this instance's subscription is
 * back, its own sockets (it may have missed the others' events); when its publishing connection
 * is back after a lost publish, every instance's sockets (they missed this one's).
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly log = new Logger('live');
  private adapterConstructor?: ReturnType<typeof createAdapter>;
  private clients: Redis[] = [];
  private server?: Server<ClientToServerEvents, ServerToClientEvents>;

  async connectToRedis(url: string) {
    // Every publisher command bounded: a Redis that hangs (SIGSTOP, a full network buffer) answers nothing, so
    // without a timeout a publish or the adapter's PUBSUB NUMSUB (fetchSockets) waits until it is back.
    // The publisher keeps no offline queue: a publish while Redis is away is lost at once (then the
    // sockets catch up from the outbox), not held in memory. The subscriber's queue stays: ioredis
    // sends the subscriptions again through it when Redis is back.
    // The subscriber has no command timeout: under load a timed-out SUBSCRIBE of ioredis's
    // re-subscription after an outage is not tried again, and the instance would hear no other
    // instance's events until restarted (its pings and subscriptions wait for Redis instead).
    const options = { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 2_000 } as const;
    const pub = new Publisher(url, { ...options, commandTimeout: 2_000, enableOfflineQueue: false });
    const sub = new Redis(url, options);
    await Promise.all([pub.connect(), sub.connect()]);
    this.clients = [pub, sub];
    for (const [name, client] of [
      ['publisher', pub],
      ['subscriber', sub],
    ] as const) {
      client.on('error', (err: Error) => this.log.warn(`redis ${name}: ${err.message}`));
    }
    // 'ready' again after a reconnection. ioredis sends the subscriptions again right after this
    // event: a PING sent behind them and answered proves they are in place before the sockets
    // are told to catch up.
    sub.on('ready', () => {
      setImmediate(() => {
        sub.ping().then(
          () => this.resync('local'),
          () => undefined, // down again: the next 'ready' tells them
        );
      });
    });
    pub.on('ready', () => {
      if (!pub.lost) return;
      pub.lost = false;
      this.resync('everywhere');
    });
    this.adapterConstructor = createAdapter(pub, sub);
  }

  private resync(where: 'local' | 'everywhere') {
    const live = this.server?.of(LIVE_NAMESPACE);
    if (!live) return;
    this.log.warn(`redis reconnected: ${where === 'local' ? 'this instance' : 'every instance'} asks its live sockets to catch up`);
    (where === 'local' ? live.local : live).emit('live.resync');
  }

  override createIOServer(port: number, options?: ServerOptions) {
    const server = super.createIOServer(port, options);
    if (this.adapterConstructor) server.adapter(this.adapterConstructor);
    this.server = server;
    return server;
  }

  override async dispose() {
    await super.dispose?.();
    await Promise.all(this.clients.map((c) => c.quit().catch(() => undefined)));
  }
}
