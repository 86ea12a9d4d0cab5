import { Module } from '@nestjs/common';
import { MailCron } from './mail.cron.js';
import { MailSender } from './mail-sender.js';
import { NotificationController } from './notification.controller.js';
import { EmailRepository, NotificationRepository } from './notification.repository.js';
import { NotificationService } from './notification.service.js';
import { ProfileController } from './profile.controller.js';

@Module({
  controllers: [NotificationController, ProfileController],
  providers: [NotificationRepository, EmailRepository, NotificationService, MailSender, MailCron],
  exports: [NotificationService, MailSender],
})
export class NotificationModule {}
