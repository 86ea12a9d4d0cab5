import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { Clock } from './core/clock/clock.js';
import type { AppOptions } from './core/config/app-options.js';
import { CoreModule } from './core/core.module.js';
import { AccountModule } from './modules/account/account.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CampaignModule } from './modules/campaign/campaign.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { CheckinModule } from './modules/checkin/checkin.module.js';
import { NotificationModule } from './modules/notification/notification.module.js';
import { BoardModule } from './modules/board/board.module.js';
import { CalendarModule } from './modules/calendar/calendar.module.js';
import { ExportModule } from './modules/export/export.module.js';
import { NominationModule } from './modules/nomination/nomination.module.js';
import { UnitModule } from './modules/unit/unit.module.js';
import { ParticipationModule } from './modules/participation/participation.module.js';
import { RehearsalModule } from './modules/rehearsal/rehearsal.module.js';
import { OperationsModule } from './modules/operations/operations.module.js';
import { CityModule } from './modules/city/city.module.js';

@Module({})
export class AppModule {
  static forRoot(options: AppOptions, clock: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(options, clock),
        ScheduleModule.forRoot(),
        HealthModule,
        AuditModule,
        AuthModule,
        CampaignModule,
        ParticipationModule,
        BoardModule,
        CalendarModule,
        ExportModule,
        UnitModule,
        AccountModule,
        NominationModule,
        NotificationModule,
        CheckinModule,
        RehearsalModule,
        OperationsModule,
        CityModule,
      ],
    };
  }
}
