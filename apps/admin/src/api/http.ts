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

function authHeaders(): Record<string, string> {
  const headers: Record<string, string> = { 'Accept-Language': options.locale() };
  const token = options.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

/** The error of a non-2xx answer; a 401 with a token also ends the sign-in. */
function failure(status: number, json: unknown, statusText: string): ApiError {
  if (status === 401 && options.token()) options.onUnauthorized();
  return new ApiError((json ?? { statusCode: status, code: 'internal', message: statusText }) as TApiError);
}

/** fetch against /api with the bearer token and the user's language; typed by the caller's contract type. */
export async function http<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers = authHeaders();
  const raw = body instanceof Blob;
  if (body !== undefined) headers['Content-Type'] = raw ? body.type : 'application/json';
  const res = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : raw ? body : JSON.stringify(body) });
  if (res.status === 204) return undefined as T;
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) throw failure(res.status, json, res.statusText);
  return json as T;
}

/**
 * Downloads a file the API serves to signed-in users, under the name the server gives;
 * `onProgress` hears the bytes received so far (streamed exports have no length to count down).
 */
export async function download(path: string, onProgress?: (bytes: number) => void): Promise<void> {
  const res = await fetch(`/api${path}`, { headers: authHeaders() });
  if (!res.ok) throw failure(res.status, await res.json().catch(() => null), res.statusText);
  const name = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('Content-Disposition') ?? '')?.[1];
  const chunks: BlobPart[] = [];
  let bytes = 0;
  const reader = res.body!.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    chunks.push(r.value);
    bytes += r.value.byteLength;
    onProgress?.(bytes);
  }
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob(chunks, { type: res.headers.get('Content-Type') ?? '' }));
  a.download = name ? decodeURIComponent(name) : 'download';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** A multipart upload with progress (fetch cannot report upload progress; XMLHttpRequest can). */
export function upload<T>(path: string, form: FormData, onProgress: (percent: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      let json: unknown = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON: an error without a body */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(json as T);
      else reject(failure(xhr.status, json, xhr.statusText));
    };
    xhr.onerror = () => reject(new Error('network'));
    xhr.send(form);
  });
}
