import ExcelJS from 'exceljs';

/** The schedule sheet's header row, as the coordinator's template has it (required columns starred). */
export const SCHEDULE_HEADERS = [
  '序号',
  '活动名称*',
  '活动类型*',
  '活动形式',
  '开始时间*',
  '结束时间*',
  '活动地点*',
  '活动对象',
  '预计人数',
  '负责人*',
  '联系电话',
  '是否免费',
  '备注',
];

export type Cell = string | number | Date;

/** The cells of one schedule row, by column. */
export interface ScheduleCells {
  no: Cell;
  form: Cell;
  start: Cell;
  end: Cell;
  place: Cell;
  audiences: Cell;
  expected: Cell;
  person: Cell;
  phone: Cell;
  free: Cell;
  note: Cell;
}

/**
 * One row of a schedule sheet as a coordinator types it: by default a free two-hour activity on
 * the morning of 24 October 2017 (China time) in 培训楼 201, for residents and the elderly; `o` sets other cells.
 */
export function scheduleRow(title: string, type = '培训', o: Partial<ScheduleCells> = {}): Cell[] {
  const c: ScheduleCells = {
    no: 1,
    form: '现场',
    start: '2017-10-24 09:00',
    end: '2017-10-24 11:00',
    place: '培训楼 201',
    audiences: '社区居民、老年人',
    expected: 60,
    person: '王老师',
    phone: '0519-85123456',
    free: '是',
    note: '',
    ...o,
  };
  return [c.no, title, type, c.form, c.start, c.end, c.place, c.audiences, c.expected, c.person, c.phone, c.free, c.note];
}

/** An .xlsx of one sheet: a header row, then rows (a schedule sheet unless named otherwise). */
export async function sheetOf(rows: Cell[][], name = '活动安排表', headers: string[] = SCHEDULE_HEADERS): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(name);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}
