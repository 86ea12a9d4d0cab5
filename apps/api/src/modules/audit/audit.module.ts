import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController } from './audit.controller.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

/**
 * Global: the services that record (campaign, unit, deadlines, exports, screens) inject AuditService
 * without importing this. The caller is known through `requestContext` (core/http/request-context.ts).
 * AuditInterceptor, global, records every successful write route from its declaration.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditRepository, AuditService, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditService],
})
export class AuditModule {}
