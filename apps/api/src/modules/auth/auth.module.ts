import { Module } from '@nestjs/common';
import { NotificationModule } from '../notification/notification.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { SignInLimiter } from './sign-in-limiter.js';

@Module({ imports: [NotificationModule], controllers: [AuthController], providers: [AuthService, SignInLimiter] })
export class AuthModule {}
