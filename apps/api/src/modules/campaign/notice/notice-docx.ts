import type { TRenderedNotice } from '@learnweek/contracts';
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IRunOptions,
} from 'docx';
import { withFontTable } from '../../../core/docx/word.js';
import { SCHEDULE_COLUMNS } from '../../../core/xlsx/schedule-columns.js';

/**
 * The notice as a 公文 (GB/T 9704-2012, docs/ARCHITECTURE.md "The notice"): A4; the type area 156 × 225
 * mm at 37 mm from the top and 28 mm from the left (5.2); 22 lines of 28 characters of 3号 仿宋 (16 pt):
 * the section's line grid (28.95 pt) with an exact line height, and the characters' pitch (TIGHTEN), so
 * that Word, WPS and LibreOffice break the lines alike; the red header,
 * the document number, the title, the addressees, the body's four levels, the attachment line, the
 * signature and date, page numbers “— 1 —” (7.5), and the attachment as a section of its own.
 */

const MM = 1440 / 25.4;
const twips = (mm: number) => Math.round(mm * MM);
/** 5.2.1 and 5.2.2: the page and its type area. */
export const PAGE = {
  width: twips(210),
  height: twips(297),
  top: twips(37),
  left: twips(28),
  right: twips(210 - 28 - 156),
  bottom: twips(297 - 37 - 225),
};
/** 5.2.3: 22 lines a page (225 mm / 22 = 28.95 pt) and 28 characters a line (156 mm / 28) of the 16 pt body. */
export const LINE = 579;
/** A character's pitch: the type area's width over 28 (15.79 pt). */
export const CHAR = Math.round((156 / 28) * MM);
/**
 * The body's characters drawn 0.25 pt closer (w:spacing −5 twentieths), 15.75 pt apart, so that 28 fill
 * the line's 156 mm in Word, WPS and LibreOffice alike. A character grid (linesAndChars, charSpace −849)
 * would say the same to Word, but LibreOffice sets a glyph wider than its cell in two cells: 14 a line.
 */
export const TIGHTEN = -5;
/** Half-point sizes: 2号 22 pt (the title), 3号 16 pt (the body), 4号 14 pt (page numbers, 版记). */
const SIZE = { title: 44, body: 32, small: 28 } as const;

/**
 * The faces the standard names, by their usual names in Chinese Word and WPS, with Windows' and a
 * generic Song/Hei family beside them in the font table so a machine without them substitutes a face
 * of the same style (LibreOffice on Linux: Noto Serif/Sans CJK SC).
 */
export const FONTS = { body: '仿宋_GB2312', title: '方正小标宋简体', h1: '黑体', h2: '楷体_GB2312', number: '宋体' } as const;
const FONT_TABLE = [
  [FONTS.body, 'FangSong', '02010609030101010101', 'modern'],
  [FONTS.title, 'SimSun', '02000000000000000000', 'script'],
  [FONTS.h1, 'SimHei', '02010609060101010101', 'modern'],
  [FONTS.h2, 'KaiTi', '02010609030101010101', 'modern'],
  [FONTS.number, 'SimSun', '02010600030101010101', 'auto'],
]
  .map(
    ([name, alt, panose, family]) =>
      `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:panose1 w:val="${panose}"/><w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="variable"/></w:font>`,
  )
  .join('');

/**
 * A run in `face`: every script of it in that face and hinted East Asian, so that the punctuation
 * Word counts as Latin (“ ” ‘ ’ — …) is set in the Chinese face too, full width.
 */
const run = (text: string, face: string, size: number = SIZE.body, extra: IRunOptions = {}) =>
  new TextRun({
    text,
    font: { ascii: face, hAnsi: face, eastAsia: face, cs: face, hint: 'eastAsia' },
    size,
    ...(size === SIZE.body ? { characterSpacing: TIGHTEN } : {}),
    ...extra,
  });

const exact = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
const blank = () => new Paragraph({ spacing: exact, children: [run('', FONTS.body)] });
/** A body paragraph: the first line two characters in (7.3.3). */
const para = (children: TextRun[], o: { indentChars?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
  new Paragraph({
    spacing: exact,
    alignment: o.align ?? AlignmentType.JUSTIFIED,
    indent: o.indentChars === undefined ? { firstLine: 2 * CHAR } : { left: o.indentChars * CHAR },
    children,
  });

/** How many body characters wide a line of text is: digits and Latin letters are half. */
export const widthInChars = (s: string) => [...s].reduce((n, ch) => n + (/[\x20-\x7e]/.test(ch) ? 0.5 : 1), 0);

/** 7.2: the issuing body's mark in red (or room for paper that carries it), the number, the red rule 4 mm below. */
function header(n: TRenderedNotice, red: boolean): Paragraph[] {
  const mark = red
    ? new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 0, after: 0, line: 1200, lineRule: LineRuleType.EXACT },
        children: [run(`${n.issuer}文件`, FONTS.title, 80, { color: 'E60012' })],
      })
    : new Paragraph({ spacing: { before: 0, after: 0, line: 1200, lineRule: LineRuleType.EXACT }, children: [] });
  const number = new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: exact,
    border: red ? { bottom: { style: BorderStyle.SINGLE, size: 12, color: 'E60012', space: 11 } } : undefined,
    children: [run(n.number, FONTS.body)],
  });
  return [mark, blank(), blank(), number];
}

/** 7.3.1–7.3.3: the title centred in 2号 小标宋 two lines below the rule, the addressees a line below it, the body. */
function body(n: TRenderedNotice): Paragraph[] {
  const out = [
    blank(),
    blank(),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { ...exact, line: 700 },
      children: [run(n.title, FONTS.title, SIZE.title)],
    }),
    blank(),
    para([run(n.addressees, FONTS.body)], { indentChars: 0 }),
  ];
  for (const b of n.body) {
    if (b.level === 0) out.push(para([run(b.text, FONTS.body)]));
    else if (b.level === 1) out.push(para([run(`${b.lead}${b.text}`, FONTS.h1)]));
    else if (b.level === 2) out.push(para([run(`${b.lead}${b.text}`, FONTS.h2)]));
    else out.push(para([run(b.lead, FONTS.body), run(b.text, FONTS.body)]));
  }
  return out;
}

/** 7.3.4: 附件 a line below the body, two characters in; several are numbered, their names aligned. */
function attachmentLines(n: TRenderedNotice): Paragraph[] {
  if (!n.attachments.length) return [];
  if (n.attachments.length === 1) return [blank(), para([run(`附件：${n.attachments[0]}`, FONTS.body)])];
  return [
    blank(),
    ...n.attachments.map((a, i) =>
      i === 0
        ? para([run(`附件：1. ${a}`, FONTS.body)])
        : new Paragraph({ spacing: exact, indent: { left: 5 * CHAR }, children: [run(`${i + 1}. ${a}`, FONTS.body)] }),
    ),
  ];
}

/**
 * 7.3.5.2 (without a seal): the issuing body a line below, two characters from the right; the date on
 * the next line, its first character two to the right of the body's first.
 */
export function signaturePlacement(issuer: string, date: string): { issuerLeft: number; dateLeft: number } {
  // A body longer than the line allows starts at the margin (its name wraps).
  const issuerLeft = Math.max(0, 28 - 2 - widthInChars(issuer));
  const dateLeft = Math.max(0, Math.min(issuerLeft + 2, 28 - widthInChars(date)));
  return { issuerLeft, dateLeft };
}

function signature(n: TRenderedNotice): Paragraph[] {
  const { issuerLeft, dateLeft } = signaturePlacement(n.issuer, n.signedOn);
  return [
    blank(),
    new Paragraph({ spacing: exact, indent: { left: Math.round(issuerLeft * CHAR) }, children: [run(n.issuer, FONTS.body)] }),
    new Paragraph({ spacing: exact, indent: { left: Math.round(dateLeft * CHAR) }, children: [run(n.signedOn, FONTS.body)] }),
  ];
}

/** 7.4 版记: 抄送 and 印发, 4号 仿宋, between rules, when the notice has them. */
function imprint(n: TRenderedNotice): Paragraph[] {
  const rows = [n.copyTo && `抄送：${n.copyTo}`, n.printedBy && `${n.printedBy}\u3000\u3000${n.signedOn}印发`].filter(Boolean) as string[];
  if (!rows.length) return [];
  return [
    blank(),
    ...rows.map(
      (text, i) =>
        new Paragraph({
          spacing: exact,
          indent: { left: CHAR, right: CHAR },
          border: {
            ...(i === 0 ? { top: { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 1 } } : {}),
            bottom: { style: BorderStyle.SINGLE, size: i === rows.length - 1 ? 8 : 4, color: '000000', space: 1 },
          },
          children: [run(text, FONTS.body, SIZE.small)],
        }),
    ),
  ];
}

/** 7.5: the page number's dash 7 mm below the type area (the footer's distance from the page's foot, to the line's foot). */
const FOOTER_MM = 21.5;

/** 7.5: “— 1 —” in 4号 宋体, one character in from the right on odd pages and from the left on even ones. */
const pageNumber = (odd: boolean) =>
  new Footer({
    children: [
      new Paragraph({
        alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: odd ? { right: CHAR } : { left: CHAR },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: FONTS.number, size: SIZE.small })],
      }),
    ],
  });

/** 8: 附件 in 黑体 at the top left, its name centred, then the activity schedule with its columns and rows to fill in. */
function attachment(name: string): (Paragraph | Table)[] {
  const width = PAGE.width - PAGE.left - PAGE.right;
  const each = Math.floor(width / SCHEDULE_COLUMNS.length);
  const cell = (text: string, header: boolean) =>
    new TableCell({
      width: { size: each, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, header ? FONTS.h1 : FONTS.body, 21)] })],
    });
  return [
    new Paragraph({ spacing: exact, children: [run('附件', FONTS.h1)] }),
    blank(),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { ...exact, line: 700 }, children: [run(name, FONTS.title, SIZE.title)] }),
    blank(),
    new Table({
      width: { size: each * SCHEDULE_COLUMNS.length, type: WidthType.DXA },
      columnWidths: SCHEDULE_COLUMNS.map(() => each),
      rows: [
        new TableRow({ tableHeader: true, children: SCHEDULE_COLUMNS.map((c) => cell(c.header, true)) }),
        ...Array.from(
          { length: 8 },
          () => new TableRow({ height: { value: 567, rule: 'atLeast' }, children: SCHEDULE_COLUMNS.map(() => cell('', false)) }),
        ),
      ],
    }),
  ];
}

/** Every section's page: A4, the type area, the line grid, the page numbers. */
const section = {
  properties: {
    page: {
      size: { width: PAGE.width, height: PAGE.height },
      margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: twips(15), footer: twips(FOOTER_MM) },
    },
    grid: { type: DocumentGridType.LINES, linePitch: LINE },
  },
  footers: { default: pageNumber(true), even: pageNumber(false) },
};

/** The notice as a .docx (GB/T 9704-2012). */
export async function noticeDocx(n: TRenderedNotice, o: { redHeader: boolean }): Promise<Buffer> {
  const doc = new Document({
    creator: 'learnweek',
    title: n.title,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: FONTS.body, size: SIZE.body, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: exact },
        },
      },
      // The grid's character pitch is reckoned from Normal's size (LibreOffice reads it there, not in the defaults).
      paragraphStyles: [{ id: 'Normal', name: 'Normal', run: { font: FONTS.body, size: SIZE.body } }],
    },
    // The notice, then its attachment as a section of its own (a new page; the page numbers run on).
    sections: [
      { ...section, children: [...header(n, o.redHeader), ...body(n), ...attachmentLines(n), ...signature(n), ...imprint(n)] },
      ...(n.attachments[0] ? [{ ...section, children: attachment(n.attachments[0]) }] : []),
    ],
  });
  return withFontTable(doc, FONT_TABLE);
}
