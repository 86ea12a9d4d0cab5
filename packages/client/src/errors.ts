import type { TApiError, TConflict, TEndpoint } from '@learnweek/contracts';

// The errors a call rejects with, apart from the client: a page that only tells them apart
// (`instanceof`) does not bring the client, the route table and their schemas with it.

/** An API answer other than 2xx, with the server's message already in the caller's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: TApiError,
    /** Seconds to wait before trying again, when the server said (`Retry-After` on 429 and 503). */
    readonly retryAfter?: number,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }
}

/**
 * No answer came: the network failed (fetch's own TypeError, kept as `cause`). A TypeError still, so
 * code that tells a lost network by `instanceof TypeError` keeps working; a page that tells it apart
 * from a TypeError of its own code checks `instanceof NetworkError`.
 */
export class NetworkError extends TypeError {
  constructor(cause?: unknown) {
    super('network', { cause });
    this.name = 'NetworkError';
  }
}

/**
 * The value as it is now when `e` is a stale edit's refusal of `route` (409 `staleVersion` whose
 * `current` matches the route's `conflict`); undefined for any other error. docs/ARCHITECTURE.md, "Versions".
 */
export function conflictOf<R extends TEndpoint>(route: R, e: unknown): TConflict<R> | undefined {
  if (!(e instanceof ApiError) || e.status !== 409 || e.body.code !== 'staleVersion' || !route.conflict) return undefined;
  const current = route.conflict.safeParse(e.body.current);
  return current.success ? (current.data as TConflict<R>) : undefined;
}
