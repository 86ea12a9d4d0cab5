import { Controller, Req } from '@nestjs/common';
import { ROUTES, type TBody, type TNoticePreferences, type TProfile } from '@learnweek/contracts';
import type { FastifyRequest } from 'fastify';
import { CurrentUser } from '../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { Clock } from '../../core/clock/clock.js';
import { localeOf } from '../../core/errors/locale.js';
import { Endpoint, RouteBody } from '../../core/http/endpoint.decorator.js';
import { NotificationService } from './notification.service.js';

const R = ROUTES.notifications;

/** The signed-in user's own settings for notices: email address, language, and how each topic is emailed. */
@Controller()
export class ProfileController {
  constructor(
    private readonly notifications: NotificationService,
    private readonly clock: Clock,
  ) {}

  @Endpoint(R.profile)
  get(@CurrentUser() user: UserPrincipal): Promise<TProfile> {
    return this.notifications.profile(user.id);
  }

  @Endpoint(R.updateProfile)
  update(@CurrentUser() user: UserPrincipal, @RouteBody() body: TBody<typeof R.updateProfile, 'output'>): Promise<TProfile> {
    return this.notifications.updateProfile(user.id, body);
  }

  @Endpoint(R.preferences)
  preferences(@CurrentUser() user: UserPrincipal): Promise<TNoticePreferences> {
    return this.notifications.preferences(user.id);
  }

  @Endpoint(R.updatePreferences)
  updatePreferences(
    @CurrentUser() user: UserPrincipal,
    @RouteBody() body: TBody<typeof R.updatePreferences, 'output'>,
    @Req() req: FastifyRequest,
  ): Promise<TNoticePreferences> {
    return this.notifications.updatePreferences(user.id, body, localeOf(req), this.clock.now());
  }
}
