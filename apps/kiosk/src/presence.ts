import type { TLiveSocket } from '@learnweek/client';
import { DEVICE_HEARTBEAT_MS, type THeartbeat } from '@learnweek/contracts';
import { version } from '../package.json';

/**
 * The heartbeat of a ceremony screen or a desk (the console's control room shows it online, its
 * queue and its version): on every (re)connection of its live socket and every
 * DEVICE_HEARTBEAT_MS. `extra` adds what a desk knows (its queue, its last sync). Returns a stop.
 */
export function sendHeartbeats(socket: TLiveSocket, extra: () => Omit<THeartbeat, 'version'> = () => ({})): () => void {
  const send = () => {
    if (socket.connected) socket.emit('heartbeat', { version, ...extra() });
  };
  socket.on('connect', send);
  send();
  const timer = setInterval(send, DEVICE_HEARTBEAT_MS);
  return () => {
    clearInterval(timer);
    socket.off('connect', send);
  };
}
