import type { TLocale, TLoginResponse, TSessionUser } from '@learnweek/contracts';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { STORED_LOCALE } from '../locales';

const KEY = 'learnweek.session';

/** Who is signed in; the token lives in sessionStorage and expires with the server's. */
export const useSessionStore = defineStore('session', () => {
  const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { token: string; expiresAt: string; user: TSessionUser } | null;
  const token = ref<string | null>(saved && Date.parse(saved.expiresAt) > Date.now() ? saved.token : null);
  const user = ref<TSessionUser | null>(token.value ? (saved?.user ?? null) : null);
  const locale = ref<TLocale>((localStorage.getItem(STORED_LOCALE) as TLocale | null) ?? 'zh-CN');

  const isReviewer = computed(() => !!user.value?.roles.some((r) => r === 'organizer' || r === 'approver'));
  const isOrganizer = computed(() => !!user.value?.roles.includes('organizer'));
  const isCoordinator = computed(() => !!user.value?.roles.includes('coordinator'));
  /** The city office: reads its districts' board, nothing else (docs/ARCHITECTURE.md, "Tenancy"). */
  const isCity = computed(() => !!user.value?.roles.includes('city'));

  /** Keeps the sign-in the server answered (the sign-in page asks for it). */
  function signIn(r: TLoginResponse) {
    token.value = r.accessToken;
    user.value = r.user;
    sessionStorage.setItem(KEY, JSON.stringify({ token: r.accessToken, expiresAt: r.expiresAt, user: r.user }));
  }

  function logout() {
    token.value = null;
    user.value = null;
    sessionStorage.removeItem(KEY);
  }

  function setLocale(l: TLocale) {
    locale.value = l;
    localStorage.setItem(STORED_LOCALE, l);
  }

  return { token, user, locale, isReviewer, isOrganizer, isCoordinator, isCity, signIn, logout, setLocale };
});
