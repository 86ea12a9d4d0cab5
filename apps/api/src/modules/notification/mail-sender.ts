import { PrismaService } from '../../core/prisma/prisma.service.js';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { Clock } from '../../core/clock/clock.js';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { ZLocale } from '@learnweek/contracts';
import { outsideDistrict } from '@learnweek/db';
import { renderDigest } from './mail-layout.js';
import { EmailRepository, type THeldEmail } from './notification.repository.js';

/** Waits after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure gives up (about 2.6 hours in all). */
export const MAIL_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000] as const;
export const MAIL_MAX_ATTEMPTS = MAIL_RETRY_DELAYS_MS.length + 1;
/** How long a claimed email is another sender's: longer than a send can take with the timeouts below. */
const LEASE_MS = 5 * 60_000;
const BATCH = 20;
/** A server that does not answer fails the attempt in seconds, not nodemailer's minutes. */
const TIMEOUTS = { connectionTimeout: '15000', greetingTimeout: '15000', socketTimeout: '60000' };

export interface TDrainReport {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Sends the queued emails of notices through SMTP_URL. A round takes what is due, a batch at a
 * time, until nothing is left; a failure is logged and the email tried again later
 * (MAIL_RETRY_DELAYS_MS), and after the last attempt it stays in the table as `failed`, logged
 * as an error: nothing is dropped silently. Never called inside a request's work: a request
 * only asks for a round (`kick`), which runs after it.
 */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly logger = new Logger('mail');
  private readonly transport: Transporter | undefined;
  private round: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly emails: EmailRepository,
    private readonly clock: Clock,
    private readonly prisma: PrismaService,
    @Inject(APP_OPTIONS) options: AppOptions,
  ) {
    const mail = options.config.mail;
    if (mail) {
      const url = new URL(mail.url);
      for (const [k, v] of Object.entries(TIMEOUTS)) if (!url.searchParams.has(k)) url.searchParams.set(k, v);
      this.transport = createTransport(url.toString(), { from: { name: mail.fromName, address: mail.from } });
    }
  }

  /** SMTP_URL is set. */
  get enabled(): boolean {
    return this.transport !== undefined;
  }

  /**
   * Sends one message at once, outside the queue: a password-reset link, whose text must not be
   * kept in the database (the queue keeps every message's text). False without SMTP_URL; a failure
   * is thrown to the caller (no retry: the person asks for another link).
   */
  async sendNow(message: { to: string; subject: string; text: string }): Promise<boolean> {
    if (!this.transport) return false;
    await this.transport.sendMail(message);
    return true;
  }

  /** Starts a round in the background; asked during one, another follows it (nothing queued meanwhile waits a minute). */
  kick(): void {
    if (!this.transport) return;
    if (this.round) {
      this.again = true;
      return;
    }
    // The round is no request's: it runs outside the kicker's district, then in each district in turn (drain),
    // whoever kicked it (docs/ARCHITECTURE.md, Tenancy).
    this.round = outsideDistrict(async () => {
      do {
        this.again = false;
        try {
          await this.drain();
        } catch (err) {
          // The database, not a message: the minute's run tries again.
          this.logger.error(`sending queued emails stopped: ${(err as Error).message}`);
        }
      } while (this.again);
    }).finally(() => {
      this.round = undefined;
    });
  }

  /** Resolves when no round is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.round) await this.round;
  }

  /**
   * The held emails due now (daily digests, coalesced submissions): a recipient's several become
   * one digest, a lone one goes as itself. Returns how many digests were made.
   */
  async gather(): Promise<number> {
    return (await this.prisma.eachDistrict(() => this.gatherDistrict())).reduce((a, b) => a + b, 0);
  }

  /** `gather` in the current district. */
  private async gatherDistrict(): Promise<number> {
    const now = this.clock.now();
    return this.emails.withDueHeld(now, async (tx, held) => {
      const byRecipient = new Map<string, THeldEmail[]>();
      for (const h of held) byRecipient.set(`${h.userId} ${h.to}`, [...(byRecipient.get(`${h.userId} ${h.to}`) ?? []), h]);
      const alone = [...byRecipient.values()].filter((parts) => parts.length === 1).map((parts) => parts[0]!.id);
      if (alone.length > 0) await this.emails.release(tx, alone, now);
      let digests = 0;
      for (const parts of byRecipient.values()) {
        if (parts.length < 2) continue;
        const first = parts[0]!;
        const mail = renderDigest(first.displayName, parts, ZLocale.catch('zh-CN').parse(first.locale));
        await this.emails.digest(
          tx,
          { to: first.to, ...mail },
          parts.map((p) => p.id),
          now,
        );
        digests += 1;
      }
      return digests;
    });
  }

  /** Sends every email due now, a batch at a time (held ones due first gathered: `gather`). */
  async drain(): Promise<TDrainReport> {
    const report: TDrainReport = { sent: 0, retrying: 0, failed: 0 };
    if (!this.transport) return report;
    // District by district, each under its own policies.
    for (const r of await this.prisma.eachDistrict(() => this.drainDistrict())) {
      report.sent += r.sent;
      report.retrying += r.retrying;
      report.failed += r.failed;
    }
    return report;
  }

  /** `drain` in the current district. */
  private async drainDistrict(): Promise<TDrainReport> {
    const report: TDrainReport = { sent: 0, retrying: 0, failed: 0 };
    const transport = this.transport;
    if (!transport) return report;
    await this.gatherDistrict();
    for (;;) {
      const now = this.clock.now();
      const batch = await this.emails.claim(now, new Date(now.getTime() + LEASE_MS), BATCH);
      if (batch.length === 0) return report;
      for (const m of batch) {
        try {
          await transport.sendMail({ to: m.to, subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}) });
          await this.emails.sent(m.id, this.clock.now());
          report.sent += 1;
        } catch (err) {
          const error = (err as Error).message.slice(0, 1_000);
          const delay = MAIL_RETRY_DELAYS_MS[m.attempts - 1];
          if (delay === undefined) {
            this.logger.error(`email ${m.id} to ${m.to} failed ${m.attempts} times, given up: ${error}`);
            await this.emails.failed(m.id, error, null);
            report.failed += 1;
          } else {
            this.logger.warn(
              `email ${m.id} to ${m.to} failed (attempt ${m.attempts} of ${MAIL_MAX_ATTEMPTS}), retried in ${delay / 60_000} min: ${error}`,
            );
            await this.emails.failed(m.id, error, new Date(this.clock.now().getTime() + delay));
            report.retrying += 1;
          }
        }
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.idle();
    this.transport?.close();
  }
}
