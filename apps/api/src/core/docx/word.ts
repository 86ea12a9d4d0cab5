import { AlignmentType, Document, ImageRun, Packer, Paragraph, type FileChild } from 'docx';

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A photo to put on a page: the JPEG and its proportions. */
export interface TDocxPhoto {
  jpeg: Buffer;
  width: number;
  height: number;
}

/** A Word document as the bureau files them: Song typeface, small four (小四), one section. */
export function wordDocument(title: string, children: FileChild[]): Promise<Buffer> {
  const doc = new Document({
    creator: 'learnweek',
    title,
    styles: { default: { document: { run: { font: 'SimSun', size: 24 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

/** A photo centred on its own line, `width` pixels wide (96 dpi; A4's text width is about 600). */
export const photoParagraph = (p: TDocxPhoto, width: number, spacingBefore = 0) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    ...(spacingBefore ? { spacing: { before: spacingBefore } } : {}),
    children: [new ImageRun({ type: 'jpg', data: p.jpeg, transformation: { width, height: Math.round((width * p.height) / p.width) } })],
  });
