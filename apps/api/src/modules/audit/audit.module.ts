import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

/**
 * Global: the services that record (campaign, unit, deadlines, exports, screens) inject AuditService
 * without importing this. The caller is known through `requestContext` (core/http/request-context.ts).
 */
@Global()
@Module({ controllers: [AuditController], providers: [AuditRepository, AuditService], exports: [AuditService] })
export class AuditModule {}
