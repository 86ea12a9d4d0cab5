import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZLoginRequest, type TLoginRequest, type TLoginResponse, type TSessionUser } from '@learnweek/contracts';
import { CurrentUser, Public } from '../../core/auth/auth.decorators.js';
import { sessionUserOf, type UserPrincipal } from '../../core/auth/principal.js';
import { ValidBody } from '../../core/errors/validation.js';
import { AuthService } from './auth.service.js';
import { SignInLockedException } from './sign-in-limiter.js';
import { WritesCampaign } from '../campaign/campaign-writable.guard.js';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Limited per account and per address (SignInLimiter): 429 with Retry-After. */
  @Public()
  @WritesCampaign('none')
  @Post('login')
  @HttpCode(200)
  async login(@ValidBody(ZLoginRequest) body: TLoginRequest, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TLoginResponse> {
    try {
      // req.ip is the peer's address, or X-Forwarded-For's when the peer is a proxy named in TRUST_PROXY.
      return await this.auth.login(body, req.ip);
    } catch (err) {
      if (err instanceof SignInLockedException) void reply.header('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
  }

  @Get('me')
  me(@CurrentUser() user: UserPrincipal): TSessionUser {
    return sessionUserOf(user);
  }
}
