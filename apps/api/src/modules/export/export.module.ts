import { Module } from '@nestjs/common';
import { ExportController } from './export.controller.js';
import { ExportRepository } from './export.repository.js';
import { ExportService } from './export.service.js';

@Module({ controllers: [ExportController], providers: [ExportRepository, ExportService] })
export class ExportModule {}
