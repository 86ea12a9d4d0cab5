import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { MailSender } from './mail-sender.js';

/**
 * Sends what is due every minute (retries, and emails of notices written outside a request) and at
 * start (what a stopped process left). No advisory lock: the outbox is claimed row by row with
 * SKIP LOCKED and a lease (EmailRepository.claim), so instances share the work without sending twice.
 */
@Injectable()
export class MailCron implements OnApplicationBootstrap {
  constructor(
    private readonly mail: MailSender,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.scheduler) this.mail.kick();
  }

  @Cron(CronExpression.EVERY_MINUTE, { name: 'mail' })
  onCron(): void {
    if (this.options.scheduler) this.mail.kick();
  }
}
