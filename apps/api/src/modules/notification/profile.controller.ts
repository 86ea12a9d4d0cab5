import { Controller } from '@nestjs/common';
import { ROUTES, type TBody, type TProfile } from '@learnweek/contracts';
import { CurrentUser } from '../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { Endpoint, RouteBody } from '../../core/http/endpoint.decorator.js';
import { NotificationService } from './notification.service.js';

const R = ROUTES.notifications;

/** The signed-in user's own settings for notices: email address and language. */
@Controller()
export class ProfileController {
  constructor(private readonly notifications: NotificationService) {}

  @Endpoint(R.profile)
  get(@CurrentUser() user: UserPrincipal): Promise<TProfile> {
    return this.notifications.profile(user.id);
  }

  @Endpoint(R.updateProfile)
  update(@CurrentUser() user: UserPrincipal, @RouteBody() body: TBody<typeof R.updateProfile, 'output'>): Promise<TProfile> {
    return this.notifications.updateProfile(user.id, body);
  }
}
