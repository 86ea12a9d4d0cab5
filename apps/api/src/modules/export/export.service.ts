import { Inject, Injectable } from '@nestjs/common';
import {
  ACTIVITY_TYPE_LABELS,
  AUDIENCE_LABELS,
  PARTICIPATION_STATE_LABELS,
  UNIT_KIND_LABELS,
  ZActivityType,
  ZAudience,
  ZParticipationState,
  ZUnitKind,
  type TActivity,
  type TActivityStatus,
} from '@learnweek/contracts';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { CHINA_OFFSET_MS, chinaText, toChinaWallClock } from '../../core/clock/china-time.js';
import { Clock } from '../../core/clock/clock.js';
import { DOCX } from '../../core/docx/word.js';
import { wordStream, type TWordStream } from '../../core/docx/word-stream.js';
import { FileStore } from '../../core/storage/file-store.js';
import { zipStream } from '../../core/zip/zip-stream.js';
import { XLSX } from '../../core/http/xlsx.js';
import { DATE_TIME } from '../../core/xlsx/print-layout.js';
import { streamingSheet, type TExportFile, type TSheetColumn } from '../../core/xlsx/streaming.js';
import { SCHEDULE_COLUMNS } from '../../core/xlsx/schedule-columns.js';
import { CampaignService } from '../campaign/campaign.service.js';
import { ExportRepository, type TScheduleRow } from './export.repository.js';
import {
  bodyText,
  contents,
  cover,
  figure,
  scheduleTable,
  sectionHeading,
  unitDocumentTitle,
  unitHeading,
  type TContentsEntry,
} from './compilation-docx.js';
import { summaryDocx } from './summary-docx.js';

const CHINA = { timeZone: 'Asia/Shanghai', hour12: false } as const;
const dateTime = (d: Date | null) =>
  d ? new Intl.DateTimeFormat('zh-CN', { ...CHINA, dateStyle: 'short', timeStyle: 'short' }).format(d) : '';
/** A moment as a date cell: China's wall clock, shown as 2017-10-24 09:00 by the column's format. */
const dateCell = (d: Date | null) => (d ? toChinaWallClock(d) : null);
/**
 * A schedule row as the columns' writers take it. The values are the database's, whose CHECK
 * constraints hold them to the contract's vocabulary: read as they are (a zod parse per row was a
 * share of a 100,000-row export); the times are unused (the row has them as numbers).
 */
const scheduleActivity = ({ town: _town, unitName: _unit, ...r }: TScheduleRow): TActivity => ({
  ...r,
  id: '',
  version: 1,
  sortNo: 0,
  startsAt: '',
  endsAt: '',
  status: r.status as TActivityStatus,
  report: null,
  cancelReason: null,
  heldAt: null,
});

/** A name safe inside a zip on Windows and macOS. */
const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60);

/**
 * The district-wide exports of the console. Each streams: rows are read a page of
 * participations at a time and written out at once, so memory stays flat at any size.
 */
@Injectable()
export class ExportService {
  constructor(
    private readonly repo: ExportRepository,
    private readonly files: FileStore,
    private readonly campaigns: CampaignService,
    private readonly clock: Clock,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  /** 全区活动安排表: every unit's schedule in one sheet, the schedule table's columns after the unit's. */
  async schedule(campaignId: string): Promise<TExportFile> {
    const c = await this.campaigns.get(campaignId);
    return {
      filename: `${c.title}全区活动安排表.xlsx`,
      contentType: XLSX,
      write: async (out) => {
        const sheet = streamingSheet(
          out,
          '全区活动安排表',
          `${c.title}全区活动安排表`,
          [
            { header: '序号', width: 5 },
            { header: '镇（街道）', width: 10 },
            { header: '单位', width: 18 },
            ...SCHEDULE_COLUMNS,
            { header: '举办情况', width: 8 },
            { header: '实际人数', width: 8 },
          ],
          { exportedAt: this.clock.now(), keyColumns: 3 },
        );
        let n = 0;
        for await (const page of this.repo.scheduleRows(campaignId)) {
          for (const row of page) {
            const a = scheduleActivity(row);
            // The times come from the database as numbers; every other cell as the unit's own schedule writes it.
            const cells = SCHEDULE_COLUMNS.map((col) =>
              col.field === 'startsAt' || col.field === 'endsAt' ? new Date(row[col.field] + CHINA_OFFSET_MS) : col.write(a),
            );
            sheet.add([++n, row.town, row.unitName, ...cells, HELD[a.status], a.actualParticipants]);
          }
          await sheet.drained();
        }
        await sheet.end();
      },
    };
  }

  /** 工作进度表: one row per unit with its state, dates, late marks and what it delivered. */
  async status(campaignId: string): Promise<TExportFile> {
    const c = await this.campaigns.get(campaignId);
    return {
      filename: `${c.title}各单位工作进度表.xlsx`,
      contentType: XLSX,
      write: async (out) => {
        const sheet = streamingSheet(out, '工作进度', `${c.title}各单位工作进度表`, STATUS_COLUMNS, {
          exportedAt: this.clock.now(),
          keyColumns: 3,
        });
        // Totals per unit kind, per town and for the district, kept as the rows go by (a counter a kind or town).
        const byKind = new Map<string, TStatusTotals>();
        const byTown = new Map<string, TStatusTotals>();
        const all = emptyTotals();
        let n = 0;
        for await (const page of this.repo.statusPages(campaignId)) {
          const held = new Map((await this.repo.heldCounts(page.map((p) => p.id))).map((h) => [h.participationId, h]));
          for (const p of page) {
            const h = held.get(p.id);
            sheet.add(statusRow(++n, p, h));
            const kind = UNIT_KIND_LABELS[ZUnitKind.parse(p.unit.kind)]['zh-CN'];
            for (const t of [all, totalsOf(byKind, kind), totalsOf(byTown, p.unit.town.name)]) count(t, p, h);
          }
          await sheet.drained();
        }
        sheet.add(STATUS_COLUMNS.map(() => null));
        for (const [kind, t] of byKind) sheet.add(totalsRow('按类别合计', kind, '', t), { bold: true });
        for (const [town, t] of byTown) sheet.add(totalsRow('按镇（街道）合计', '', town, t), { bold: true });
        sheet.add(totalsRow('全区合计', '', '', all), { bold: true });
        await sheet.end();
      },
    };
  }

  /** 活动总结汇编: a .zip with a folder per unit: its summary as .docx (photos inside) and the photos as .jpg. */
  async summaries(campaignId: string): Promise<TExportFile> {
    const c = await this.campaigns.get(campaignId);
    return {
      filename: `${c.title}活动总结汇编.zip`,
      contentType: 'application/zip',
      write: async (out) => {
        const zip = zipStream(out);
        // One entry at a time: the next is read only when the last has gone into the stream.
        const add = (data: Buffer, name: string) => zip.add(data, name, name.endsWith('.jpg'));
        for await (const page of this.repo.summaryPages(campaignId)) {
          for (const p of page) await this.addSummary(add, c.title, p);
        }
        await zip.finish();
      },
    };
  }

  /**
   * 活动总结汇编 (.docx): a cover, the contents, then each unit that submitted a summary on its own
   * pages — its summary and its photos — in the bureau's order (town, unit). Streamed: each photo
   * leaves as it is read, only the text waits for the end (see core/docx/word-stream.ts).
   */
  async summariesDocx(campaignId: string): Promise<TExportFile> {
    const c = await this.campaigns.get(campaignId);
    return this.compilation(c.title, '活动总结汇编', this.repo.summaryPages(campaignId), async (doc, p, n) => {
      const parts = [
        unitHeading(
          n,
          `unit${n}`,
          unitDocumentTitle(p.unit.name, c.title, '活动总结'),
          `${p.unit.town.name}\u3000提交于 ${p.summarySubmittedAt ? chinaText(p.summarySubmittedAt, 'minute') : ''}`,
        ),
        sectionHeading(`举办活动 ${p.summary?.activitiesHeld ?? 0} 场，参与 ${p.summary?.participants ?? 0} 人次`),
        ...bodyText(p.summary?.text ?? ''),
        sectionHeading('典型照片'),
      ];
      if (p.photos.length === 0) parts.push(bodyText(p.summary?.discDelivered ? '照片光盘已送达。' : '未上传照片。').join(''));
      for (const [i, photo] of p.photos.entries()) {
        const jpeg = await this.files.read(photo.file.storageKey, 'web');
        const picture = await doc.picture(
          { jpeg, width: photo.file.width ?? 1600, height: photo.file.height ?? 1200 },
          PHOTO_WIDTH,
          PHOTO_MAX_HEIGHT,
        );
        parts.push(figure(picture, `图${i + 1}\u3000${[photo.caption, photo.activity?.title].filter(Boolean).join(' · ')}`));
      }
      return parts;
    });
  }

  /**
   * 实施方案汇编 (.docx): a cover, the contents, then each unit that submitted a plan on its own
   * pages — leading body, plan, budget, publicity and its activity schedule — in the bureau's order.
   */
  async plansDocx(campaignId: string): Promise<TExportFile> {
    const c = await this.campaigns.get(campaignId);
    return this.compilation(c.title, '实施方案汇编', this.repo.planPages(campaignId), (_doc, p, n) => {
      const plan = p.plan;
      const section = (heading: string, text: string | undefined) => (text?.trim() ? [sectionHeading(heading), ...bodyText(text)] : []);
      return [
        unitHeading(
          n,
          `unit${n}`,
          unitDocumentTitle(p.unit.name, c.title, '实施方案'),
          `${p.unit.town.name}\u3000提交于 ${p.planSubmittedAt ? chinaText(p.planSubmittedAt, 'minute') : ''}`,
        ),
        ...section('一、领导机构', plan?.leadingBody),
        ...section('二、方案正文', plan?.text),
        ...section('三、经费说明', plan?.budgetNote),
        ...section('四、宣传措施', plan?.publicity),
        sectionHeading(`活动安排表（${p.activities.length} 项）`),
        p.activities.length === 0
          ? bodyText('（尚未填写活动）').join('')
          : scheduleTable(
              p.activities.map((a) => [
                a.title,
                ACTIVITY_TYPE_LABELS[ZActivityType.parse(a.type)]['zh-CN'],
                timeRange(a.startsAt, a.endsAt),
                a.place,
                a.audiences.map((x) => AUDIENCE_LABELS[ZAudience.parse(x)]['zh-CN']).join('、'),
                [a.personInCharge, a.phone].filter(Boolean).join('\n'),
              ]),
            ),
      ];
    });
  }

  /**
   * A 汇编 (.docx): a cover, the contents (each unit's page), then each unit's parts on pages of its
   * own, in the order the pages come (the bureau's: town, unit). Streamed: what `unitParts` puts in
   * the package (photos) leaves as it is read; only the text waits for the end (core/docx/word-stream.ts).
   */
  private compilation<P extends { unit: { name: string; town: { name: string } } }>(
    campaignTitle: string,
    volume: string,
    pages: AsyncIterable<P[]>,
    unitParts: (doc: TWordStream, p: P, n: number) => string[] | Promise<string[]>,
  ): TExportFile {
    return {
      filename: `${campaignTitle}${volume}.docx`,
      contentType: DOCX,
      write: async (out) => {
        const doc = await wordStream(out, `${campaignTitle}${volume}`, this.clock.now());
        const entries: TContentsEntry[] = [];
        const units: string[] = [];
        for await (const page of pages) {
          for (const p of page) {
            const n = entries.length + 1;
            entries.push({ n, title: p.unit.name, town: p.unit.town.name, bookmark: `unit${n}` });
            units.push((await unitParts(doc, p, n)).join(''));
          }
        }
        await doc.finish([
          cover(campaignTitle, volume, this.options.config.bureauName, chinaDate(this.clock.now()), `共 ${entries.length} 个单位`),
          contents(entries),
          ...units,
        ]);
      },
    };
  }

  /** A unit's folder of the 汇编: its photos as .jpg, then its summary as .docx with the photos inside. */
  private async addSummary(
    add: (data: Buffer, name: string) => Promise<void>,
    campaignTitle: string,
    p: TSummaryParticipation,
  ): Promise<void> {
    const folder = `${p.unit.code}-${safe(p.unit.name)}`;
    const photos = [];
    for (const photo of p.photos) {
      const jpeg = await this.files.read(photo.file.storageKey, 'web');
      const caption = [photo.caption, photo.activity?.title].filter(Boolean).join(' · ');
      // The web copy keeps the (upright) original's proportions, which the file's row holds.
      photos.push({ jpeg, width: photo.file.width ?? 1600, height: photo.file.height ?? 1200, caption });
      await add(jpeg, `${folder}/照片${photo.sortNo}${photo.activity ? `-${safe(photo.activity.title)}` : ''}.jpg`);
    }
    const docx = await summaryDocx({
      campaignTitle,
      unitName: p.unit.name,
      town: p.unit.town.name,
      submittedAt: dateTime(p.summarySubmittedAt),
      activitiesHeld: p.summary?.activitiesHeld ?? 0,
      participants: p.summary?.participants ?? 0,
      text: p.summary?.text ?? '',
      discDelivered: p.summary?.discDelivered ?? false,
      photos,
    });
    await add(docx, `${folder}/活动总结.docx`);
  }
}

/** One item of a repository's pages. */
type TPageItem<F extends (campaignId: string) => AsyncIterable<readonly unknown[]>> =
  ReturnType<F> extends AsyncIterable<readonly (infer T)[]> ? T : never;
type TStatusParticipation = TPageItem<ExportRepository['statusPages']>;
type TSummaryParticipation = TPageItem<ExportRepository['summaryPages']>;
type THeldCount = Awaited<ReturnType<ExportRepository['heldCounts']>>[number];

const STATUS_COLUMNS: readonly TSheetColumn[] = [
  { header: '序号', width: 5 },
  { header: '单位编码', width: 9 },
  { header: '单位', width: 18 },
  { header: '类别', width: 12 },
  { header: '镇（街道）', width: 10 },
  { header: '办理状态', width: 10 },
  { header: '方案提交时间', width: 16, numFmt: DATE_TIME },
  { header: '方案逾期', width: 8 },
  { header: '方案通过时间', width: 16, numFmt: DATE_TIME },
  { header: '活动数', width: 6 },
  { header: '已举办', width: 6 },
  { header: '参与人次', width: 8 },
  { header: '总结提交时间', width: 16, numFmt: DATE_TIME },
  { header: '总结逾期', width: 8 },
  { header: '照片数', width: 6 },
  { header: '光盘', width: 6 },
];

const late = (isLate: boolean, overdue: Date | null) => (isLate ? '逾期提交' : overdue ? '已逾期' : '');

/** A unit's row of the 工作进度表 (`n`: its number), with its held activities' count and participants. */
const statusRow = (n: number, p: TStatusParticipation, h: THeldCount | undefined) => [
  n,
  p.unit.code,
  p.unit.name,
  UNIT_KIND_LABELS[ZUnitKind.parse(p.unit.kind)]['zh-CN'],
  p.unit.town.name,
  PARTICIPATION_STATE_LABELS[ZParticipationState.parse(p.state)]['zh-CN'],
  dateCell(p.planSubmittedAt),
  late(p.latePlan, p.planOverdueAt),
  dateCell(p.planApprovedAt),
  p._count.activities,
  h?._count._all ?? 0,
  h?._sum.actualParticipants ?? 0,
  dateCell(p.summarySubmittedAt),
  late(p.lateSummary, p.summaryOverdueAt),
  p._count.photos,
  p.summary?.discDelivered ? '已送达' : '',
];

const HELD = { planned: '', held: '已举办', cancelled: '已取消' } as const;

/** A photo in a compilation: 400 px (about 10.6 cm) wide, at most 300 px high, so three fit on two pages with the text. */
const PHOTO_WIDTH = 400;
const PHOTO_MAX_HEIGHT = 300;

/** A date as the bureau writes it on a cover: 2017年11月2日. */
const chinaDate = (d: Date) => {
  const [y, m, day] = chinaText(d, 'day').split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${day}日`;
};

/** An activity's time: 2017-10-24 09:00—11:00 on one day, else both ends in full. */
const timeRange = (from: Date, to: Date) => {
  const a = chinaText(from, 'minute');
  const b = chinaText(to, 'minute');
  return a.slice(0, 10) === b.slice(0, 10) ? `${a}—${b.slice(11)}` : `${a}—\n${b}`;
};

/** What the status report adds up per unit kind, per town and for the district. */
interface TStatusTotals {
  units: number;
  planSubmitted: number;
  planLate: number;
  planApproved: number;
  activities: number;
  held: number;
  participants: number;
  summarySubmitted: number;
  summaryLate: number;
  photos: number;
  discs: number;
}
const emptyTotals = (): TStatusTotals => ({
  units: 0,
  planSubmitted: 0,
  planLate: 0,
  planApproved: 0,
  activities: 0,
  held: 0,
  participants: 0,
  summarySubmitted: 0,
  summaryLate: 0,
  photos: 0,
  discs: 0,
});
const totalsOf = (m: Map<string, TStatusTotals>, key: string) => {
  let t = m.get(key);
  if (!t) m.set(key, (t = emptyTotals()));
  return t;
};
function count(t: TStatusTotals, p: TStatusParticipation, h: THeldCount | undefined): void {
  t.units += 1;
  if (p.planSubmittedAt) t.planSubmitted += 1;
  if (p.latePlan || p.planOverdueAt) t.planLate += 1;
  if (p.planApprovedAt) t.planApproved += 1;
  t.activities += p._count.activities;
  t.held += h?._count._all ?? 0;
  t.participants += h?._sum.actualParticipants ?? 0;
  if (p.summarySubmittedAt) t.summarySubmitted += 1;
  if (p.lateSummary || p.summaryOverdueAt) t.summaryLate += 1;
  t.photos += p._count.photos;
  if (p.summary?.discDelivered) t.discs += 1;
}

/**
 * A totals row under the units, in the same columns: what is counted sits in its column (the
 * date columns as text, "已交 12", so their date format does not read a count as a date; 光盘:
 * the discs delivered).
 */
const totalsRow = (label: string, kind: string, town: string, t: TStatusTotals) => [
  null,
  null,
  label,
  kind,
  town,
  `${t.units} 家`,
  `已交 ${t.planSubmitted}`,
  `逾期 ${t.planLate}`,
  `已通过 ${t.planApproved}`,
  t.activities,
  t.held,
  t.participants,
  `已交 ${t.summarySubmitted}`,
  `逾期 ${t.summaryLate}`,
  t.photos,
  t.discs,
];
