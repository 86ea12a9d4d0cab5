import { Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ZLoginRequest, type TLoginRequest, type TLoginResponse, type TSessionUser } from '@learnweek/contracts';
import { CurrentUser, Public } from '../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { ValidBody } from '../../core/errors/validation.js';
import { LoginThrottlerGuard } from './login-throttler.guard.js';
import { AuthService } from './auth.service.js';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @SkipThrottle({ checkin: true })
  @Post('login')
  @HttpCode(200)
  login(@ValidBody(ZLoginRequest) body: TLoginRequest): Promise<TLoginResponse> {
    return this.auth.login(body);
  }

  @Get('me')
  me(@CurrentUser() user: UserPrincipal): TSessionUser {
    return { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, unitId: user.unitId, locale: user.locale };
  }
}
