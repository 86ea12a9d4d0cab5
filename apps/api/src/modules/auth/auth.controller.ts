import { Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ROUTES,
  type TBody,
  type TClearSignInThrottleResponse,
  type TLoginResponse,
  type TSessionUser,
  type TSignInThrottles,
} from '@learnweek/contracts';
import { CurrentUser } from '../../core/auth/auth.decorators.js';
import { sessionUserOf, type UserPrincipal } from '../../core/auth/principal.js';
import { Endpoint, RouteBody } from '../../core/http/endpoint.decorator.js';
import { AuthService } from './auth.service.js';
import { SignInLockedException } from './sign-in-limiter.js';

const R = ROUTES.auth;

@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Throttled per account and address, and per address (SignInLimiter): 429 with Retry-After. */
  @Endpoint(R.login)
  async login(
    @RouteBody() body: TBody<typeof R.login, 'output'>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TLoginResponse> {
    try {
      // req.ip is the peer's address, or X-Forwarded-For's when the peer is a proxy named in TRUST_PROXY.
      return await this.auth.login(body, req.ip);
    } catch (err) {
      if (err instanceof SignInLockedException) void reply.header('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
  }

  @Endpoint(R.me)
  me(@CurrentUser() user: UserPrincipal): TSessionUser {
    return sessionUserOf(user);
  }

  @Endpoint(R.throttles)
  throttles(): Promise<TSignInThrottles> {
    return this.auth.throttles();
  }

  @Endpoint(R.clearThrottle)
  clearThrottle(@RouteBody() body: TBody<typeof R.clearThrottle, 'output'>): Promise<TClearSignInThrottleResponse> {
    return this.auth.clearThrottle(body);
  }
}
