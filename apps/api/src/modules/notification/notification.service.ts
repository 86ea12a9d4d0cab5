import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  DIGEST_HOUR,
  NOTICE_DATES,
  NOTICE_TOPIC_LABELS,
  NOTICE_TOPIC_OF,
  noticeTopicsOf,
  ZEmailMode,
  ZLocale,
  ZRole,
  type TCampaign,
  type TLocale,
  type TNoticeDate,
  type TNoticePreferences,
  type TNoticeTopic,
  type TProfile,
  type TUpdateNoticePreferencesRequest,
  type TUpdateProfileRequest,
} from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import { AuthRepository } from '../../core/auth/auth.repository.js';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { CHINA_OFFSET_MS } from '../../core/clock/china-time.js';
import { ApiException, notFound } from '../../core/errors/api.exception.js';
import { afterRequest } from '../../core/http/request-context.js';
import { MailSender } from './mail-sender.js';
import { plainMail, textToHtml } from './mail-layout.js';
import { noticeBody, noticeEmail, noticeTitle, type TDateChange, type TNotice, type TNoticeSubject } from './notice-text.js';
import { NotificationRepository, type TRecipient, type Tx } from './notification.repository.js';

/** A notice about one participation (or one nomination), for whoever it is sent to. */
export type TNotificationDraft = TNotice & {
  campaignId: string;
  /** What it is about: a participation, or else a nomination (`nominationId`). */
  participationId?: string;
  nominationId?: string;
  /** The reviewer's overall comment of a return or an approval (the sections' are in the notice). */
  body?: string;
  /** Makes the notification idempotent: a second one with the same key is not created. */
  dedupeKey?: (userId: string) => string;
};

/** A notice about an account itself (its sign-ins), worded by the caller in the recipient's language. */
export interface TAccountNotice {
  kind: string;
  dedupeKey: string;
  /** `email` is the plain text; `html` its HTML part (made from the text when absent). */
  text(locale: TLocale, recipient: string): { title: string; body: string; subject: string; email: string; html?: string };
  /** Where the email links to, under PUBLIC_URL (default the console, /admin/). */
  link?: string;
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
 * How long a submission's email to an approver waits for others (the mail cron's minute): those
 * coming meanwhile go with it as one email.
 */
export const COALESCE_MS = 60_000;
/** Topics whose emails are coalesced so (a burst of submissions before a deadline). */
const COALESCED: ReadonlySet<TNoticeTopic> = new Set(['submitted']);

/** The next daily digest strictly after `at`: DIGEST_HOUR o'clock, China time. */
export function nextDigestAt(at: Date): Date {
  const local = at.getTime() + CHINA_OFFSET_MS;
  const day = Math.floor(local / 86_400_000) * 86_400_000;
  let next = day + DIGEST_HOUR * 3_600_000;
  if (next <= local) next += 86_400_000;
  return new Date(next - CHINA_OFFSET_MS);
}

/** A notice to create for a recipient, and its email (made only when the notice was created and mail is on). */
interface TNoticeRow {
  user: TRecipient;
  row: Prisma.NotificationCreateManyInput & { id: string };
  mail: () => { subject: string; text: string; html: string };
}

/** An email to queue for a notification just created. */
interface TOutgoing {
  user: TRecipient;
  kind: string;
  notificationId: string;
  subject: string;
  text: string;
  html: string;
}

/** The campaign's dates a change of dates names, in the timeline's order. */
const DATES = Object.keys(NOTICE_DATES) as TNoticeDate[];

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
    const created = await this.repo.within(tx, async (db) =>
      this.deliver(db, await this.repo.coordinators(db, { unitId }), () => draft, at),
    );
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
        const row = {
          id: randomUUID(),
          userId: u.id,
          kind: notice.kind,
          title: m.title,
          body: m.body,
          campaignId: notice.campaignId,
          dedupeKey: `${notice.dedupeKey}:${u.id}`,
          createdAt: at,
        } satisfies Prisma.NotificationCreateManyInput;
        return { user: u, row, m };
      });
      return this.createAndQueue(
        db,
        rows.map(({ user, row, m }) => ({
          user,
          row,
          mail: () => ({ subject: m.subject, text: m.email, html: textToHtml(m.email, localeOf(user)) }),
        })),
        at,
      );
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
      const rows = await this.repo.create(db, [
        { id, userId, kind: notice.kind, title: m.title, body: m.body, dedupeKey: notice.dedupeKey, createdAt: at },
      ]);
      if (rows.length === 0) return false;
      if (this.mail.enabled && user.email) {
        const link = `${this.publicUrl}${notice.link ?? '/admin/'}`;
        const html = m.html ?? textToHtml(`${m.email}\n\n${link}`, localeOf(user));
        await this.repo.queueEmails(db, [
          { notificationId: id, to: user.email, subject: m.subject, text: `${m.email}\n\n${link}`, html, nextAttemptAt: at, createdAt: at },
        ]);
      }
      return true;
    });
    this.afterCommit(false);
    return created;
  }

  /**
   * A notice of the campaign's own (not about a participation; null: of the service, a backup) to every active organizer, in their
   * language, with an email where they have an address and SMTP_URL is set; `dedupeKey` makes it
   * idempotent per organizer. Returns how many were created.
   */
  async notifyOrganizers(campaignId: string | null, notice: TOrganizerNotice, at: Date): Promise<number> {
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
      return this.createAndQueue(
        db,
        rows.map(({ user, row }) => ({
          user,
          row,
          mail: () => ({
            subject: row.title,
            ...plainMail(user.displayName, `${row.body}\n\n${this.publicUrl}${notice.link}`, localeOf(user)),
          }),
        })),
        at,
      );
    });
    this.afterCommit(false);
    return created;
  }

  /**
   * The approvers hear of a submitted plan or summary (inside the submission's transaction); their
   * emails of a burst are coalesced into one (COALESCE_MS). Returns how many were created.
   */
  async notifyApprovers(tx: Tx, draft: TNotificationDraft & { kind: 'planSubmitted' | 'summarySubmitted' }, at: Date): Promise<number> {
    const created = await this.deliver(tx, await this.repo.withRole(tx, 'approver'), () => draft, at);
    this.afterCommit(true);
    return created;
  }

  /**
   * Every coordinator of every unit invited to the campaign hears of it (published, dates moved),
   * each linked to their unit's participation; `key` makes it once per coordinator.
   */
  async notifyCampaign(
    campaignId: string,
    notice: TNotice & { kind: 'campaignPublished' | 'datesChanged' },
    key: string,
    at: Date,
  ): Promise<number> {
    const created = await this.repo.within(undefined, async (db) => {
      const byUnit = new Map((await this.repo.participations(db, campaignId)).map((p) => [p.unitId, p.id]));
      if (byUnit.size === 0) return 0;
      const users = await this.repo.coordinators(db, { unitId: { in: [...byUnit.keys()] } });
      return this.deliver(
        db,
        users,
        (u) => ({ ...notice, campaignId, participationId: byUnit.get(u.unitId!)!, dedupeKey: (id) => `${key}:${id}` }),
        at,
      );
    });
    this.afterCommit(false);
    return created;
  }

  /**
   * After a published campaign's settings were saved: every coordinator is told the dates that
   * moved, old → new (nothing when none did, or while it is a draft nobody else sees). Returns how
   * many were told. What the campaign update calls after saving.
   */
  async notifyDatesChanged(before: TCampaign, after: TCampaign, at: Date): Promise<number> {
    if (after.status !== 'published') return 0;
    const changes: TDateChange[] = DATES.filter((d) => before.timeline[d] !== after.timeline[d]).map((d) => ({
      date: d,
      from: new Date(before.timeline[d]),
      to: new Date(after.timeline[d]),
    }));
    if (changes.length === 0) return 0;
    return this.notifyCampaign(after.id, { kind: 'datesChanged', changes }, `datesChanged:${after.id}:${after.version}`, at);
  }

  /** The nominating unit's coordinators hear of a step of their nomination (inside its transaction). */
  async notifyNomination(
    tx: Tx,
    nominationId: string,
    notice: TNotice & { kind: 'nominationShortlisted' | 'nominationReturned' | 'nominationPublished' },
    comment: string,
    at: Date,
  ): Promise<number> {
    const n = await this.repo.nominationUnit(tx, nominationId);
    if (!n) return 0;
    const created = await this.deliver(
      tx,
      await this.repo.coordinators(tx, { unitId: n.unitId }),
      () => ({ ...notice, campaignId: n.campaignId, nominationId, body: comment }),
      at,
    );
    this.afterCommit(true);
    return created;
  }

  /** The signed-in user's email mode per topic of theirs (`instant` unless chosen). */
  async preferences(userId: string): Promise<TNoticePreferences> {
    const u = await this.repo.preferences(userId);
    if (!u) throw notFound();
    const chosen = new Map(u.noticePreferences.map((p) => [p.topic, ZEmailMode.catch('instant').parse(p.email)]));
    const roles = u.roles.flatMap((r) => (ZRole.safeParse(r).success ? [ZRole.parse(r)] : []));
    // Escalations go to the coordinators of a town's community education centre only.
    const topics = noticeTopicsOf(roles).filter((topic) => topic !== 'escalation' || u.unit?.kind === 'communityCentre');
    return { items: topics.map((topic) => ({ topic, email: chosen.get(topic) ?? 'instant' })), digestHour: DIGEST_HOUR };
  }

  /** Sets some of the user's topics; one not among their roles' is refused (400, by item). */
  async updatePreferences(userId: string, body: TUpdateNoticePreferencesRequest, locale: TLocale, at: Date): Promise<TNoticePreferences> {
    const mine = new Set((await this.preferences(userId)).items.map((i) => i.topic));
    const errors = body.items.flatMap((i, n) =>
      mine.has(i.topic)
        ? []
        : [
            {
              path: `items.${n}.topic`,
              message:
                locale === 'en'
                  ? `You receive no notices of ${NOTICE_TOPIC_LABELS[i.topic].en}`
                  : `您不会收到“${NOTICE_TOPIC_LABELS[i.topic]['zh-CN']}”类通知，无需设置`,
            },
          ],
    );
    if (errors.length > 0) throw new ApiException(400, 'validationFailed', { errors });
    await this.repo.setPreferences(userId, body.items, at);
    return this.preferences(userId);
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
    const drafts = users.map(draftOf);
    const pIds = drafts.flatMap((d) => (d.participationId ? [d.participationId] : []));
    const nIds = drafts.flatMap((d) => (!d.participationId && d.nominationId ? [d.nominationId] : []));
    const subjects = new Map<string, TNoticeSubject>([
      ...(pIds.length ? await this.repo.subjects(db, pIds) : []).map(({ id, ...s }) => [id, s] as const),
      ...(nIds.length ? await this.repo.nominationSubjects(db, nIds) : []).map(({ id, ...s }) => [id, s] as const),
    ]);
    const subjectOf = (d: TNotificationDraft) =>
      subjects.get(d.participationId ?? d.nominationId ?? '') ?? { campaign: '', unit: '', town: '' };
    const rows = users.map((u, i) => {
      const d = drafts[i]!;
      return {
        user: u,
        draft: d,
        row: {
          id: randomUUID(),
          userId: u.id,
          kind: d.kind,
          title: noticeTitle(d, subjectOf(d), localeOf(u)),
          body: noticeBody(d, d.body ?? '', localeOf(u)),
          campaignId: d.campaignId,
          participationId: d.participationId ?? null,
          dedupeKey: d.dedupeKey?.(u.id) ?? null,
          createdAt: at,
        } satisfies Prisma.NotificationCreateManyInput,
      };
    });
    return this.createAndQueue(
      db,
      rows.map(({ user, draft, row }) => ({
        user,
        row,
        mail: () =>
          noticeEmail(
            draft,
            subjectOf(draft),
            {
              recipient: user.displayName,
              comment: draft.body ?? '',
              link: this.linkOf(draft),
              ...(draft.kind === 'campaignPublished' && draft.noticeIssued
                ? { notice: `${this.publicUrl}/admin/notice/${draft.campaignId}` }
                : {}),
            },
            localeOf(user),
          ),
      })),
      at,
    );
  }

  /**
   * Creates the notices' rows (one whose dedupe key was used before is not created again) and queues
   * the emails of the ones created. Returns how many were created.
   */
  private async createAndQueue(db: Tx, notices: readonly TNoticeRow[], at: Date): Promise<number> {
    const created = new Set(
      (
        await this.repo.create(
          db,
          notices.map((n) => n.row),
        )
      ).map((n) => n.id),
    );
    if (this.mail.enabled) {
      const out = notices.filter((n) => created.has(n.row.id));
      await this.queue(
        db,
        out.map(({ user, row, mail }) => ({ user, kind: row.kind, notificationId: row.id, ...mail() })),
        at,
      );
    }
    return created.size;
  }

  /** Where a notice is dealt with: the participation, the unit's nominations, or the console. */
  private linkOf(d: TNotificationDraft): string {
    if (d.kind === 'escalation') return `${this.publicUrl}/admin/`;
    if (d.participationId) return `${this.publicUrl}/admin/participations/${d.participationId}`;
    if (d.nominationId) return `${this.publicUrl}/admin/my-nominations`;
    return `${this.publicUrl}/admin/`;
  }

  /**
   * Queues the emails of notifications just created, as each recipient chose for the notice's
   * topic: none (`off`), at once, or held for their daily digest; a submission to an approver is
   * held a minute for the others of a burst (COALESCE_MS). Recipients without an address get none.
   */
  private async queue(db: Tx, out: readonly TOutgoing[], at: Date): Promise<void> {
    const withAddress = out.filter((o) => o.user.email);
    if (withAddress.length === 0) return;
    const rows: Prisma.EmailMessageCreateManyInput[] = [];
    const byTopic = new Map<TNoticeTopic | undefined, TOutgoing[]>();
    for (const o of withAddress) byTopic.set(NOTICE_TOPIC_OF[o.kind], [...(byTopic.get(NOTICE_TOPIC_OF[o.kind]) ?? []), o]);
    for (const [topic, group] of byTopic) {
      const userIds = group.map((o) => o.user.id);
      const modes = topic ? await this.repo.emailModes(db, userIds, topic) : new Map<string, string>();
      const joins =
        topic && COALESCED.has(topic)
          ? await this.repo.heldUntil(db, userIds, at, new Date(at.getTime() + COALESCE_MS))
          : new Map<string, Date>();
      for (const o of group) {
        const mode = modes.get(o.user.id) ?? 'instant';
        if (mode === 'off') continue;
        const mail = { notificationId: o.notificationId, to: o.user.email!, subject: o.subject, text: o.text, html: o.html, createdAt: at };
        if (mode === 'digest') rows.push({ ...mail, status: 'held', nextAttemptAt: nextDigestAt(at) });
        else if (topic && COALESCED.has(topic))
          rows.push({ ...mail, status: 'held', nextAttemptAt: joins.get(o.user.id) ?? new Date(at.getTime() + COALESCE_MS) });
        else rows.push({ ...mail, nextAttemptAt: at });
      }
    }
    await this.repo.queueEmails(db, rows);
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
