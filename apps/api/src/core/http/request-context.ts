import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { TAuditChange } from '@learnweek/contracts';
import { openDistrictScope } from '@learnweek/db';
import type { AuthedRequest } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';

interface TRequestScope {
  req: AuthedRequest;
  /** Run once the answer has gone (or the client left): every transaction of the request has ended. */
  after: Set<() => void>;
  /** An audit entry has been recorded for this request (the route's own is then not added). */
  audited: boolean;
  /** What a service tells the route's audit entry (the unit, what changed, counts): modules/audit. */
  note: TAuditNote;
  /** Run before a download's first byte, with its file name (the audit log's entry of a download). */
  beforeDownload?: (filename: string) => Promise<void>;
}

/** What a service may add to its route's audit entry, bounded by the audit service. */
export interface TAuditNote {
  target?: string;
  unitId?: string;
  changes?: TAuditChange[];
  counts?: Record<string, number>;
}

const scopes = new AsyncLocalStorage<TRequestScope>();

/**
 * Fastify `preHandler` hook (bootstrap.ts): the rest of the request runs in a scope of its own, so
 * that what a service does can be attributed to the caller (the audit log's actor, read once the
 * auth guard has set it) and work can wait for the request's transactions to end (an email sent
 * after commit) without every signature carrying them. Entered once the body is parsed, right
 * before Nest's handler (guards, interceptors, the route), rather than in a Nest interceptor: an
 * interceptor that calls `next.handle()` later (the .xlsx body reader) would run the handler
 * outside a scope entered after it.
 */
export function requestContext(req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const scope: TRequestScope = { req: req as AuthedRequest, after: new Set(), audited: false, note: {} };
  reply.raw.once('close', () => {
    for (const fn of scope.after) fn();
  });
  // The district's scope too (docs/ARCHITECTURE.md, "Tenancy"): named by the auth guard once the caller is known.
  openDistrictScope(() => scopes.run(scope, done));
}

/**
 * Notes that the current request has its audit entry (a service recorded a richer one, or decided
 * that nothing changed), so that the route's own entry is not added too (modules/audit).
 */
export function markAudited(): void {
  const scope = scopes.getStore();
  if (scope) scope.audited = true;
}

/** Adds to what the current request's audit entry will say (nothing outside a request). */
export function noteForAudit(note: TAuditNote): void {
  const scope = scopes.getStore();
  if (scope) Object.assign(scope.note, note);
}

/** What services noted for the current request's audit entry. */
export const auditNote = (): TAuditNote => scopes.getStore()?.note ?? {};

/** Whether code runs inside a request (else: the scheduler, start-up). */
export const inRequest = (): boolean => scopes.getStore() !== undefined;

/** What to run before the current request's download sends its first byte (once). */
export function onDownload(fn: (filename: string) => Promise<void>): void {
  const scope = scopes.getStore();
  if (scope) scope.beforeDownload = fn;
}

/** A download is about to send its first byte (core/http/xlsx.ts): what `onDownload` asked for runs first. */
export async function downloadStarts(filename: string): Promise<void> {
  const scope = scopes.getStore();
  const fn = scope?.beforeDownload;
  if (!fn) return;
  scope.beforeDownload = undefined;
  await fn(filename);
}

/** Whether the current request has its audit entry already. */
export const requestAudited = (): boolean => scopes.getStore()?.audited ?? false;

/** Who is calling; undefined outside a request. */
export const currentPrincipal = (): Principal | undefined => scopes.getStore()?.req.principal;

/**
 * Runs `fn` when the current request is over (once, however often it is asked for), or returns
 * false outside a request (a cron), where the caller decides.
 */
export function afterRequest(fn: () => void): boolean {
  const scope = scopes.getStore();
  if (!scope) return false;
  scope.after.add(fn);
  return true;
}
