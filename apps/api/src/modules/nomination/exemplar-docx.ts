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

const cell = (text: string, bold = false, width = 25) =>
  new TableCell({ width: { size: width, type: WidthType.PERCENTAGE }, children: text.split(/\r?\n/).map((l) => new Paragraph({ children: [new TextRun({ text: l, bold })] })) });

/**
 * 推荐表: one page per exemplar in the form a city-level recommendation asks for — a two-column
 * table of the particulars and the story, then up to three photos.
 */
export function recommendationDocx(campaignTitle: string, forms: readonly TExemplarForm[]): Promise<Buffer> {
  const PHOTO_WIDTH = 280;
  return wordDocument(
    `${campaignTitle}典型推荐表`,
    forms.flatMap((f, i) => [
      ...(i > 0 ? [new Paragraph({ children: [new PageBreak()] })] : []),
      new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(`${campaignTitle}“${f.kind}”推荐表`)] }),
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ children: [cell('名称', true), cell(f.name, false, 75)] }),
          new TableRow({ children: [cell('推荐单位', true), cell(`${f.unitName}（${f.town}）`, false, 75)] }),
          ...f.fields.map(([label, value]) => new TableRow({ children: [cell(label, true), cell(value, false, 75)] })),
        ],
      }),
      ...f.photos.slice(0, 3).map((p) => photoParagraph(p, PHOTO_WIDTH, 200)),
    ]),
  );
}
