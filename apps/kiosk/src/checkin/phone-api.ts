import type { TApiError, TCheckinPublic, TCreateCheckinRequest, TCreateCheckinResponse } from '@learnweek/contracts';

// The resident's phone page talks to two routes (ROUTES.checkin.publicInfo and .checkIn of
// @learnweek/contracts) with fetch itself: the route table, its schemas and zod are what a
// phone's slow CPU would evaluate before the form works (docs/PERFORMANCE.md, Pages). Types only
// are imported from the contracts, so the answers stay typed by them.

/** An answer of the API: its body, or its error (the server's message is in Chinese: the page asks for it). */
export type TPhoneAnswer<T> =
  { ok: true; status: number; body: T } | { ok: false; status: number; error: TApiError } | { ok: false; status: 0; error: null };

async function request<T>(url: string, init: RequestInit = {}): Promise<TPhoneAnswer<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      headers: { 'Accept-Language': 'zh-CN', ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    });
  } catch {
    return { ok: false, status: 0, error: null };
  }
  const json = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return { ok: true, status: res.status, body: json as T };
  const error =
    json && typeof json === 'object' && 'code' in json
      ? (json as TApiError)
      : { statusCode: res.status, code: 'internal', message: '服务暂时不可用，请稍后重试' };
  return { ok: false, status: res.status, error: error as TApiError };
}

/** GET /api/checkin-sessions/:id/public?s= — the venue, whether it is open, the units. */
export const fetchVenue = (sessionId: string, secret: string) =>
  request<TCheckinPublic>(`/api/checkin-sessions/${encodeURIComponent(sessionId)}/public?s=${encodeURIComponent(secret)}`);

/** POST /api/checkin-sessions/:id/checkins — one person. */
export const postCheckin = (sessionId: string, body: TCreateCheckinRequest) =>
  request<TCreateCheckinResponse>(`/api/checkin-sessions/${encodeURIComponent(sessionId)}/checkins`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
