import { Controller, Get, Put } from '@nestjs/common';
import { ZUpdateProfileRequest, type TProfile, type TUpdateProfileRequest } from '@learnweek/contracts';
import { CurrentUser } from '../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { ValidBody } from '../../core/errors/validation.js';
import { WritesCampaign } from '../campaign/campaign-writable.guard.js';
import { NotificationService } from './notification.service.js';

/** The signed-in user's own settings for notices: email address and language. */
@Controller('profile')
export class ProfileController {
  constructor(private readonly notifications: NotificationService) {}

  @Get()
  get(@CurrentUser() user: UserPrincipal): Promise<TProfile> {
    return this.notifications.profile(user.id);
  }

  @WritesCampaign('none')
  @Put()
  update(@CurrentUser() user: UserPrincipal, @ValidBody(ZUpdateProfileRequest) body: TUpdateProfileRequest): Promise<TProfile> {
    return this.notifications.updateProfile(user.id, body);
  }
}
