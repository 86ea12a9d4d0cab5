import { ApiError, createApi } from '@learnweek/client';
import { ROUTES, type THeartbeat } from '@learnweek/contracts';
import { ref } from 'vue';
import { deskLink } from './desk-link';

const STAFF_TOKEN = 'learnweek.staff';

/**
 * Who the desk works as: a staff sign-in (kept for the tab), or the organizer's desk link, which
 * needs none (desk-link.ts). The API client (@learnweek/client) speaks Chinese, as the page does,
 * whatever the device's language. A 401 to the desk's token ends the sign-in: `signInAgain` says
 * why (expired; or the desk link ended — revoked, or past the ceremony days — whose volunteer has no
 * account, so staff sign in to send what waits) and the login form comes back; the queue keeps
 * what waits.
 */
export function useDeskSignIn(sessionId: string, storage: Storage = sessionStorage) {
  const desk = deskLink(sessionId);
  const token = ref<string | null>(desk.token ?? storage.getItem(STAFF_TOKEN));
  const signInAgain = ref<'' | 'expired' | 'linkEnded'>('');
  let stopHeartbeats: () => void = () => undefined;

  const api = createApi({
    token: () => token.value,
    onUnauthorized: () => {
      const viaLink = desk.token !== null && token.value === desk.token;
      if (viaLink) {
        stopHeartbeats();
        desk.forget();
      }
      token.value = null;
      signInAgain.value = viaLink ? 'linkEnded' : 'expired';
      storage.removeItem(STAFF_TOKEN);
    },
  });

  /** Signs the staff in; the error to show, or null. */
  async function signIn(credentials: { username: string; password: string }): Promise<string | null> {
    try {
      const { accessToken } = await api.call(ROUTES.auth.login, { body: { ...credentials } });
      token.value = accessToken;
      signInAgain.value = '';
      storage.setItem(STAFF_TOKEN, accessToken);
      return null;
    } catch (err) {
      return err instanceof ApiError ? err.message : '网络不通，请联网后登录';
    }
  }

  /** A desk opened from a desk link tells the organizer how it is doing (its queue, its last sync) while open. */
  function heartbeat(extra: () => Omit<THeartbeat, 'version'>) {
    stopHeartbeats = desk.heartbeat(extra);
    return () => stopHeartbeats();
  }

  return { api, token, signInAgain, signIn, heartbeat };
}
