import type { TApiError, TPublicActivities, TPublicExemplars } from '@learnweek/contracts';

// The public pages (no sign-in) read two routes (ROUTES.participations.publicActivities and
// ROUTES.exemplars.published) with fetch itself: the typed client brings the route table, every
// schema and zod, which a phone's slowed CPU would evaluate before the page shows anything
// (docs/PERFORMANCE.md, Pages). The answers stay typed by the contracts (types only).

async function get<T>(url: string, locale: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { 'Accept-Language': locale } });
  } catch {
    throw new Error(locale === 'en' ? 'The network is not available; try again later' : '网络不通，请稍后刷新');
  }
  const json = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) throw new Error((json as Partial<TApiError> | null)?.message ?? `HTTP ${res.status}`);
  return json as T;
}

export const publicActivities = (campaignId: string, query: { town?: string; free?: boolean }, locale: string) => {
  const q = new URLSearchParams({ ...(query.town ? { town: query.town } : {}), ...(query.free ? { free: 'true' } : {}) }).toString();
  return get<TPublicActivities>(`/api/public/campaigns/${encodeURIComponent(campaignId)}/activities${q ? `?${q}` : ''}`, locale);
};

export const publicExemplars = (campaignId: string, locale: string) => get<TPublicExemplars>(`/api/public/campaigns/${encodeURIComponent(campaignId)}/exemplars`, locale);
