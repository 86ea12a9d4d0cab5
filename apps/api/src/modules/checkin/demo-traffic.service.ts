import { inDistrict, XINBEI_DISTRICT_ID } from '@learnweek/db';
import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { demoName } from '@learnweek/db';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { Clock } from '../../core/clock/clock.js';
import { CampaignService } from '../campaign/campaign.service.js';
import { CheckinAdminRepository } from './checkin-admin.repository.js';
import { CheckinRepository } from './checkin.repository.js';
import { CheckinService } from './checkin.service.js';

/**
 * DEMO_TRAFFIC=1: people keep arriving at the current demo campaign (a self check-in every few
 * seconds, through the real check-in path), so the ceremony wall has something to show. Check-ins
 * are taken only inside a session's window, and the demo's ceremony is weeks ahead: the arrivals
 * go to a demo session open now, named as such.
 */
const DEMO_SESSION = '演示签到点（模拟到场）';

@Injectable()
export class DemoTrafficService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('demo-traffic');
  private timer: ReturnType<typeof setTimeout> | undefined;
  private n = 0;

  constructor(
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
    private readonly campaigns: CampaignService,
    private readonly repo: CheckinRepository,
    private readonly checkins: CheckinService,
    private readonly admin: CheckinAdminRepository,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.config.demoTraffic) return;
    // The demo's district (新北区): the arrivals, and the timers that make them, run in it.
    await inDistrict(XINBEI_DISTRICT_ID, () => this.start());
  }

  private async start(): Promise<void> {
    const campaign = (await this.campaigns.listPublished()).sort((a, b) => b.year - a.year)[0];
    if (!campaign) return;
    const session = await this.openSession(campaign.id);
    const units = await this.repo.listUnits();
    this.logger.log(`simulating arrivals at ${campaign.title} (${session.name})`);
    const tick = async () => {
      const i = 10_000 + this.n++;
      const unit = i % 4 === 0 ? undefined : units[(i * 7) % units.length];
      await this.checkins
        .checkin(
          session.id,
          {
            name: demoName(i),
            unitId: unit?.id,
            deviceKey: `demo-${randomUUID()}`,
            idempotencyKey: randomUUID(),
            secret: session.qrSecret,
          },
          undefined,
          'zh-CN',
        )
        .catch((err: unknown) => this.logger.warn(String(err)));
      this.timer = setTimeout(() => void tick(), 1_500 + ((i * 7919) % 2_500));
    };
    this.timer = setTimeout(() => void tick(), 1_000);
  }

  /** A session of the campaign open now, or a demo one opened for the next twelve hours. */
  private async openSession(campaignId: string) {
    const now = this.clock.now();
    const open = (await this.repo.listSessions(campaignId)).find((s) => s.opensAt <= now && now < s.closesAt);
    return (
      open ??
      this.admin.createSession({
        campaignId,
        name: DEMO_SESSION,
        venue: '演示',
        kind: 'sub',
        qrSecret: randomBytes(16).toString('hex'),
        opensAt: new Date(now.getTime() - 3_600_000),
        closesAt: new Date(now.getTime() + 12 * 3_600_000),
      })
    );
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
  }
}
