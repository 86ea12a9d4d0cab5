import {
  checkResponse,
  MEDIA,
  ZApiError,
  type TBody,
  type TEndpoint,
  type TParams,
  type TQuery,
  type TResponse,
  type TUploadFields,
} from '@learnweek/contracts';
import { ApiError, NetworkError } from './errors.js';

export interface TApiOptions {
  /** Where the API is mounted (default `/api`). */
  baseUrl?: string;
  /** The bearer token: a person's or a screen's; null when signed out. */
  token?: () => string | null;
  /** The language the server's messages should be in (`Accept-Language`; default zh-CN). */
  locale?: () => string;
  /** A 401 to a request that carried a token: the sign-in has ended. */
  onUnauthorized?: () => void;
  /** Checks every answer against the route's declaration (for tests: a mismatch throws). */
  checkResponses?: boolean;
  fetch?: typeof fetch;
}

type TNone = Record<never, never>;
type TIsNever<T> = [T] extends [never] ? true : false;
/** One object type instead of an intersection (what an editor shows). */
type TFlat<T> = { [K in keyof T]: T[K] };

/** A route answered with JSON (or nothing); routes that give a file are for `download`. */
export type TJsonRoute = TEndpoint & { produces?: undefined };
/** A route that gives a file. */
export type TFileRoute = TEndpoint & { produces: string };
/** A route that takes a file. */
export type TUploadRoute = TJsonRoute & { upload: NonNullable<TEndpoint['upload']> };

/** The body a client sends: the route's JSON, the .xlsx itself, or the multipart file beside its text fields. */
export type TRequestBody<R> = R extends { body: object }
  ? TBody<R>
  : R extends { upload: { kind: 'xlsx' } }
    ? Blob
    : R extends { upload: { kind: 'multipart' } }
      ? { file: Blob } & (TIsNever<TUploadFields<R>> extends true ? TNone : TUploadFields<R>)
      : never;

/** What a call carries, each part only where the route has it: `{ params, query, body }`. */
export type TCallInput<R extends TEndpoint> = TFlat<
  (TIsNever<keyof TParams<R>> extends true ? TNone : { params: TParams<R> }) &
    (TIsNever<TQuery<R>> extends true ? TNone : TNone extends TQuery<R> ? { query?: TQuery<R> } : { query: TQuery<R> }) &
    (TIsNever<TRequestBody<R>> extends true ? TNone : { body: TRequestBody<R> })
>;

/** The input argument: optional when the route needs none of its parts. */
type TArgs<R extends TEndpoint> = TNone extends TCallInput<R> ? [input?: TCallInput<R>] : [input: TCallInput<R>];

interface TLooseInput {
  params?: Record<string, string>;
  query?: object;
  body?: unknown;
}

/** Query values as the API reads them; absent, null and empty ones are left out. */
function queryString(query: object | undefined): string {
  const pairs = Object.entries(query ?? {}).flatMap(([k, v]: [string, unknown]) =>
    v === undefined || v === null || v === '' ? [] : [[k, String(v as string | number | boolean)]],
  );
  return new URLSearchParams(pairs).toString();
}

/** `filename*=UTF-8''…` (what the API sends), else `filename="…"`. */
function filenameOf(disposition: string | null): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (star) return decodeURIComponent(star);
  return /filename="?([^";]+)"?/i.exec(disposition ?? '')?.[1] ?? 'download';
}

function retryAfterOf(header: string | null): number | undefined {
  const seconds = header === null || header.trim() === '' ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null; // not JSON: an answer without a body, or a proxy's page
  }
};

/**
 * The typed client of the REST surface: `api.call(ROUTES.participations.updatePlan, { params: { id }, body })`
 * is typed by the declaration (params from the path, query, body, answer). JSON in and out; the
 * .xlsx itself or a multipart form for upload routes; `download` for routes that give a file.
 */
export function createApi(options: TApiOptions = {}) {
  const {
    baseUrl = '/api',
    token = () => null,
    locale = () => 'zh-CN',
    onUnauthorized = () => undefined,
    checkResponses = false,
  } = options;
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  function urlOf(route: TEndpoint, input: TLooseInput): string {
    const path = route.path.replace(/:(\w+)/g, (_, name: string) => {
      const value = input.params?.[name];
      if (value === undefined) throw new Error(`${route.method.toUpperCase()} ${route.path}: no value for :${name}`);
      return encodeURIComponent(value);
    });
    const query = queryString(input.query);
    return `${baseUrl}${path}${query ? `?${query}` : ''}`;
  }

  function headers(): Record<string, string> {
    const out: Record<string, string> = { 'Accept-Language': locale() };
    const t = token();
    if (t) out.Authorization = `Bearer ${t}`;
    return out;
  }

  /** The request body and its Content-Type (none for multipart: the browser adds the boundary). */
  function encode(route: TEndpoint, body: unknown): { body?: BodyInit; type?: string } {
    if (route.body) return { body: JSON.stringify(body), type: MEDIA.json };
    if (route.upload?.kind === 'xlsx') return { body: body as Blob, type: MEDIA.xlsx };
    if (route.upload?.kind === 'multipart') {
      const { file, ...fields } = body as { file: Blob } & Record<string, unknown>;
      const form = new FormData();
      form.append('file', file, file instanceof File ? file.name : 'file');
      for (const [k, v] of Object.entries(fields))
        if (v !== undefined && v !== null) form.append(k, String(v as string | number | boolean));
      return { body: form };
    }
    return {};
  }

  /** The error of a non-2xx answer; a 401 to a request with a token also ends the sign-in. */
  function failure(route: TEndpoint, status: number, json: unknown, statusText: string, retryAfter: string | null): ApiError {
    if (checkResponses) checkResponse(route, status, json);
    if (status === 401 && token()) onUnauthorized();
    const parsed = ZApiError.safeParse(json);
    const body = parsed.success ? parsed.data : { statusCode: status, code: 'internal', message: statusText || `HTTP ${status}` };
    return new ApiError(status, body, retryAfterOf(retryAfter));
  }

  function answer<R extends TEndpoint>(route: R, status: number, text: string): TResponse<R> {
    const json = status === 204 || text === '' ? undefined : parseJson(text);
    if (checkResponses) checkResponse(route, status, json);
    return json as TResponse<R>;
  }

  function request(route: TEndpoint, input: TLooseInput = {}): Promise<Response> {
    const { body, type } = encode(route, input.body);
    const h = headers();
    if (type) h['Content-Type'] = type;
    const url = urlOf(route, input);
    return fetchImpl(url, { method: route.method.toUpperCase(), headers: h, body }).catch((err: unknown) => {
      // fetch rejects with a TypeError when no answer came; an abort (DOMException) stays what it is.
      throw err instanceof TypeError ? new NetworkError(err) : err;
    });
  }

  return {
    /** Calls a JSON route; resolves with its answer (undefined for a 204), rejects with an ApiError. */
    async call<R extends TJsonRoute>(route: R, ...[input]: TArgs<R>): Promise<TResponse<R>> {
      const res = await request(route, input as TLooseInput | undefined);
      const text = await res.text();
      if (!res.ok) throw failure(route, res.status, parseJson(text), res.statusText, res.headers.get('Retry-After'));
      return answer(route, res.status, text);
    },

    /**
     * A file upload with progress (fetch cannot report upload progress; XMLHttpRequest can):
     * `onProgress` hears the percent sent. Rejects with an ApiError, or a NetworkError when the network failed.
     */
    upload<R extends TUploadRoute>(route: R, input: TCallInput<R>, onProgress: (percent: number) => void): Promise<TResponse<R>> {
      return new Promise((resolve, reject) => {
        const loose = input as TLooseInput;
        const { body, type } = encode(route, loose.body);
        const xhr = new XMLHttpRequest();
        xhr.open(route.method.toUpperCase(), urlOf(route, loose));
        for (const [k, v] of Object.entries({ ...headers(), ...(type ? { 'Content-Type': type } : {}) })) xhr.setRequestHeader(k, v);
        xhr.upload.onprogress = (e) => {
          if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
        };
        xhr.onload = () => {
          try {
            if (xhr.status >= 200 && xhr.status < 300) resolve(answer(route, xhr.status, xhr.responseText));
            else reject(failure(route, xhr.status, parseJson(xhr.responseText), xhr.statusText, xhr.getResponseHeader('Retry-After')));
          } catch (err) {
            reject(err as Error);
          }
        };
        xhr.onerror = () => reject(new NetworkError());
        xhr.send(body as XMLHttpRequestBodyInit);
      });
    },

    /**
     * Fetches a file the API gives, named as the server names it (Content-Disposition);
     * `onProgress` hears the bytes received so far (streamed exports have no length to count down).
     */
    async download<R extends TFileRoute>(route: R, input: TCallInput<R>, onProgress?: (bytes: number) => void): Promise<File> {
      const res = await request(route, input as TLooseInput);
      if (!res.ok) throw failure(route, res.status, parseJson(await res.text()), res.statusText, res.headers.get('Retry-After'));
      const chunks: BlobPart[] = [];
      let bytes = 0;
      const reader = res.body?.getReader();
      for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) {
        chunks.push(r.value);
        bytes += r.value.byteLength;
        onProgress?.(bytes);
      }
      return new File(chunks, filenameOf(res.headers.get('Content-Disposition')), {
        type: res.headers.get('Content-Type') ?? route.produces,
      });
    },
  };
}

export type TApi = ReturnType<typeof createApi>;
