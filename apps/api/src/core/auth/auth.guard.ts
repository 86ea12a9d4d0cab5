import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { TRole } from '@learnweek/contracts';
import { ApiException } from '../errors/api.exception.js';
import { endpointOf } from '../http/endpoint.decorator.js';
import { ALLOW_DESK, ALLOW_KIOSK, type AuthedRequest, IS_PUBLIC, ROLES } from './auth.decorators.js';
import { setCity, setDistrict } from '@learnweek/db';
import { hasRole } from './principal.js';
import { TokenService } from './token.service.js';

/**
 * The global gate: every route needs a signed-in user unless its declaration says `access: 'public'`
 * (where a token, when one is sent, must still be valid: 401 otherwise);
 * kiosk tokens only reach routes of `access: 'kiosk'`, desk links only those declaring `desk`; `roles` narrows to roles (@Endpoint marks the
 * handler with them: core/http/endpoint.decorator.ts). Unit scoping
 * (a coordinator's own unit) is checked by each service against the record itself.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    // The live gateway authenticates its sockets in the handshake itself.
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) {
      if (isPublic) return true;
      throw new ApiException(401, 'unauthorized');
    }
    // A token that is presented is checked, on public routes too: an expired or unverifiable one is
    // 401 everywhere (the caller signs in again), never taken for "anonymous" (a staff check-in
    // answered 403 and the desk listed everyone as refused). A database that cannot answer is the
    // server's failure: 503, retry.
    req.principal = await this.tokens.verify(token);
    if (isPublic) return true;
    const p = req.principal;
    // A signed-in request runs in its caller's district, read from the database (never from the client): a
    // user's account's, a screen's or desk link's campaign's. Its queries run as learnweek_app under row-level
    // security (docs/ARCHITECTURE.md, "Tenancy"). A public route names the district of the row it serves
    // (a campaign, a session), whoever calls it. An account of no district is the city office's (role city,
    // a city named): its requests read every district of its city (app.city_id) and write nothing, so only
    // reads reach its routes. Any other account of no district would run unscoped: refused.
    if (p.kind === 'user' && !p.districtId) {
      if (p.cityId && hasRole(p, 'city') && (req.method === 'GET' || req.method === 'HEAD')) setCity(p.cityId);
      else throw new ApiException(403, 'forbidden');
    } else if (p.districtId) setDistrict(p.districtId);
    if (p.kind === 'kiosk') {
      if (this.reflector.getAllAndOverride<boolean>(ALLOW_KIOSK, targets)) return true;
      throw new ApiException(403, 'forbidden');
    }
    if (p.kind === 'desk') {
      // A desk link checks people in at its venue: the few routes that declare `desk`, nothing else.
      if (this.reflector.getAllAndOverride<boolean>(ALLOW_DESK, targets)) return true;
      throw new ApiException(403, 'forbidden');
    }
    // Signed in with an initial or reset password: a new one first (the console opens 设置新密码), nothing else.
    if (p.mustChangePassword && !endpointOf(ctx.getHandler())?.beforePasswordChange) throw new ApiException(403, 'passwordChangeRequired');
    const roles = this.reflector.getAllAndOverride<TRole[] | undefined>(ROLES, targets);
    if (roles && !hasRole(p, ...roles)) throw new ApiException(403, 'forbidden');
    return true;
  }
}
