import type ExcelJS from 'exceljs';
import {
  ACTIVITY_FIELDS,
  ACTIVITY_TYPE_LABELS,
  AUDIENCE_LABELS,
  ZActivityType,
  ZAudience,
  type TActivity,
  type TActivityField,
  type TLocale,
} from '@learnweek/contracts';
import { CHINA_OFFSET_MS, toChinaWallClock } from '../clock/china-time.js';
import { DATE_TIME } from './print-layout.js';
import { cellText } from './workbook.js';

/**
 * The columns of the schedule table (活动安排表), one activity a row: what a unit's own table
 * (modules/participation/schedule) writes and reads, and what the district-wide schedule
 * (modules/export) writes after each unit's name. Times are China time (the sheet has no zone);
 * types and audiences by their Chinese names.
 */

export type TScheduleField = TActivityField;

export interface TScheduleColumn {
  field: TScheduleField;
  header: string;
  /** In characters: narrow enough, with text wrapped, that the district schedule prints one A4 landscape page wide. */
  width: number;
  /** A date column's format. */
  numFmt?: string;
  required?: boolean;
  /** A value for the cell from the activity. */
  write: (a: TActivity) => ExcelJS.CellValue;
  /** The field's value from the cell; a string (an lw.* key or a message) when it cannot be read. */
  read: (v: ExcelJS.CellValue) => unknown;
}

/** A cell its column cannot read; the message is shown to the person who filled it in. */
export class CellError extends Error {}

/** A date cell holds China wall-clock time as if it were UTC (that is how spreadsheets store it). */
const toCell = (iso: string) => toChinaWallClock(new Date(iso));
function readTime(v: ExcelJS.CellValue): string {
  if (v instanceof Date) return new Date(v.getTime() - CHINA_OFFSET_MS).toISOString();
  if (typeof v === 'number') return new Date(Math.round((v - 25569) * 86400_000) - CHINA_OFFSET_MS).toISOString();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s+(\d{1,2})[:：](\d{2})$/.exec(cellText(v));
  if (!m) throw new CellError('时间格式应为 2017-10-25 09:00');
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi) - CHINA_OFFSET_MS;
  if (Number.isNaN(t)) throw new CellError('时间格式应为 2017-10-25 09:00');
  return new Date(t).toISOString();
}

const byLabel = <K extends string>(labels: Record<K, Record<TLocale, string>>) => {
  const m = new Map<string, K>();
  for (const [k, l] of Object.entries(labels) as [K, Record<TLocale, string>][]) {
    m.set(l['zh-CN'], k);
    m.set(l.en.toLowerCase(), k);
    m.set(k.toLowerCase(), k);
  }
  return m;
};
const TYPES = byLabel(ACTIVITY_TYPE_LABELS);
const AUDIENCES = byLabel(AUDIENCE_LABELS);

/** Every schedule field's column (a total map: a new activity field does not compile until it has one). */
const COLUMNS = {
  title: { header: '活动名称', width: 22, required: true, write: (a) => a.title, read: cellText },
  type: {
    header: '活动类型',
    width: 12,
    required: true,
    write: (a) => ACTIVITY_TYPE_LABELS[a.type]['zh-CN'],
    read: (v) => {
      const t = cellText(v);
      const k = TYPES.get(t) ?? TYPES.get(t.toLowerCase());
      if (!k) throw new CellError(`应为以下之一：${ZActivityType.options.map((o) => ACTIVITY_TYPE_LABELS[o]['zh-CN']).join('、')}`);
      return k;
    },
  },
  form: { header: '活动形式', width: 10, write: (a) => a.form, read: cellText },
  startsAt: { header: '开始时间', width: 16, numFmt: DATE_TIME, required: true, write: (a) => toCell(a.startsAt), read: readTime },
  endsAt: { header: '结束时间', width: 16, numFmt: DATE_TIME, required: true, write: (a) => toCell(a.endsAt), read: readTime },
  place: { header: '活动地点', width: 18, required: true, write: (a) => a.place, read: cellText },
  audiences: {
    header: '活动对象',
    width: 14,
    write: (a) => a.audiences.map((x) => AUDIENCE_LABELS[x]['zh-CN']).join('、'),
    read: (v) =>
      cellText(v)
        .split(/[、,，;；/\s]+/)
        .filter(Boolean)
        .map((t) => {
          const k = AUDIENCES.get(t) ?? AUDIENCES.get(t.toLowerCase());
          if (!k) throw new CellError(`“${t}”不是活动对象；可填：${ZAudience.options.map((o) => AUDIENCE_LABELS[o]['zh-CN']).join('、')}`);
          return k;
        }),
  },
  expectedParticipants: {
    header: '预计人数',
    width: 8,
    write: (a) => a.expectedParticipants,
    read: (v) => {
      const t = cellText(v);
      if (t === '') return 0;
      // A whole number, negative or not: the contract's checks then name the rule (不能为负数, 不能大于 100000).
      if (!/^[-−]?\d+$/.test(t)) throw new CellError('应为整数');
      return Number(t.replace('−', '-'));
    },
  },
  personInCharge: { header: '负责人', width: 8, required: true, write: (a) => a.personInCharge, read: cellText },
  phone: { header: '联系电话', width: 15, write: (a) => a.phone, read: cellText },
  free: {
    header: '是否免费',
    width: 6,
    write: (a) => (a.free ? '是' : '否'),
    read: (v) => {
      const t = cellText(v).toLowerCase();
      if (['是', 'y', 'yes', 'true', '1', '免费'].includes(t)) return true;
      if (['否', 'n', 'no', 'false', '0', ''].includes(t)) return false;
      throw new CellError('应为“是”或“否”');
    },
  },
  notes: { header: '备注', width: 16, write: (a) => a.notes, read: cellText },
} satisfies Record<TActivityField, Omit<TScheduleColumn, 'field'>>;

/** The columns in the schedule table's order (ACTIVITY_FIELDS). */
export const SCHEDULE_COLUMNS: readonly TScheduleColumn[] = ACTIVITY_FIELDS.map((field) => ({ field, ...COLUMNS[field] }));
