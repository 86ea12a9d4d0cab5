import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { demoName } from '@learnweek/db';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { CampaignRepository } from '../campaign/campaign.repository.js';
import { CheckinRepository } from './checkin.repository.js';
import { CheckinService } from './checkin.service.js';

/**
 * DEMO_TRAFFIC=1: people keep arriving at the current demo campaign's venues (a self check-in
 * every few seconds, through the real check-in path), so the ceremony wall has something to show.
 */
@Injectable()
export class DemoTrafficService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('demo-traffic');
  private timer: ReturnType<typeof setTimeout> | undefined;
  private n = 0;

  constructor(
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
    private readonly campaigns: CampaignRepository,
    private readonly repo: CheckinRepository,
    private readonly checkins: CheckinService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.config.demoTraffic) return;
    const campaign = (await this.campaigns.listPublished()).sort((a, b) => b.year - a.year)[0];
    if (!campaign) return;
    const sessions = await this.repo.listSessions(campaign.id);
    const units = await this.repo.listUnits();
    if (sessions.length === 0) return;
    this.logger.log(`simulating arrivals at ${campaign.title}`);
    const tick = async () => {
      const i = 10_000 + this.n++;
      const session = sessions[i % 3 === 0 ? sessions.length - 1 : 0]!;
      const unit = i % 4 === 0 ? undefined : units[(i * 7) % units.length];
      await this.checkins
        .checkin(session.id, { name: demoName(i), unitId: unit?.id, deviceKey: `demo-${randomUUID()}`, idempotencyKey: randomUUID(), secret: session.qrSecret }, undefined, 'zh-CN')
        .catch((err: unknown) => this.logger.warn(String(err)));
      this.timer = setTimeout(() => void tick(), 1_500 + ((i * 7919) % 2_500));
    };
    this.timer = setTimeout(() => void tick(), 1_000);
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
  }
}
