/** Where the wall keeps its device token in this browser. */
export const WALL_TOKEN_KEY = 'learnweek.wallToken';

type TokenStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * The wall's device token. The organizer's link carries it once (`/kiosk/?token=…`); the wall keeps
 * it in this browser and takes it out of the address bar, so that it no longer shows on the screen,
 * stays in the history or leaves in a Referer, and a reload (or a restart of the browser) still
 * finds it. A new link replaces the kept token. Where storage is refused (a private window), the
 * token stays in the address so that a reload keeps working.
 */
export function takeWallToken(loc: Pick<Location, 'href'> = location, storage: TokenStorage = localStorage, history: Pick<History, 'state' | 'replaceState'> = window.history): string {
  const url = new URL(loc.href);
  const fromLink = url.searchParams.get('token');
  if (fromLink) {
    try {
      storage.setItem(WALL_TOKEN_KEY, fromLink);
    } catch {
      return fromLink;
    }
    url.searchParams.delete('token');
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromLink;
  }
  try {
    return storage.getItem(WALL_TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}
