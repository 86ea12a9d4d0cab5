type TokenStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * A device token that arrives once in the address (`?<param>=…`, the organizer's link): kept in
 * this browser under `key` and taken out of the address bar, so that it no longer shows on the
 * screen, stays in the history or leaves in a Referer, and a reload (or a restart of the browser)
 * still finds it. A new link replaces the kept token. Where storage is refused (a private window),
 * the token stays in the address so that a reload keeps working.
 */
export function takeLinkToken(
  param: string,
  key: string,
  loc: Pick<Location, 'href'> = location,
  storage: TokenStorage = localStorage,
  history: Pick<History, 'state' | 'replaceState'> = window.history,
): string {
  const url = new URL(loc.href);
  const fromLink = url.searchParams.get(param);
  if (fromLink) {
    try {
      storage.setItem(key, fromLink);
    } catch {
      return fromLink;
    }
    url.searchParams.delete(param);
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromLink;
  }
  try {
    return storage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

/** Forgets a kept token (revoked or ended: the next link brings a new one). */
export function forgetLinkToken(key: string, storage: Pick<Storage, 'removeItem'> = localStorage): void {
  try {
    storage.removeItem(key);
  } catch {
    // Nothing kept.
  }
}
