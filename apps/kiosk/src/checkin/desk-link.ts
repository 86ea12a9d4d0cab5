import { connectLive } from '@learnweek/client';
import type { THeartbeat } from '@learnweek/contracts';
import { forgetLinkToken, takeLinkToken } from '../link-token';
import { sendHeartbeats } from '../presence';

/**
 * A desk opened from the organizer's desk link (`/kiosk/checkin/<session>?d=…`): its token stands
 * in for the staff sign-in (it checks people in at that venue only, until the ceremony days end),
 * kept per session in this browser so that a reload or the installed app finds it again.
 */
export interface TDeskLink {
  /** The desk link's token, or null: the desk signs in with a staff account. */
  readonly token: string | null;
  /** The link was revoked or has ended: forget it (the desk falls back to the staff sign-in). */
  forget(): void;
  /** Sends the desk's heartbeats (its queue, its last sync) while the page is open; returns a stop. */
  heartbeat(extra: () => Omit<THeartbeat, 'version'>): () => void;
}

export function deskLink(sessionId: string): TDeskLink {
  const key = `learnweek.deskLink.${sessionId}`;
  const token = takeLinkToken('d', key) || null;
  return {
    token,
    forget: () => forgetLinkToken(key),
    heartbeat(extra) {
      if (!token) return () => undefined;
      const socket = connectLive({ kioskToken: token });
      const stop = sendHeartbeats(socket, extra);
      return () => {
        stop();
        socket.close();
      };
    },
  };
}
