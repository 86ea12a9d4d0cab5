import { Module } from '@nestjs/common';
import { CampaignModule } from '../campaign/campaign.module.js';
import { NotificationModule } from '../notification/notification.module.js';
import { ExemplarNoticeController } from './exemplars/exemplar-notice.controller.js';
import { ExemplarNoticeRepository } from './exemplars/exemplar-notice.repository.js';
import { ExemplarNoticeService } from './exemplars/exemplar-notice.service.js';
import { ExemplarController } from './exemplars/exemplar.controller.js';
import { ExemplarRepository } from './exemplars/exemplar.repository.js';
import { ExemplarService } from './exemplars/exemplar.service.js';
import { PanelController } from './panel/panel.controller.js';
import { PanelRepository } from './panel/panel.repository.js';
import { PanelService } from './panel/panel.service.js';
import { NominationPhotoController } from './photos/nomination-photo.controller.js';
import { NominationPhotoRepository } from './photos/nomination-photo.repository.js';
import { NominationPhotoService } from './photos/nomination-photo.service.js';
import { NominationQuotaController } from './quotas/nomination-quota.controller.js';
import { NominationQuotaRepository } from './quotas/nomination-quota.repository.js';
import { NominationQuotaService } from './quotas/nomination-quota.service.js';
import { NominationController } from './workflow/nomination.controller.js';
import { NominationRepository } from './workflow/nomination.repository.js';
import { NominationService } from './workflow/nomination.service.js';

/**
 * The nomination slice (典型推荐), one Nest module over its sub-slices like participation's
 * (docs/ARCHITECTURE.md, "Where things live"): workflow/ (create, list, detail, edit, the steps;
 * editContent, the lock the photos' writes run under), photos/, quotas/ (per unit kind and
 * nomination kind), panel/ (its members, their scores, the ranking), exemplars/ (the public page,
 * the notice (公示), the recommendation forms). Only the exemplars' service leaves the slice (the
 * ceremony wall's panel).
 */
@Module({
  imports: [CampaignModule, NotificationModule],
  controllers: [
    NominationController,
    NominationPhotoController,
    NominationQuotaController,
    PanelController,
    ExemplarController,
    ExemplarNoticeController,
  ],
  providers: [
    NominationRepository,
    NominationService,
    NominationPhotoRepository,
    NominationPhotoService,
    NominationQuotaRepository,
    NominationQuotaService,
    PanelRepository,
    PanelService,
    ExemplarRepository,
    ExemplarService,
    ExemplarNoticeRepository,
    ExemplarNoticeService,
  ],
  exports: [ExemplarService],
})
export class NominationModule {}
