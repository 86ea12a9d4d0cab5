import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { HealthRepository } from './health.repository.js';
import { RedisProbe } from './redis-probe.js';

@Module({ controllers: [HealthController], providers: [HealthRepository, RedisProbe] })
export class HealthModule {}
