import { Module } from '@nestjs/common';
import { CampaignModule } from '../campaign/campaign.module.js';
import { NotificationModule } from '../notification/notification.module.js';
import { TownModule } from '../town/town.module.js';
import { ContentController } from './content/content.controller.js';
import { ContentRepository } from './content/content.repository.js';
import { ContentService } from './content/content.service.js';
import { DeadlineController } from './deadlines/deadline.controller.js';
import { DeadlineCron } from './deadlines/deadline.cron.js';
import { DeadlineRepository } from './deadlines/deadline.repository.js';
import { DeadlineService } from './deadlines/deadline.service.js';
import { PhotoController } from './photos/photo.controller.js';
import { PhotoRepository } from './photos/photo.repository.js';
import { PhotoService } from './photos/photo.service.js';
import { ScheduleController } from './schedule/schedule.controller.js';
import { ScheduleRepository } from './schedule/schedule.repository.js';
import { ScheduleService } from './schedule/schedule.service.js';
import { ParticipationController } from './workflow/participation.controller.js';
import { ParticipationRepository } from './workflow/participation.repository.js';
import { ParticipationService } from './workflow/participation.service.js';

/**
 * The participation slice, one Nest module over its sub-slices (docs/ARCHITECTURE.md, "Where things
 * live"): workflow/ (list, detail, events, the lock every edit runs under), content/ (plan, activities,
 * summary), schedule/ (the 活动安排表 as .xlsx), photos/ (the summary's photos, the disc, the served
 * copies), deadlines/ (the matrix, reminders, the scheduler's tick). One module, because the
 * sub-slices are one aggregate: each edit goes through the workflow's lock and state checks
 * (ParticipationService.editContent), and the detail reads them all; a module per sub-slice would
 * only export that service to every other one.
 */
@Module({
  imports: [CampaignModule, NotificationModule, TownModule],
  controllers: [ParticipationController, ContentController, ScheduleController, PhotoController, DeadlineController],
  providers: [
    ParticipationRepository,
    ParticipationService,
    ContentRepository,
    ContentService,
    ScheduleRepository,
    ScheduleService,
    PhotoRepository,
    PhotoService,
    DeadlineRepository,
    DeadlineService,
    DeadlineCron,
  ],
  exports: [ParticipationService, DeadlineService],
})
export class ParticipationModule {}
