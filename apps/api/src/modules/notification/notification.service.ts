import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ZLocale, type TLocale, type TProfile, type TUpdateProfileRequest } from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import { AuthRepository } from '../../core/auth/auth.repository.js';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { notFound } from '../../core/errors/api.exception.js';
import { afterRequest } from '../../core/http/request-context.js';
import { MailSender } from './mail-sender.js';
import { noticeEmail, noticeTitle, type TNotice, type TNoticeSubject } from './notice-text.js';
import { NotificationRepository, type TRecipient, type Tx } from './notification.repository.js';

/** A notice about one participation, for whoever it is sent to. */
export type TNotificationDraft = TNotice & {
  campaignId: string;
  participationId: string;
  /** The reviewer's comment of a return or an approval. */
  body?: string;
  /** Makes the notification idempotent: a second one with the same key is not created. */
  dedupeKey?: (userId: string) => string;
};

/** A notice about an account itself (its sign-ins), worded by the caller in the recipient's language. */
export interface TAccountNotice {
  kind: string;
  dedupeKey: string;
  text(locale: TLocale, recipient: string): { title: string; body: string; subject: string; email: string };
}

/** A notice to the organizers about their campaign (e.g. a ceremony screen gone offline), its text in both languages. */
export interface TOrganizerNotice {
  kind: string;
  title: Record<TLocale, string>;
  body: Record<TLocale, string>;
  /** Where it is dealt with, under PUBLIC_URL (the email's link). */
  link: string;
  dedupeKey: string;
}

/** A notice to a town's community education centre (the day's escalation digest), worded by the caller in each recipient's language; its e-mail text carries its link. */
export interface TTownNotice {
  kind: string;
  campaignId: string;
  /** Made unique per recipient (`:userId` is appended). */
  dedupeKey: string;
  text(locale: TLocale, recipient: string): { title: string; body: string; subject: string; email: string };
}

const localeOf = (u: TRecipient): TLocale => ZLocale.catch('zh-CN').parse(u.locale);

/**
 * Notices: a row per recipient in their language (the app's bell) and, for those with an email
 * address when SMTP_URL is set, an email queued in the same transaction and sent once it commits.
 */
@Injectable()
export class NotificationService {
  private readonly publicUrl: string;
  /** One function, so that a request that notifies many times sends once after it. */
  private readonly send = () => this.mail.kick();

  constructor(
    private readonly repo: NotificationRepository,
    private readonly mail: MailSender,
    private readonly auth: AuthRepository,
    @Inject(APP_OPTIONS) options: AppOptions,
  ) {
    this.publicUrl = options.config.publicUrl ?? '';
  }

  /** Notifies every active coordinator of a unit, inside `tx` when given; returns how many were created. */
  async notifyUnit(tx: Tx | undefined, unitId: string, draft: TNotificationDraft, at: Date): Promise<number> {
    const created = await this.repo.within(tx, async (db) => this.deliver(db, await this.repo.coordinators(db, { unitId }), () => draft, at));
    this.afterCommit(tx !== undefined);
    return created;
  }

  /**
   * Escalation (督办): the day's digest to the coordinators of the community education centre(s) of a
   * town (镇/街道社区教育中心), each in their language, with its e-mail (its text carries its link).
   * One transaction with `claim` (the digest's row): nothing is written unless it claims. Returns how
   * many notices were created.
   */
  async notifyTownCentre(townId: string, notice: TTownNotice, at: Date, claim: (tx: Tx) => Promise<boolean>): Promise<number> {
    const created = await this.repo.within(undefined, async (db) => {
      if (!(await claim(db))) return 0;
      const users = await this.repo.coordinators(db, { unit: { townId, kind: 'communityCentre', active: true } });
      const rows = users.map((u) => {
        const m = notice.text(localeOf(u), u.displayName);
        const row = { id: randomUUID(), userId: u.id, kind: notice.kind, title: m.title, body: m.body, campaignId: notice.campaignId, dedupeKey: `${notice.dedupeKey}:${u.id}`, createdAt: at } satisfies Prisma.NotificationCreateManyInput;
        return { user: u, row, m };
      });
      const ids = new Set((await this.repo.create(db, rows.map((r) => r.row))).map((n) => n.id));
      if (this.mail.enabled) {
        await this.repo.queueEmails(
          db,
          rows.filter((r) => ids.has(r.row.id) && r.user.email).map(({ user, row, m }) => ({ notificationId: row.id, to: user.email!, subject: m.subject, text: m.email, nextAttemptAt: at, createdAt: at })),
        );
      }
      return ids.size;
    });
    this.afterCommit(false);
    return created;
  }

  /**
   * One notification for each active coordinator of each unit (drafts by unit id), in a few
   * statements; the drafts' dedupe keys make it idempotent. Returns the coordinators reached and
   * the notifications created.
   */
  async notifyUnits(drafts: ReadonlyMap<string, TNotificationDraft>, at: Date): Promise<{ recipients: number; created: number }> {
    if (drafts.size === 0) return { recipients: 0, created: 0 };
    const r = await this.repo.within(undefined, async (db) => {
      const users = await this.repo.coordinators(db, { unitId: { in: [...drafts.keys()] } });
      return { recipients: users.length, created: await this.deliver(db, users, (u) => drafts.get(u.unitId!)!, at) };
    });
    this.afterCommit(false);
    return r;
  }

  /**
   * A notice about the user's own account (no campaign): a row in their language and, with SMTP and
   * an address, its email. The dedupe key makes it once; false when it existed or the user does not.
   */
  async notifyAccount(userId: string, notice: TAccountNotice, at: Date): Promise<boolean> {
    const created = await this.repo.within(undefined, async (db) => {
      const user = await this.repo.recipient(db, userId);
      if (!user) return false;
      const m = notice.text(localeOf(user), user.displayName);
      const id = randomUUID();
      const rows = await this.repo.create(db, [{ id, userId, kind: notice.kind, title: m.title, body: m.body, dedupeKey: notice.dedupeKey, createdAt: at }]);
      if (rows.length === 0) return false;
      if (this.mail.enabled && user.email) {
        await this.repo.queueEmails(db, [{ notificationId: id, to: user.email, subject: m.subject, text: `${m.email}\n\n${this.publicUrl}/admin/`, nextAttemptAt: at, createdAt: at }]);
      }
      return true;
    });
    this.afterCommit(false);
    return created;
  }

  /**
   * A notice of the campaign's own (not about a participation) to every active organizer, in their
   * language, with an email where they have an address and SMTP_URL is set; `dedupeKey` makes it
   * idempotent per organizer. Returns how many were created.
   */
  async notifyOrganizers(campaignId: string, notice: TOrganizerNotice, at: Date): Promise<number> {
    const created = await this.repo.within(undefined, async (db) => {
      const users = await this.repo.withRole(db, 'organizer');
      if (users.length === 0) return 0;
      const rows = users.map((u) => ({
        user: u,
        row: {
          id: randomUUID(),
          userId: u.id,
          kind: notice.kind,
          title: notice.title[localeOf(u)],
          body: notice.body[localeOf(u)],
          campaignId,
          dedupeKey: `${notice.dedupeKey}:${u.id}`,
          createdAt: at,
        } satisfies Prisma.NotificationCreateManyInput,
      }));
      const ids = new Set((await this.repo.create(db, rows.map((r) => r.row))).map((n) => n.id));
      if (this.mail.enabled) {
        await this.repo.queueEmails(
          db,
          rows
            .filter((r) => ids.has(r.row.id) && r.user.email)
            .map(({ user, row }) => ({ notificationId: row.id, to: user.email!, subject: row.title, text: `${row.body}\n\n${this.publicUrl}${notice.link}`, nextAttemptAt: at, createdAt: at })),
        );
      }
      return ids.size;
    });
    this.afterCommit(false);
    return created;
  }

  async profile(userId: string): Promise<TProfile> {
    const u = await this.repo.profile(userId);
    if (!u) throw notFound();
    return { ...u, locale: ZLocale.catch('zh-CN').parse(u.locale), emailEnabled: this.mail.enabled };
  }

  async updateProfile(userId: string, body: TUpdateProfileRequest): Promise<TProfile> {
    const u = await this.repo.updateProfile(userId, { email: body.email, locale: body.locale });
    // The signed-in user's language is read with the account.
    this.auth.forget();
    return { ...u, locale: body.locale, emailEnabled: this.mail.enabled };
  }

  /** The rows of one notice per user, in their language, and the emails of the ones created. */
  private async deliver(db: Tx, users: readonly TRecipient[], draftOf: (u: TRecipient) => TNotificationDraft, at: Date): Promise<number> {
    if (users.length === 0) return 0;
    const subjects = new Map<string, TNoticeSubject>(
      (await this.repo.subjects(db, users.map((u) => draftOf(u).participationId))).map(({ id, ...s }) => [id, s]),
    );
    const rows = users.map((u) => {
      const d = draftOf(u);
      return {
        user: u,
        draft: d,
        row: {
          id: randomUUID(),
          userId: u.id,
          kind: d.kind,
          title: noticeTitle(d, subjects.get(d.participationId)!, localeOf(u)),
          body: d.body ?? '',
          campaignId: d.campaignId,
          participationId: d.participationId,
          dedupeKey: d.dedupeKey?.(u.id) ?? null,
          createdAt: at,
        } satisfies Prisma.NotificationCreateManyInput,
      };
    });
    const created = new Set((await this.repo.create(db, rows.map((r) => r.row))).map((n) => n.id));
    if (this.mail.enabled) {
      await this.repo.queueEmails(
        db,
        rows
          .filter((r) => created.has(r.row.id) && r.user.email)
          .map(({ user, draft, row }) => {
            const link = `${this.publicUrl}/admin/participations/${draft.participationId}`;
            const mail = noticeEmail(draft, subjects.get(draft.participationId)!, { recipient: user.displayName, comment: row.body, link }, localeOf(user));
            return { notificationId: row.id, to: user.email!, ...mail, nextAttemptAt: at, createdAt: at };
          }),
      );
    }
    return created.size;
  }

  /**
   * Emails go once their transaction has committed: after the request's answer, or at once when
   * this service ran its own transaction outside a request. A notice written inside a caller's
   * transaction outside a request waits for the minute's run (MailCron).
   */
  private afterCommit(inCallersTx: boolean): void {
    if (!this.mail.enabled || afterRequest(this.send)) return;
    if (!inCallersTx) this.mail.kick();
  }
}
