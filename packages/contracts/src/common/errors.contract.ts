import { z } from 'zod';
import { ZParticipationEventType } from './domain.js';
import { ZProblem } from './problems.js';

/** Every 4xx/5xx body of the API. `errors` names fields; `problems` are workflow guard reasons. */
export const ZFieldError = z.object({ path: z.string(), message: z.string() });
export type TFieldError = z.infer<typeof ZFieldError>;

export const ZApiError = z.object({
  statusCode: z.number().int(),
  code: z.string(),
  message: z.string(),
  errors: z.array(ZFieldError).optional(),
  problems: z.array(ZProblem.and(z.object({ message: z.string() }))).optional(),
  allowedEvents: z.array(ZParticipationEventType).optional(),
  /** With a 409 `staleVersion` of a route that declares `conflict`: the value as it is now, its version included. */
  current: z.unknown().optional(),
});
export type TApiError = z.infer<typeof ZApiError>;
