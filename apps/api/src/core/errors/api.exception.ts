import { HttpException } from '@nestjs/common';
import type { TApiMessageCode, TFieldError, TParticipationEventType, TProblem } from '@learnweek/contracts';

export interface ApiErrorExtras {
  errors?: TFieldError[];
  problems?: TProblem[];
  allowedEvents?: TParticipationEventType[];
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
export const fieldError = (status: number, path: string, message: string) => new ApiException(status, 'validationFailed', { errors: [{ path, message }] });
/** A write to a campaign that is closed (the campaign guard before the body, a service again under its lock). */
export const campaignClosed = () => new ApiException(409, 'campaignClosed');
