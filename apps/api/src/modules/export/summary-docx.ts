import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, TextRun } from 'docx';

export interface TSummaryDocument {
  campaignTitle: string;
  unitName: string;
  town: string;
  submittedAt: string;
  activitiesHeld: number;
  participants: number;
  text: string;
  discDelivered: boolean;
  photos: readonly { jpeg: Buffer; width: number; height: number; caption: string }[];
}

/** Width of a photo on the page, in pixels at 96 dpi (A4 text width is about 600). */
const PHOTO_WIDTH = 560;

/** A unit's summary as the Word document the bureau files: title, key figures, the text, the typical photos. */
export function summaryDocx(s: TSummaryDocument): Promise<Buffer> {
  const doc = new Document({
    creator: 'learnweek',
    title: `${s.unitName}活动总结`,
    styles: { default: { document: { run: { font: 'SimSun', size: 24 } } } },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(`${s.unitName}${s.campaignTitle}活动总结`)] }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `${s.town}，提交于 ${s.submittedAt}`, color: '666666' })] }),
          new Paragraph({ children: [new TextRun({ text: `举办活动 ${s.activitiesHeld} 场，参与 ${s.participants} 人次。`, bold: true })] }),
          ...s.text.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => new Paragraph({ indent: { firstLine: 480 }, children: [new TextRun(l.trim())] })),
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('典型照片')] }),
          ...(s.photos.length === 0 && s.discDelivered ? [new Paragraph('照片光盘已送达。')] : []),
          ...s.photos.flatMap((p, i) => [
            new Paragraph({
              alignment: AlignmentType.CENTER,
              children: [new ImageRun({ type: 'jpg', data: p.jpeg, transformation: { width: PHOTO_WIDTH, height: Math.round((PHOTO_WIDTH * p.height) / p.width) } })],
            }),
            new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `图${i + 1} ${p.caption}`, size: 21 })] }),
          ]),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
