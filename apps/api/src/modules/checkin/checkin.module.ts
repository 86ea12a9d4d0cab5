import { Module } from '@nestjs/common';
import { CampaignModule } from '../campaign/campaign.module.js';
import { NominationModule } from '../nomination/nomination.module.js';
import { NotificationModule } from '../notification/notification.module.js';
import { CheckinAdminController } from './checkin-admin.controller.js';
import { CheckinAdminRepository } from './checkin-admin.repository.js';
import { CheckinAdminService } from './checkin-admin.service.js';
import { CheckinReviewController } from './checkin-review.controller.js';
import { CheckinReviewRepository } from './checkin-review.repository.js';
import { CheckinReviewService } from './checkin-review.service.js';
import { CheckinController } from './checkin.controller.js';
import { CheckinWriter } from './checkin-writer.js';
import { CheckinRepository } from './checkin.repository.js';
import { CheckinService } from './checkin.service.js';
import { AttendeeService } from './attendee.service.js';
import { CheckinFiguresService } from './checkin-figures.service.js';
import { DemoTrafficService } from './demo-traffic.service.js';
import { PresenceCron } from './presence/presence.cron.js';
import { PresenceGateway } from './presence/presence.gateway.js';
import { PresenceRepository } from './presence/presence.repository.js';
import { PresenceService } from './presence/presence.service.js';
import { SelfCheckinPolicy } from './self-checkin-policy.js';

@Module({
  imports: [CampaignModule, NominationModule, NotificationModule],
  controllers: [CheckinController, CheckinAdminController, CheckinReviewController],
  providers: [
    CheckinRepository,
    CheckinWriter,
    CheckinService,
    AttendeeService,
    CheckinFiguresService,
    SelfCheckinPolicy,
    DemoTrafficService,
    CheckinAdminRepository,
    CheckinAdminService,
    CheckinReviewRepository,
    CheckinReviewService,
    PresenceRepository,
    PresenceService,
    PresenceGateway,
    PresenceCron,
  ],
})
export class CheckinModule {}
