import { once } from 'node:events';
import { Injectable } from '@nestjs/common';
import { PARTICIPATION_STATE_LABELS, UNIT_KIND_LABELS, ZParticipationState, ZUnitKind, type TActivity, type TActivityStatus, type TActivityType, type TAudience } from '@learnweek/contracts';
import { ZipArchive } from 'archiver';
import { CHINA_OFFSET_MS, toChinaWallClock } from '../../core/clock/china-time.js';
import { Clock } from '../../core/clock/clock.js';
import { FileStore } from '../../core/storage/file-store.js';
import { XLSX } from '../../core/http/xlsx.js';
import { DATE_TIME } from '../../core/xlsx/print-layout.js';
import { streamingSheet, type TExportFile, type TSheetColumn } from '../../core/xlsx/streaming.js';
import { SCHEDULE_COLUMNS } from '../../core/xlsx/schedule-columns.js';
import { CampaignService } from '../campaign/campaign.service.js';
import { ExportRepository, type TScheduleRow } from './export.repository.js';
import { summaryDocx } from './summary-docx.js';

const CHINA = { timeZone: 'Asia/Shanghai', hour12: false } as const;
const dateTime = (d: Date | null) => (d ? new Intl.DateTimeFormat('zh-CN', { ...CHINA, dateStyle: 'short', timeStyle: 'short' }).format(d) : '');
/** A moment as a date cell: China's wall clock, shown as 2017-10-24 09:00 by the column's format. */
const dateCell = (d: Date | null) => (d ? toChinaWallClock(d) : null);
/**
 * A schedule row as the columns' writers take it. The values are the database's, whose CHECK
 * constraints hold them to the contract's vocabulary: read as they are (a zod parse per row was a
 * share of a 100,000-row export); the times are unused (the row has them as numbers).
 */
const scheduleActivity = (r: TScheduleRow): TActivity => ({
  id: '',
  version: 1,
  sortNo: 0,
  title: r.title,
  type: r.type as TActivityType,
  form: r.form,
  startsAt: '',
  endsAt: '',
  place: r.place,
  audiences: r.audiences as TAudience[],
  expectedParticipants: r.expectedParticipants,
  personInCharge: r.personInCharge,
  phone: r.phone,
  free: r.free,
  notes: r.notes,
  status: r.status as TActivityStatus,
  actualParticipants: r.actualParticipants,
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
          [{ header: '序号', width: 5 }, { header: '镇（街道）', width: 10 }, { header: '单位', width: 18 }, ...SCHEDULE_COLUMNS, { header: '举办情况', width: 8 }, { header: '实际人数', width: 8 }],
          { exportedAt: this.clock.now(), keyColumns: 3 },
        );
        let n = 0;
        for await (const page of this.repo.scheduleRows(campaignId)) {
          for (const row of page) {
            const a = scheduleActivity(row);
            // The times come from the database as numbers; every other cell as the unit's own schedule writes it.
            const cells = SCHEDULE_COLUMNS.map((col) => (col.field === 'startsAt' || col.field === 'endsAt' ? new Date(row[col.field] + CHINA_OFFSET_MS) : col.write(a)));
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
        const sheet = streamingSheet(out, '工作进度', `${c.title}各单位工作进度表`, STATUS_COLUMNS, { exportedAt: this.clock.now(), keyColumns: 3 });
        let n = 0;
        for await (const page of this.repo.statusPages(campaignId)) {
          const held = new Map((await this.repo.heldCounts(page.map((p) => p.id))).map((h) => [h.participationId, h]));
          for (const p of page) sheet.add(statusRow(++n, p, held.get(p.id)));
          await sheet.drained();
        }
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
        const zip = new ZipArchive({ zlib: { level: 6 } });
        const done = once(zip, 'end');
        zip.pipe(out);
        // One entry at a time: the next is read only when the last has gone into the stream.
        const add = async (data: Buffer, name: string) => {
          const added = once(zip, 'entry');
          zip.append(data, { name, store: name.endsWith('.jpg') });
          await added;
        };
        for await (const page of this.repo.summaryPages(campaignId)) {
          for (const p of page) await this.addSummary(add, c.title, p);
        }
        await zip.finalize();
        await done;
      },
    };
  }

  /** A unit's folder of the 汇编: its photos as .jpg, then its summary as .docx with the photos inside. */
  private async addSummary(add: (data: Buffer, name: string) => Promise<void>, campaignTitle: string, p: TSummaryParticipation): Promise<void> {
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
type TPageItem<F extends (campaignId: string) => AsyncIterable<readonly unknown[]>> = ReturnType<F> extends AsyncIterable<readonly (infer T)[]> ? T : never;
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
