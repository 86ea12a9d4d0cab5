import { Injectable } from '@nestjs/common';
import {
  AUDIT_KIND_LABELS,
  auditWhat,
  type TAuditChange,
  type TAuditEntry,
  type TAuditKind,
  type TCampaign,
  type TListAuditResponse,
  type TLocale,
} from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import { chinaText, toChinaWallClock } from '../../core/clock/china-time.js';
import { Clock } from '../../core/clock/clock.js';
import { XLSX } from '../../core/http/xlsx.js';
import { DATE_TIME_SECONDS } from '../../core/xlsx/print-layout.js';
import { streamingSheet, type TExportFile } from '../../core/xlsx/streaming.js';
import { AuditRepository, type TAuditFilter, type TAuditRow } from './audit.repository.js';
import { currentPrincipal } from '../../core/http/request-context.js';

export interface TAuditDraft {
  kind: TAuditKind;
  campaignId?: string | null;
  target?: string;
  changes?: TAuditChange[];
  counts?: Record<string, number>;
}

/** The timeline's fields, in the order a reader expects them. */
const TIMELINE_FIELDS = ['planDueAt', 'weekStartsAt', 'weekEndsAt', 'launchAt', 'launchVenue', 'summaryDueAt'] as const;

const toEntry = (r: TAuditRow): TAuditEntry => ({
  id: r.id.toString(),
  kind: r.kind as TAuditKind,
  at: r.at.toISOString(),
  actor: { id: r.actorId, label: r.actorLabel, username: r.actor?.username ?? null },
  campaign: r.campaign,
  target: r.target,
  changes: r.changes as TAuditChange[],
  counts: r.counts as Record<string, number>,
});

/**
 * The organizer's audit log: who did what, when. Services record a line where the thing is done;
 * the actor is the signed-in caller of the request (the scheduler outside one).
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /** Appends an entry; inside `tx` it is saved (or not) with the change itself. */
  async record(draft: TAuditDraft, tx?: Prisma.TransactionClient): Promise<void> {
    const p = currentPrincipal();
    const user = p?.kind === 'user' ? p : undefined;
    await this.repo.append(
      {
        kind: draft.kind,
        actorId: user?.id ?? null,
        actorLabel: user?.displayName ?? 'scheduler',
        campaignId: draft.campaignId ?? null,
        target: draft.target ?? '',
        changes: draft.changes ?? [],
        counts: draft.counts ?? {},
        at: this.clock.now(),
      },
      tx,
    );
  }

  /** A campaign edit, with each changed field before and after (nothing when nothing changed). */
  async campaignEdited(before: TCampaign, after: TCampaign): Promise<void> {
    const changes: TAuditChange[] = [];
    const add = (field: string, a: string, b: string) => a !== b && changes.push({ field, before: a, after: b });
    add('title', before.title, after.title);
    add('theme', before.theme, after.theme);
    add('enquiryContact', before.enquiryContact, after.enquiryContact);
    for (const f of TIMELINE_FIELDS) add(f, before.timeline[f], after.timeline[f]);
    const rules = new Set([...Object.keys(before.rules), ...Object.keys(after.rules)]);
    for (const k of [...rules].sort()) {
      add(`rules.${k}`, JSON.stringify((before.rules as Record<string, unknown>)[k] ?? null), JSON.stringify((after.rules as Record<string, unknown>)[k] ?? null));
    }
    if (changes.length > 0) await this.record({ kind: 'campaign.updated', campaignId: after.id, target: after.title, changes });
  }

  /** A download starts: recorded before the first byte, then the file itself. */
  async exported<T extends TExportFile>(campaignId: string | null, file: T): Promise<T> {
    await this.record({ kind: 'export.downloaded', campaignId, target: file.filename });
    return file;
  }

  async list(q: TAuditFilter & { page: number; pageSize: number }): Promise<TListAuditResponse> {
    const { total, items } = await this.repo.list(q, q.page, q.pageSize);
    return { total, page: q.page, pageSize: q.pageSize, items: items.map(toEntry) };
  }

  /** The filtered log as .xlsx in the caller's language, streamed a page at a time. */
  exportXlsx(q: TAuditFilter, locale: TLocale): TExportFile {
    const en = locale === 'en';
    const title = en ? 'Audit log' : '操作日志';
    const now = this.clock.now();
    const at = chinaText(now, 'minute').replace(/\D/g, '').slice(0, 12);
    return {
      filename: `${title}-${at}.xlsx`,
      contentType: XLSX,
      write: async (out) => {
        const sheet = streamingSheet(
          out,
          title,
          `${title}（${en ? 'China time' : '北京时间'}）`,
          [
            { header: en ? 'When' : '时间', width: 20, numFmt: DATE_TIME_SECONDS },
            { header: en ? 'Who' : '操作人', width: 14 },
            { header: en ? 'Username' : '账号', width: 14 },
            { header: en ? 'What' : '操作', width: 14 },
            { header: en ? 'Campaign' : '活动', width: 24 },
            { header: en ? 'Details' : '内容', width: 70 },
          ],
          { exportedAt: now, keyColumns: 1, locale },
        );
        for await (const page of this.repo.pages(q)) {
          for (const r of page) {
            const e = toEntry(r);
            sheet.add([toChinaWallClock(r.at), e.actor.label, e.actor.username ?? '', AUDIT_KIND_LABELS[e.kind][locale], e.campaign?.title ?? '', auditWhat(e, locale)]);
          }
          await sheet.drained();
        }
        await sheet.end();
      },
    };
  }
}
