import { Injectable, Logger } from '@nestjs/common';
import {
  auditKindLabel,
  auditWhat,
  DOWNLOAD_KIND,
  ZAuditActorKind,
  type TAuditActorKind,
  type TAuditChange,
  type TAuditEntry,
  type TAuditKind,
  type TCampaign,
  type TEndpoint,
  type TListAuditResponse,
  type TLocale,
} from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import { chinaText, toChinaWallClock } from '../../core/clock/china-time.js';
import { Clock } from '../../core/clock/clock.js';
import { XLSX } from '../../core/http/xlsx.js';
import { DATE_TIME_SECONDS } from '../../core/xlsx/print-layout.js';
import { streamingSheet, type TExportFile } from '../../core/xlsx/streaming.js';
import type { AuthedRequest } from '../../core/auth/auth.decorators.js';
import { auditNote, currentPrincipal, inRequest, markAudited, requestAudited } from '../../core/http/request-context.js';
import { AuditRepository, type TAuditFilter, type TAuditOwner, type TAuditRow } from './audit.repository.js';

/**
 * Who did it, when it is not the request's caller: a sign-in's user (the request has no caller yet),
 * or nobody signed in (a failed sign-in: the username given).
 */
export type TAuditActor = { kind: 'user'; id: string; label: string } | { kind: 'anonymous'; label: string };

export interface TAuditDraft {
  kind: TAuditKind;
  campaignId?: string | null;
  unitId?: string | null;
  target?: string;
  changes?: TAuditChange[];
  counts?: Record<string, number>;
  /** Instead of the request's caller (the system outside a request). */
  actor?: TAuditActor;
  /**
   * An entry of the installation, in no district: a failed sign-in of a name no account has (the
   * database refuses any other without a district). No district's log shows it (docs/ARCHITECTURE.md, "Tenancy").
   */
  installation?: true;
}

/** The scheduler's name in the log: what every reader sees (the console shows 系统 / System by the actor's kind). */
export const SYSTEM_LABEL = '系统';

/** Bounds of what an entry keeps: a target, a changed value, the number of changes. */
const MAX_TARGET = 300;
const MAX_VALUE = 500;
const MAX_CHANGES = 50;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The record a route's `:id` names: the campaign it writes (`writes`), else the path's first segment. */
const OWNER_BY_PATH: Record<string, TAuditOwner> = {
  campaigns: 'campaign',
  units: 'unit',
  participations: 'participation',
  nominations: 'nomination',
  'checkin-sessions': 'checkinSession',
  'kiosk-devices': 'kioskDevice',
  rehearsals: 'checkinSession',
};
function ownerOfRoute(route: TEndpoint): TAuditOwner | undefined {
  if (route.writes && route.writes !== 'none' && route.writes !== 'queryCampaignId') return route.writes;
  const [, first, param] = route.path.split('/');
  return param === ':id' ? OWNER_BY_PATH[first!] : undefined;
}

/** A download's file name, from the Content-Disposition it was sent with. */
export function downloadName(headers: Record<string, unknown>): string | undefined {
  const raw = headers['content-disposition'];
  const disposition = typeof raw === 'string' ? raw : '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      return encoded;
    }
  }
  return /filename="([^"]+)"/i.exec(disposition)?.[1];
}

/** Fields of an answer that are no count of what was done. */
const NOT_COUNTS = new Set(['version', 'total', 'page', 'pageSize', 'seq', 'lastSeq']);

/** What a write's answer counts (a bulk review's applied and failed, reminders' notified): its integer fields, at most ten. */
function answerCounts(answer: unknown): Record<string, number> {
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) return {};
  const counts = Object.entries(answer as Record<string, unknown>).filter(
    (e): e is [string, number] => Number.isSafeInteger(e[1]) && !NOT_COUNTS.has(e[0]),
  );
  return Object.fromEntries(counts.slice(0, 10));
}

/** What a route's entry names as its target: the declared body field, else a name or title in the answer or the body. */
function routeTarget(route: TEndpoint, body: unknown, answer: unknown): string {
  const field = route.audit?.target;
  const of = (v: unknown, key: string): string | undefined => {
    const value = v !== null && typeof v === 'object' && !Buffer.isBuffer(v) ? (v as Record<string, unknown>)[key] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  if (field) return of(body, field) ?? '';
  for (const source of [answer, body]) for (const key of ['title', 'name']) if (of(source, key)) return of(source, key)!;
  return '';
}

/** The timeline's fields, in the order a reader expects them. */
const TIMELINE_FIELDS = ['planDueAt', 'weekStartsAt', 'weekEndsAt', 'launchAt', 'launchVenue', 'summaryDueAt'] as const;

const toEntry = (r: TAuditRow): TAuditEntry => ({
  id: r.id.toString(),
  kind: r.kind,
  at: r.at.toISOString(),
  actor: { id: r.actorId, label: r.actorLabel, username: r.actor?.username ?? null, kind: ZAuditActorKind.parse(r.actorKind) },
  campaign: r.campaign,
  unit: r.unit,
  target: r.target,
  changes: r.changes as TAuditChange[],
  counts: r.counts as Record<string, number>,
});

/**
 * The organizer's audit log: who did what, when (docs/SECURITY.md, "The audit log"). Every
 * successful write route gets an entry from AuditInterceptor (`recordRoute`); services record a
 * richer one where the thing is done (a campaign edit's dates before and after, in its transaction),
 * which then stands for the route's, and what no route does (sign-ins, the scheduler's marks). The
 * actor is the request's caller (a user, a desk link, a screen), the system outside a request.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('audit');

  constructor(
    private readonly repo: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /** Appends an entry; inside `tx` it is saved (or not) with the change itself. It stands for the request's route entry. */
  async record(draft: TAuditDraft, tx?: Prisma.TransactionClient): Promise<void> {
    const actor = draft.actor
      ? { kind: draft.actor.kind, id: draft.actor.kind === 'user' ? draft.actor.id : null, label: draft.actor.label }
      : await this.caller();
    await this.repo.append(
      {
        ...(draft.installation ? { districtId: null } : {}),
        kind: draft.kind,
        actorKind: actor.kind,
        actorId: actor.id,
        actorLabel: clip(actor.label, 100),
        campaignId: draft.campaignId ?? null,
        unitId: draft.unitId ?? null,
        target: clip(draft.target ?? '', MAX_TARGET),
        changes: (draft.changes ?? []).slice(0, MAX_CHANGES).map((c) => ({
          field: c.field,
          before: c.before === null ? null : clip(c.before, MAX_VALUE),
          after: c.after === null ? null : clip(c.after, MAX_VALUE),
        })),
        counts: draft.counts ?? {},
        at: this.clock.now(),
      },
      tx,
    );
    markAudited();
  }

  /** The request's caller as the log names it; the system outside a request, nobody signed in on a public route. */
  private async caller(): Promise<{ kind: TAuditActorKind; id: string | null; label: string }> {
    const p = currentPrincipal();
    if (p?.kind === 'user') return { kind: 'user', id: p.id, label: p.displayName };
    if (p) return { kind: p.kind, id: null, label: (await this.repo.deviceName(p.deviceId)) ?? p.deviceId };
    return inRequest() ? { kind: 'anonymous', id: null, label: '' } : { kind: 'system', id: null, label: SYSTEM_LABEL };
  }

  /**
   * A route's own entry once it answered with success (AuditInterceptor), unless a service recorded
   * one for the request: the kind from its declaration, the campaign and unit of the record its `:id`
   * names, a target, and what the service noted (`noteForAudit`). After the change's own transaction:
   * when this write fails the change stands and its answer is a success (a retry would repeat a write
   * that was done), so the entry is logged as an error in full instead of being lost silently.
   */
  async recordRoute(route: TEndpoint, kind: string, req: AuthedRequest, answer: unknown, filename?: string): Promise<void> {
    if (requestAudited()) return;
    const note = auditNote();
    const draft: TAuditDraft = {
      kind,
      target: note.target ?? (kind === DOWNLOAD_KIND ? filename : undefined) ?? routeTarget(route, req.body, answer),
      changes: note.changes,
      counts: note.counts ?? answerCounts(answer),
    };
    try {
      const owner = ownerOfRoute(route);
      const id = (req.params as Record<string, string | undefined>).id;
      const found = owner && id ? await this.repo.ownerOf(owner, id) : { campaignId: null, unitId: null };
      const queryCampaign = route.writes === 'queryCampaignId' ? (req.query as Record<string, string | undefined>).campaignId : undefined;
      // A coordinator's write without a record of a unit (the profile) still concerns their unit.
      const p = currentPrincipal();
      const callerUnit = p?.kind === 'user' ? p.unitId : null;
      await this.record({
        ...draft,
        campaignId: found.campaignId ?? queryCampaign ?? null,
        unitId: note.unitId ?? found.unitId ?? callerUnit,
      });
    } catch (err) {
      this.logger.error(
        `audit entry not stored (the ${route.method.toUpperCase()} ${route.path} it records was done): ${(err as Error).message} ${JSON.stringify({ ...draft, at: this.clock.now(), principal: currentPrincipal() ?? null })}`,
      );
    }
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
      add(
        `rules.${k}`,
        JSON.stringify((before.rules as Record<string, unknown>)[k] ?? null),
        JSON.stringify((after.rules as Record<string, unknown>)[k] ?? null),
      );
    }
    // An edit that changes nothing is no entry (nor the route's).
    if (changes.length > 0) await this.record({ kind: 'campaign.updated', campaignId: after.id, target: after.title, changes });
    else markAudited();
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
            { header: en ? 'Unit' : '单位', width: 22 },
            { header: en ? 'Details' : '内容', width: 70 },
          ],
          { exportedAt: now, keyColumns: 1, locale },
        );
        for await (const page of this.repo.pages(q)) {
          for (const r of page) {
            const e = toEntry(r);
            sheet.add([
              toChinaWallClock(r.at),
              actorText(e, locale),
              e.actor.username ?? '',
              auditKindLabel(e.kind, locale),
              e.campaign?.title ?? '',
              e.unit ? `${e.unit.name}（${e.unit.code}）` : '',
              auditWhat(e, locale),
            ]);
          }
          await sheet.drained();
        }
        await sheet.end();
      },
    };
  }
}

/** The actor as the export names it: 系统 / System for the scheduler. */
function actorText(e: TAuditEntry, locale: TLocale): string {
  if (e.actor.kind === 'system') return locale === 'en' ? 'System' : SYSTEM_LABEL;
  return e.actor.label;
}
