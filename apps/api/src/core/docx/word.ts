import { AlignmentType, Document, ImageRun, Packer, Paragraph, type FileChild } from 'docx';
import JSZip from 'jszip';

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A photo to put on a page: the JPEG and its proportions. */
export interface TDocxPhoto {
  jpeg: Buffer;
  width: number;
  height: number;
}

/**
 * The fonts the document names, described as Word's own documents describe them: SimSun (宋体)
 * with its GB2312 charset, PANOSE and Unicode ranges, so that Word and WPS on a machine without
 * it substitute a Song-style Chinese font, and LibreOffice (with the runs marked zh-CN) falls back
 * to an installed CJK font such as Noto Serif/Sans CJK SC instead of boxes.
 */
const FONT_TABLE = `<w:font w:name="SimSun"><w:altName w:val="宋体"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/><w:sig w:usb0="00000003" w:usb1="288F0000" w:usb2="00000016" w:usb3="00000000" w:csb0="00040001" w:csb1="00000000"/></w:font><w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>`;

/** A Word document as the bureau files them: Song typeface (宋体) for Chinese, small four (小四), A4, one section. */
export async function wordDocument(title: string, children: FileChild[]): Promise<Buffer> {
  const doc = new Document({
    creator: 'learnweek',
    title,
    styles: {
      default: {
        document: {
          run: {
            font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'SimSun' },
            size: 24,
            language: { value: 'en-US', eastAsia: 'zh-CN' },
          },
        },
      },
    },
    sections: [{ children }],
  });
  return withFontTable(doc, FONT_TABLE);
}

/** `doc` packed, its font table holding `fonts` (w:font entries: how a machine without a face picks a substitute). */
export async function withFontTable(doc: Document, fonts: string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await Packer.toBuffer(doc));
  const table = await zip.file('word/fontTable.xml')!.async('string');
  // docx writes the table empty (<w:fonts …/>) unless it embeds fonts.
  zip.file(
    'word/fontTable.xml',
    table.replace(/<w:fonts([^>]*?)\/>|<\/w:fonts>/, (_, attrs?: string) =>
      attrs === undefined ? `${fonts}</w:fonts>` : `<w:fonts${attrs}>${fonts}</w:fonts>`,
    ),
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A photo centred on its own line, `width` pixels wide (96 dpi; A4's text width is about 600). */
export const photoParagraph = (p: TDocxPhoto, width: number, spacingBefore = 0) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    ...(spacingBefore ? { spacing: { before: spacingBefore } } : {}),
    children: [new ImageRun({ type: 'jpg', data: p.jpeg, transformation: { width, height: Math.round((width * p.height) / p.width) } })],
  });
