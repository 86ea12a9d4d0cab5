import { Module } from '@nestjs/common';
import { NotificationModule } from '../notification/notification.module.js';
import { AccountController } from './account.controller.js';
import { AccountRepository } from './account.repository.js';
import { AccountService } from './account.service.js';

@Module({ imports: [NotificationModule], controllers: [AccountController], providers: [AccountRepository, AccountService] })
export class AccountModule {}
