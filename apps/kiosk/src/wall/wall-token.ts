import { takeLinkToken } from '../link-token';

/** Where the wall keeps its device token in this browser. */
export const WALL_TOKEN_KEY = 'learnweek.wallToken';

/** The wall's device token: the organizer's link carries it once (`/kiosk/?token=…`), see takeLinkToken. */
export const takeWallToken = (
  loc: Pick<Location, 'href'> = location,
  storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage,
  history: Pick<History, 'state' | 'replaceState'> = window.history,
): string => takeLinkToken('token', WALL_TOKEN_KEY, loc, storage, history);
