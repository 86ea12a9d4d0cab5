import {
  AlignmentType,
  HeadingLevel,
  HeightRule,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { photoParagraph, wordDocument, type TDocxPhoto } from '../../../core/docx/word.js';

export interface TExemplarForm {
  kind: string;
  name: string;
  unitName: string;
  town: string;
  fields: readonly [label: string, value: string][];
  photos: readonly TDocxPhoto[];
}

/** A4's text width in twips (21 cm less Word's 2.54 cm margins): the label column and the rest. */
const WIDTHS = [2000, 7026] as const;
const cell = (text: string, column: 0 | 1) =>
  new TableCell({
    width: { size: WIDTHS[column], type: WidthType.DXA },
    children: text.split(/\r?\n/).map((l) => new Paragraph({ children: [new TextRun({ text: l, bold: column === 0 })] })),
  });
const row = (label: string, value: string) => new TableRow({ children: [cell(label, 0), cell(value, 1)] });
/**
 * An approval box (推荐单位意见（盖章）, 区审核意见): the label beside room to write the opinion,
 * then, at the foot on the right, where the signature, the seal and the date go.
 */
const approvalRow = (label: string, seal: boolean) =>
  new TableRow({
    height: { value: 2600, rule: HeightRule.ATLEAST },
    children: [
      new TableCell({
        width: { size: WIDTHS[0], type: WidthType.DXA },
        verticalAlign: VerticalAlign.CENTER,
        children: [new Paragraph({ children: [new TextRun({ text: label, bold: true })] })],
      }),
      new TableCell({
        width: { size: WIDTHS[1], type: WidthType.DXA },
        verticalAlign: VerticalAlign.BOTTOM,
        children: [
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            spacing: { before: 1200 },
            children: [new TextRun(`${seal ? '（盖章）' : ''}签字：＿＿＿＿＿＿＿＿`)],
          }),
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            spacing: { before: 200, after: 120 },
            children: [new TextRun('＿＿＿＿年＿＿月＿＿日')],
          }),
        ],
      }),
    ],
  });

const heading = (text: string) =>
  new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(text)] });

/**
 * 推荐表: one page per exemplar in the form a city-level recommendation asks for — a two-column
 * table of the particulars and the story, the boxes 推荐单位意见（盖章） and 区审核意见 with room
 * for the signature, seal and date, then up to three photos. Before any exemplar is
 * selected it is one page that says so, not a blank one.
 */
export function recommendationDocx(campaignTitle: string, forms: readonly TExemplarForm[]): Promise<Buffer> {
  const PHOTO_WIDTH = 280;
  const title = `${campaignTitle}典型推荐表`;
  if (forms.length === 0) {
    return wordDocument(title, [
      heading(`${campaignTitle}“百姓学习之星”和“终身学习品牌项目”推荐表`),
      new Paragraph({
        spacing: { before: 480 },
        indent: { firstLine: 480 },
        children: [
          new TextRun(
            '本届尚无入选的典型，暂无推荐表。评审后经组织办“入选”或“发布”的每个典型在此各占一页：基本情况、主要事迹或项目简介、成果与评审得分，并附照片。',
          ),
        ],
      }),
    ]);
  }
  return wordDocument(
    title,
    forms.flatMap((f, i) => [
      ...(i > 0 ? [new Paragraph({ children: [new PageBreak()] })] : []),
      heading(`${campaignTitle}“${f.kind}”推荐表`),
      new Table({
        width: { size: WIDTHS[0] + WIDTHS[1], type: WidthType.DXA },
        columnWidths: [...WIDTHS],
        rows: [
          row('名称', f.name),
          row('推荐单位', `${f.unitName}（${f.town}）`),
          ...f.fields.map(([label, value]) => row(label, value)),
          approvalRow('推荐单位意见（盖章）', true),
          approvalRow('区审核意见', false),
        ],
      }),
      ...f.photos.slice(0, 3).map((p) => photoParagraph(p, PHOTO_WIDTH, 200)),
    ]),
  );
}
