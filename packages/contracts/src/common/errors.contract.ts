import { z } from 'zod';
import { ZParticipationEventType } from './domain.js';
import { ZProblem } from './problems.js';

/** Every 4xx/5xx body of the API. `errors` names fields; `problems` are workflow guard reasons. */
export const ZFieldError = z.object({ path: z.string(), message: z.string() });
export type TFieldError = z.infer<typeof ZFieldError>;

/**
 * How much of a refusal an error body carries: a hostile body cannot make a large answer (at most
 * ≈ 80 KB). Above a sheet's 100 listed errors and its line with the total (core/xlsx/workbook.ts).
 */
export const API_ERROR_LIMITS = { errors: 128, problems: 32, characters: 300 } as const;

export const ZApiError = z.object({
  statusCode: z.number().int(),
  code: z.string(),
  message: z.string(),
  /** At most API_ERROR_LIMITS.errors of them; `errorCount` then says how many there were. */
  errors: z.array(ZFieldError).optional(),
  errorCount: z.number().int().optional(),
  problems: z.array(ZProblem.and(z.object({ message: z.string() }))).optional(),
  allowedEvents: z.array(ZParticipationEventType).optional(),
  /** With a 409 `staleVersion` of a route that declares `conflict`: the value as it is now, its version included. */
  current: z.unknown().optional(),
});
export type TApiError = z.infer<typeof ZApiError>;
