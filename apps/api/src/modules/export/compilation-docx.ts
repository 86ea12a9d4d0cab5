import { bodyText, bookmarked, pageRef, paragraph, run, SIZE, TAB, table, TEXT_WIDTH } from '../../core/docx/word-stream.js';

/**
 * The parts of a compilation (汇编) as the bureau binds it: a cover, the contents (each unit with
 * the page it starts on), then a unit per section, each starting on a new page.
 */

/**
 * The title of a unit's document: the unit, a full-width colon, the campaign's document —
 * "新北区春江镇社区教育中心：2026年全民终身学习活动周活动总结". The two names never run together,
 * whatever either begins or ends with.
 */
export const unitDocumentTitle = (unitName: string, campaignTitle: string, document: string) =>
  `${unitName.trim()}：${campaignTitle.trim()}${document}`;

/** The cover: the campaign's title, what the volume holds, the office and the date, centred down the page. */
export function cover(campaignTitle: string, volume: string, bureau: string, date: string, count: string): string {
  return [
    // The page's text is 12,756 twips high: these add up to about 10,600.
    paragraph(run(campaignTitle, { font: 'title', bold: true, size: 52 }), { align: 'center', before: 2400, line: 900 }),
    paragraph(run(volume, { font: 'title', bold: true, size: 72 }), { align: 'center', before: 480, line: 1200 }),
    paragraph(run(count, { size: SIZE.heading }), { align: 'center', before: 720 }),
    paragraph(run(bureau, { size: SIZE.heading }), { align: 'center', before: 3000 }),
    paragraph(run(date, { size: SIZE.heading }), { align: 'center', before: 200 }),
  ].join('');
}

export interface TContentsEntry {
  /** 1-based: the unit's number in the volume. */
  n: number;
  title: string;
  town: string;
  bookmark: string;
}

/** The contents: 目录, then a line per unit — number, name and town, a dotted leader, the page it starts on. */
export function contents(entries: readonly TContentsEntry[]): string {
  const lines = entries.map((e) =>
    paragraph(
      [
        run(`${e.n}．${e.title}（${e.town}）`, { size: SIZE.small }),
        TAB,
        pageRef(e.bookmark).replace(/<w:r>/g, `<w:r><w:rPr><w:sz w:val="${SIZE.small}"/></w:rPr>`),
      ],
      {
        tabs: [{ pos: TEXT_WIDTH, align: 'right', leader: 'dot' }],
        line: 440,
      },
    ),
  );
  return [
    paragraph(run('目　　录'), { style: 'Heading1', pageBreakBefore: true }),
    ...(entries.length ? lines : [paragraph(run('（尚无单位提交）'), { align: 'center' })]),
  ].join('');
}

/** A unit's heading on a new page, bookmarked for the contents, and the line under it (town, date). */
export function unitHeading(bookmarkId: number, bookmark: string, title: string, under: string): string {
  return [
    paragraph(bookmarked(bookmarkId, bookmark, run(title)), { style: 'Heading1', pageBreakBefore: true }),
    paragraph(run(under, { size: SIZE.small }), { align: 'center' }),
  ].join('');
}

/** A section heading inside a unit: 黑体, 3号. */
export const sectionHeading = (text: string) => paragraph(run(text), { style: 'Heading2', before: 280 });

export { bodyText };

/** A picture on its own line with its caption under it (5号, centred). */
export const figure = (picture: string, caption: string) =>
  [
    paragraph(picture, { align: 'center', line: 'auto', before: 200, keepNext: true }),
    paragraph(run(caption, { size: SIZE.note }), { align: 'center', line: 360 }),
  ].join('');

/** A schedule as a table the width of the text: 序号, 活动名称, 时间, 地点, 对象, 负责人 and phone. */
export function scheduleTable(
  rows: readonly (readonly [title: string, type: string, time: string, place: string, audiences: string, person: string])[],
): string {
  const widths = [700, 2300, 1750, 1600, 1094, 1400];
  return table(widths, [
    ['序号', '活动名称（类型）', '时间', '地点', '对象', '负责人'],
    ...rows.map(([title, type, time, place, audiences, person], i) => [
      String(i + 1),
      `${title}（${type}）`,
      time,
      place,
      audiences,
      person,
    ]),
  ]);
}
