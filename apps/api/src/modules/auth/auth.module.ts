import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { SignInLimiter } from './sign-in-limiter.js';

@Module({ controllers: [AuthController], providers: [AuthService, SignInLimiter] })
export class AuthModule {}
