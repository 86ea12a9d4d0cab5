import { HttpException } from '@nestjs/common';
import type { TApiMessageCode, TFieldError, TParticipationEventType, TProblem } from '@learnweek/contracts';

export interface ApiErrorExtras {
  errors?: TFieldError[];
  problems?: TProblem[];
  allowedEvents?: TParticipationEventType[];
  /** A stale edit's answer: the value as it is now (the route's `conflict` schema). */
  current?: unknown;
}

/** An error the client can act on; its message is rendered in the caller's language by the filter. */
export class ApiException extends HttpException {
  constructor(
    status: number,
    readonly code: TApiMessageCode,
    readonly extras: ApiErrorExtras = {},
  ) {
    super(code, status);
  }
}

export const notFound = () => new ApiException(404, 'notFound');
export const forbidden = () => new ApiException(403, 'forbidden');
/** A refusal naming one field: its message an lw.* key (translated for the caller) or plain text. */
export const fieldError = (status: number, path: string, message: string) =>
  new ApiException(status, 'validationFailed', { errors: [{ path, message }] });
/**
 * An edit or a step made from a version that is no longer the current one (docs/ARCHITECTURE.md,
 * "Versions"); an edit's answer carries the value as it is now, its version included.
 */
export const staleVersion = (current?: unknown) => new ApiException(409, 'staleVersion', current === undefined ? {} : { current });

/**
 * An edit applied only if the version is still the one it was made from: `save` is the repository's
 * `UPDATE … WHERE version = expected` (false when it matched nothing), `read` the row after it.
 * Answers the value saved; 404 when there is no such row; 409 `staleVersion` with the current value.
 */
export async function saveVersioned<Row, T>(
  save: () => Promise<boolean>,
  read: () => Promise<Row | null>,
  toValue: (row: Row) => T,
): Promise<T> {
  const saved = await save();
  const row = await read();
  if (row === null) throw notFound();
  if (!saved) throw staleVersion(toValue(row));
  return toValue(row);
}

/** A write to a campaign that is closed (the campaign guard before the body, a service again under its lock). */
export const campaignClosed = () => new ApiException(409, 'campaignClosed');
