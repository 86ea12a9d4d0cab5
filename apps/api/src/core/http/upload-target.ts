import type { ExecutionContext } from '@nestjs/common';
import { ZId } from '@learnweek/contracts';
import type { AuthedRequest } from '../auth/auth.decorators.js';
import type { UserPrincipal } from '../auth/principal.js';
import { forbidden } from '../errors/api.exception.js';
import { localeOf } from '../errors/locale.js';
import { parseOrThrow } from '../errors/validation.js';

/**
 * For an upload route's guard: the signed-in user and the `:id` the upload goes to, validated as
 * the route's own parameter would be. Guards run before the interceptors that read a body, so what
 * they refuse is refused before a byte of the upload is read.
 */
export function uploadTarget(ctx: ExecutionContext): { caller: UserPrincipal; id: string } {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  const caller = req.principal;
  if (caller?.kind !== 'user') throw forbidden();
  return { caller, id: parseOrThrow(ZId, req.params.id, localeOf(req)) };
}
