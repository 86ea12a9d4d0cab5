import type { TCheckinPublic, TCheckinWindow } from '@learnweek/contracts';

/** What the phone page says instead of its form when check-in is not open now (residents' words). */
export interface TNotice {
  title: string;
  text: string;
}

/** China wall-clock time as a resident reads it: 10月25日 08:30. */
export function chinaTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** The notice for a window other than `open`, or null when the form is to be shown. */
export function noticeOf(info: Pick<TCheckinPublic, 'window' | 'opensAt' | 'closesAt'>): TNotice | null {
  const notices: Record<Exclude<TCheckinWindow, 'open'>, TNotice> = {
    upcoming: { title: '签到尚未开始', text: `签到将于 ${chinaTime(info.opensAt)} 开始，届时本页会自动打开签到表。` },
    ended: { title: '本场签到已结束', text: `签到已于 ${chinaTime(info.closesAt)} 结束，感谢您的到来。` },
    campaignClosed: { title: '本届推进周已圆满结束', text: '感谢您的参与和关注，期待下次相见！' },
    notPublished: { title: '签到尚未开放', text: '活动还在筹备中，请以现场通知为准。' },
  };
  return info.window === 'open' ? null : notices[info.window];
}

/** When an `upcoming` page should look again: at the opening by the server's clock (the phone's may be wrong), in ms from now. */
export const msUntilOpen = (info: Pick<TCheckinPublic, 'opensAt' | 'now'>): number =>
  Math.max(0, Date.parse(info.opensAt) - Date.parse(info.now));

/** The people this phone has checked in at a session, as their names were typed here (a family shares a phone). */
export function checkedInHere(storage: Storage, sessionId: string): string[] {
  const raw = storage.getItem(`learnweek.checked.${sessionId}`);
  if (!raw) return [];
  try {
    const names = JSON.parse(raw) as unknown;
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : ['本机'];
  } catch {
    // Kept by an earlier version of the page: a moment, not names.
    return ['本机'];
  }
}

export function rememberCheckedIn(storage: Storage, sessionId: string, name: string): string[] {
  const names = [...new Set([...checkedInHere(storage, sessionId).filter((n) => n !== '本机'), name])];
  storage.setItem(`learnweek.checked.${sessionId}`, JSON.stringify(names));
  return names;
}
