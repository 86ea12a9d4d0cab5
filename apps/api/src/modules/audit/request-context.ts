import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { AuthedRequest } from '../../core/auth/auth.decorators.js';
import type { Principal } from '../../core/auth/principal.js';

interface TRequestScope {
  req: AuthedRequest;
  /** Run once the answer has gone (or the client left): every transaction of the request has ended. */
  after: Set<() => void>;
}

const scopes = new AsyncLocalStorage<TRequestScope>();

/**
 * Express middleware (bootstrap.ts, before the routes): the rest of the request runs in a scope of
 * its own, so that what a service does can be attributed to the caller (the audit log's actor,
 * read once the auth guard has set it) and work can wait for the request's transactions to end
 * (an email sent after commit) without every signature carrying them. Entered here rather than in
 * a Nest interceptor: an interceptor that calls `next.handle()` later (the .xlsx body reader)
 * would run the handler outside a scope entered after the router.
 */
export function requestContext(req: Request, res: Response, next: NextFunction): void {
  const scope: TRequestScope = { req, after: new Set() };
  res.once('close', () => {
    for (const fn of scope.after) fn();
  });
  scopes.run(scope, next);
}

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
