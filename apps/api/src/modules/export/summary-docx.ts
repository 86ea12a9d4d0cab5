import { AlignmentType, HeadingLevel, Paragraph, TextRun } from 'docx';
import { photoParagraph, wordDocument, type TDocxPhoto } from '../../core/docx/word.js';
import { unitDocumentTitle } from './compilation-docx.js';

export interface TSummaryDocument {
  campaignTitle: string;
  unitName: string;
  town: string;
  submittedAt: string;
  activitiesHeld: number;
  participants: number;
  text: string;
  discDelivered: boolean;
  photos: readonly (TDocxPhoto & { caption: string })[];
}

/** Width of a photo on the page, in pixels at 96 dpi (A4 text width is about 600). */
const PHOTO_WIDTH = 560;

/** A unit's summary as the Word document the bureau files: title, key figures, the text, the typical photos. */
export function summaryDocx(s: TSummaryDocument): Promise<Buffer> {
  return wordDocument(`${s.unitName}活动总结`, [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun(unitDocumentTitle(s.unitName, s.campaignTitle, '活动总结'))],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: `${s.town}，提交于 ${s.submittedAt}`, color: '666666' })],
    }),
    new Paragraph({ children: [new TextRun({ text: `举办活动 ${s.activitiesHeld} 场，参与 ${s.participants} 人次。`, bold: true })] }),
    ...s.text
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((l) => new Paragraph({ indent: { firstLine: 480 }, children: [new TextRun(l.trim())] })),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('典型照片')] }),
    ...(s.photos.length === 0 && s.discDelivered ? [new Paragraph('照片光盘已送达。')] : []),
    ...s.photos.flatMap((p, i) => [
      photoParagraph(p, PHOTO_WIDTH),
      new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `图${i + 1} ${p.caption}`, size: 21 })] }),
    ]),
  ]);
}
