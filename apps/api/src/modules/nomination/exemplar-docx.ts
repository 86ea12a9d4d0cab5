import { AlignmentType, HeadingLevel, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { photoParagraph, wordDocument, type TDocxPhoto } from '../../core/docx/word.js';

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
const heading = (text: string) => new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(text)] });

/**
 * 推荐表: one page per exemplar in the form a city-level recommendation asks for — a two-column
 * table of the particulars and the story, then up to three photos. Before any exemplar is
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
        children: [new TextRun('本届尚无入选的典型，暂无推荐表。评审后经组织办“入选”或“发布”的每个典型在此各占一页：基本情况、主要事迹或项目简介、成果与评审得分，并附照片。')],
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
        rows: [row('名称', f.name), row('推荐单位', `${f.unitName}（${f.town}）`), ...f.fields.map(([label, value]) => row(label, value))],
      }),
      ...f.photos.slice(0, 3).map((p) => photoParagraph(p, PHOTO_WIDTH, 200)),
    ]),
  );
}
