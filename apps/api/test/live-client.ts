import type { ClientToServerEvents, ServerToClientEvents, TLiveEnvelope, TSubscribeReply, TSubscribeRequest } from '@learnweek/contracts';
import { io, type Socket } from 'socket.io-client';

export type TLiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A socket on the live feed of the app at `base` (`http://127.0.0.1:<port>`), connected, recording
 * every event it receives in order; no reconnection, so a refused or dropped socket stays so.
 */
export async function follow(base: string, auth: { token: string } | { kioskToken: string }) {
  const socket: TLiveSocket = io(`${base}/live`, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  const received: TLiveEnvelope[] = [];
  const waiting: { pred: (e: TLiveEnvelope) => boolean; resolve: (e: TLiveEnvelope) => void }[] = [];
  socket.onAny((_event: string, envelope: TLiveEnvelope) => {
    received.push(envelope);
    for (const w of waiting.filter((x) => x.pred(envelope))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(envelope);
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return {
    socket,
    received,
    subscribe: (req: TSubscribeRequest) => socket.emitWithAck('subscribe', req) as Promise<TSubscribeReply>,
    /** Resolves when a matching event has arrived (the test's timeout bounds the wait). */
    until: (pred: (e: TLiveEnvelope) => boolean) =>
      new Promise<TLiveEnvelope>((resolve) => {
        const found = received.find(pred);
        if (found) resolve(found);
        else waiting.push({ pred, resolve });
      }),
  };
}
export type TLiveFollower = Awaited<ReturnType<typeof follow>>;
