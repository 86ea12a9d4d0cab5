import type { z } from 'zod';
import type { TRole } from './domain.js';
import { ZApiError } from './errors.contract.js';

/** Media types of the files the API takes and gives. */
export const MEDIA = {
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  zip: 'application/zip',
  jpeg: 'image/jpeg',
  html: 'text/html',
  js: 'text/javascript',
  /** The Prometheus exposition format (text, version 0.0.4). */
  prometheus: 'text/plain',
} as const;

/** Records that belong to one campaign: a write route's `:id` names one of them. */
export type TCampaignOwner = 'campaign' | 'participation' | 'nomination' | 'checkinSession' | 'kioskDevice';

/**
 * Where a write route finds the campaign it changes (refused with 409 once that campaign is
 * closed): the record its `:id` names, or `?campaignId=` (optional). `none` marks a write that
 * belongs to no campaign (sign-in, towns, units, a new campaign).
 */
export type TCampaignOfRoute = TCampaignOwner | 'queryCampaignId' | 'none';

/**
 * One endpoint of the REST surface (docs/PRODUCT.md §6), declared once: the server's route, its
 * guards and validation, the OpenAPI entry and the apps' typed client all come from it.
 */
export interface TEndpoint {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Its name in its group (`updatePlan` of `ROUTES.participations.updatePlan`), set by `defineRoutes`. */
  name: string;
  /** Under /api, with `:param` segments (each a uuid). */
  path: string;
  tag: string;
  summary: string;
  /** Who may call it, for the reader of the docs; `access` and `roles` are what the API enforces. */
  who: string;
  /** `public`: no sign-in (a token, if sent, is still read); `kiosk`: ceremony screens too; else signed-in users only. */
  access?: 'public' | 'kiosk';
  /** A desk link's token may call it too, for its own venue's sessions only (the service checks which). */
  desk?: true;
  /**
   * A session that must set a new password first (signed in with an initial or reset password) may
   * call it; such a session is refused every other route (403 `passwordChangeRequired`).
   */
  beforePasswordChange?: true;
  /** The roles a signed-in user needs (any of them); absent: any signed-in user. Never on a public route. */
  roles?: readonly TRole[];
  /** The campaign a write changes (every write says, `none` included); reads never do. */
  writes?: TCampaignOfRoute;
  query?: z.ZodType;
  /** A JSON body. */
  body?: z.ZodType;
  /** A body that is not JSON: the .xlsx file itself, or multipart/form-data with a `file` part and text fields. */
  upload?: { kind: 'xlsx' } | { kind: 'multipart'; fields?: z.ZodType };
  /** The JSON answer of success. */
  response?: z.ZodType;
  /**
   * An edit that takes the `version` it was made from: a stale one is refused with 409 `staleVersion`
   * whose `current` is the value as it is now (this schema, its version included). docs/ARCHITECTURE.md, "Versions".
   */
  conflict?: z.ZodType;
  /** A file answer's media type (instead of JSON). */
  produces?: string;
  /** Status of the success answer, 200 unless said. */
  status?: number;
  /** A second success answer with the same body (e.g. 200 for a duplicate beside 201). */
  also?: { status: number; description: string };
  /**
   * Refusals of this route beyond those every route may answer (400 invalid input or malformed
   * JSON, 413 too large, 503 database unavailable; 401 and 403 when signing in is required; 404
   * with a path parameter; 409 for writes, e.g. a closed campaign).
   */
  refusals?: readonly number[];
  /**
   * How the audit log records it (docs/SECURITY.md, "The audit log"). Nothing to say for most: every
   * successful write is recorded as `<tag>.<name>` (its label in AUDIT_KIND_LABELS), and every
   * download of a file (a GET that `produces` a spreadsheet, document, archive or PDF) as
   * `export.downloaded`, by one interceptor, without code in the handler.
   */
  audit?: TRouteAudit;
}

/** A route's audit declaration (`TEndpoint.audit`). */
export interface TRouteAudit {
  /** The field of the JSON body that names what was done (a workflow event's `type`): the entry's target. */
  target?: string;
  /** A download that holds no personal data (a blank template, a venue poster): not recorded. */
  download?: false;
  /**
   * A write that is its own record instead of an audit entry, and why (a resident's check-in: the
   * Checkin row keeps who, where and when; thousands per ceremony would bury the log).
   */
  recordedAs?: string;
}

/**
 * One tag's endpoints, each named by what it does (`ROUTES.participations.updatePlan`). The tag is
 * written once for the group; every literal (method, path, roles, status) keeps its literal type,
 * so the client and the server can derive params, query, body and answer types from it.
 */
export function defineRoutes<const Tag extends string, const G extends Record<string, Omit<TEndpoint, 'tag' | 'name'>>>(
  tag: Tag,
  group: G,
): { readonly [K in keyof G]: G[K] & { readonly tag: Tag; readonly name: K & string } } {
  return Object.fromEntries(Object.entries(group).map(([name, route]) => [name, { ...route, tag, name }])) as {
    [K in keyof G]: G[K] & { tag: Tag; name: K & string };
  };
}

/** Files a download hands out (a spreadsheet, a document, an archive, a PDF): recorded unless `audit.download` is false. */
const DOWNLOADS: readonly string[] = [MEDIA.xlsx, MEDIA.docx, MEDIA.zip, MEDIA.pdf, 'text/csv'];

/** The kind of a download's audit entry. */
export const DOWNLOAD_KIND = 'export.downloaded';

/** A write route: anything but a GET, or a declared write. */
export const isWriteRoute = (route: Pick<TEndpoint, 'method' | 'writes'>): boolean => route.method !== 'get' || route.writes !== undefined;

/**
 * The audit kind a successful call of the route records (`<tag>.<name>` for a write,
 * `export.downloaded` for a download), or undefined for a read, a download without personal data, or
 * a write that is its own record (`audit.recordedAs`).
 */
export function routeAuditKind(route: Pick<TEndpoint, 'method' | 'writes' | 'tag' | 'name' | 'produces' | 'audit'>): string | undefined {
  if (isWriteRoute(route)) return route.audit?.recordedAs ? undefined : `${route.tag}.${route.name}`;
  if (route.produces && DOWNLOADS.includes(route.produces) && route.audit?.download !== false) return DOWNLOAD_KIND;
  return undefined;
}

/** `'/participations/:id/activities/:activityId'` → `'id' | 'activityId'`. */
type TParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | TParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** The path parameters of a route, by name (`{ id: string; activityId: string }`). */
export type TParams<R extends Pick<TEndpoint, 'path'>> = { [K in TParamNames<R['path']>]: string };

type TIo = 'input' | 'output';
type TOf<S, Io extends TIo> = S extends z.ZodType ? (Io extends 'input' ? z.input<S> : z.output<S>) : never;

/** The query a route reads: as a client sends it (`input`, the default) or as the server's handler gets it (`output`). */
export type TQuery<R, Io extends TIo = 'input'> = R extends { query: infer S } ? TOf<S, Io> : never;

/** The JSON body of a route: as a client sends it (`input`, the default) or as the server's handler gets it (`output`). */
export type TBody<R, Io extends TIo = 'input'> = R extends { body: infer S } ? TOf<S, Io> : never;

/** The text fields beside a multipart upload's file. */
export type TUploadFields<R, Io extends TIo = 'input'> = R extends { upload: { fields: infer S } } ? TOf<S, Io> : never;

/**
 * What a route answers on success: its JSON, nothing for a 204, a file (never JSON) for a route
 * that `produces` one; `unknown` where the contracts do not describe it (the OpenAPI document).
 */
export type TResponse<R> = R extends { response: infer S }
  ? TOf<S, 'output'>
  : R extends { produces: string }
    ? Blob
    : R extends { status: 204 }
      ? undefined
      : unknown;

/** The current value a route's 409 `staleVersion` carries (its `conflict` schema). */
export type TConflict<R> = R extends { conflict: infer S } ? TOf<S, 'output'> : never;

/** The statuses a route answers on success. */
export const successStatuses = (route: TEndpoint): number[] => [route.status ?? 200, ...(route.also ? [route.also.status] : [])];

/**
 * Checks an answer against the route's declaration: a success status it declares with the body
 * its schema describes (nothing after a 204), or an error status with an `ApiError` body. Throws
 * an Error naming the route and every mismatch. For tests (and the client's `checkResponses`).
 */
export function checkResponse(route: TEndpoint, status: number, body: unknown): void {
  const where = `${route.method.toUpperCase()} ${route.path} → ${status}`;
  if (status < 400) {
    if (!successStatuses(route).includes(status)) throw new Error(`${where}: the declaration says ${successStatuses(route).join(' or ')}`);
    if (!route.response) {
      if (status === 204 && body !== undefined && body !== null && body !== '') throw new Error(`${where}: a 204 with a body`);
      return;
    }
  }
  const schema = status < 400 ? route.response! : ZApiError;
  const problems = (result: z.ZodSafeParseResult<unknown>) =>
    result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`);
  const found = problems(schema.safeParse(body));
  if (found.length === 0 && status === 409 && (body as { code?: string }).code === 'staleVersion' && route.conflict) {
    // A stale edit says what the value is now.
    found.push(...problems(route.conflict.safeParse((body as { current?: unknown }).current)).map((p) => `current.${p}`));
  }
  if (found.length > 0) throw new Error(`${where}: the body does not match its schema: ${found.join('; ')}`);
}
