import type { TApiError, TCampaignNotice, TPublicActivities, TPublicExemplars } from '@learnweek/contracts';

// The public pages (no sign-in) read two routes (ROUTES.participations.publicActivities and
// ROUTES.exemplars.published) with fetch itself: the typed client brings the route table, every
// schema and zod, which a phone's slowed CPU would evaluate before the page shows anything
// (docs/PERFORMANCE.md, Pages). The answers stay typed by the contracts (types only).
// Without Vue: the entry (main.ts) imports this module to ask for a page's first answer early.

export type TPublicPageKind = 'calendar' | 'exemplars' | 'notice';

/** The public page a path opens (/admin/calendar/<id>, /admin/exemplars/<id>, /admin/notice/<id>), if it is one. */
export function publicPageOf(pathname: string): { kind: TPublicPageKind; campaignId: string } | null {
  const [, kind, campaignId] = /^\/admin\/(calendar|exemplars|notice)\/([0-9a-f-]{36})?/.exec(pathname) ?? [];
  return kind ? { kind: kind as TPublicPageKind, campaignId: campaignId ?? '' } : null;
}

const activitiesUrl = (campaignId: string, query: { town?: string; free?: boolean }) => {
  const q = new URLSearchParams({ ...(query.town ? { town: query.town } : {}), ...(query.free ? { free: 'true' } : {}) }).toString();
  return `/api/public/campaigns/${encodeURIComponent(campaignId)}/activities${q ? `?${q}` : ''}`;
};
const exemplarsUrl = (campaignId: string) => `/api/public/campaigns/${encodeURIComponent(campaignId)}/exemplars`;
const noticeUrl = (campaignId: string) => `/api/public/campaigns/${encodeURIComponent(campaignId)}/notice`;
/** The notice as Word (its attachment, the activity schedule, inside). */
export const noticeDocxUrl = (campaignId: string) => `${noticeUrl(campaignId)}.docx`;
/** The notice as PDF, to read in the browser. */
export const noticePdfUrl = (campaignId: string) => `${noticeUrl(campaignId)}.pdf`;

/** Requests started before the page's scripts were there (prefetchPublic), each taken once. */
const early = new Map<string, Promise<Response>>();
const send = (url: string, locale: string) => fetch(url, { headers: { 'Accept-Language': locale } });

/**
 * Asks for a public page's first answer (no filters, the stored language) as the entry starts,
 * beside the page's scripts rather than after them: the page takes it when it mounts.
 */
export function prefetchPublic(page: { kind: TPublicPageKind; campaignId: string }, locale: string) {
  const url = {
    calendar: activitiesUrl(page.campaignId, {}),
    exemplars: exemplarsUrl(page.campaignId),
    notice: noticeUrl(page.campaignId),
  }[page.kind];
  const response = send(url, locale);
  response.catch(() => undefined); // refused again, and reported, when the page takes it
  early.set(`${locale} ${url}`, response);
}

async function get<T>(url: string, locale: string): Promise<T> {
  let res: Response;
  const started = early.get(`${locale} ${url}`);
  early.delete(`${locale} ${url}`);
  try {
    res = await (started ?? send(url, locale));
  } catch {
    throw new Error(locale === 'en' ? 'The network is not available; try again later' : '网络不通，请稍后刷新');
  }
  const json = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) throw new Error((json as Partial<TApiError> | null)?.message ?? `HTTP ${res.status}`);
  return json as T;
}

export const publicActivities = (campaignId: string, query: { town?: string; free?: boolean }, locale: string) =>
  get<TPublicActivities>(activitiesUrl(campaignId, query), locale);

export const publicExemplars = (campaignId: string, locale: string) => get<TPublicExemplars>(exemplarsUrl(campaignId), locale);

export const publicNotice = (campaignId: string, locale: string) => get<TCampaignNotice>(noticeUrl(campaignId), locale);
