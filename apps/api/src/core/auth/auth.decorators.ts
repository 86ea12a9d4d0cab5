import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { TRole } from '@learnweek/contracts';
import type { FastifyRequest } from 'fastify';
import type { Principal, UserPrincipal } from './principal.js';

export const IS_PUBLIC = 'learnweek:public';
export const ROLES = 'learnweek:roles';
export const ALLOW_KIOSK = 'learnweek:allowKiosk';
export const ALLOW_DESK = 'learnweek:allowDesk';

// What the AuthGuard reads, set by @Endpoint from a route's declaration (`access`, `roles`: core/http/endpoint.decorator.ts).
/** No sign-in needed. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Signed-in users holding one of these roles (default: any signed-in user). */
export const Roles = (...roles: readonly TRole[]) => SetMetadata(ROLES, roles);
/** Kiosk device tokens may call this too (they may call nothing else). */
export const AllowKiosk = () => SetMetadata(ALLOW_KIOSK, true);
/** Desk-link tokens may call this too (they may call nothing else; the service checks the venue). */
export const AllowDesk = () => SetMetadata(ALLOW_DESK, true);

/** A request as the guards see it: route parameters and query by name, and the caller once the auth guard has run. */
export type AuthedRequest = FastifyRequest<{ Params: Record<string, string | undefined>; Querystring: Record<string, unknown> }> & {
  principal?: Principal;
};

/** The signed-in user (on routes that do not allow kiosks). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): UserPrincipal => {
  const p = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (p?.kind !== 'user') throw new Error('CurrentUser on a route without a signed-in user');
  return p;
});

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined => ctx.switchToHttp().getRequest<AuthedRequest>().principal,
);
