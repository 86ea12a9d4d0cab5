import type { TApiError } from '@learnweek/contracts';

/** An API answer other than 2xx, with the server's message already in the user's language. */
export class ApiError extends Error {
  constructor(readonly body: TApiError) {
    super(body.message);
  }
}

export interface HttpOptions {
  token: () => string | null;
  locale: () => string;
  onUnauthorized: () => void;
}

let options: HttpOptions = { token: () => null, locale: () => 'zh-CN', onUnauthorized: () => undefined };
export const configureHttp = (o: HttpOptions) => {
  options = o;
};

/** fetch against /api with the bearer token and the user's language; typed by the caller's contract type. */
export async function http<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'Accept-Language': options.locale() };
  const token = options.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return undefined as T;
  const json: unknown = await res.json().catch(() => ({ statusCode: res.status, code: 'internal', message: res.statusText }));
  if (!res.ok) {
    if (res.status === 401 && token) options.onUnauthorized();
    throw new ApiError(json as TApiError);
  }
  return json as T;
}
