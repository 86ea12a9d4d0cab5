import type { Writable } from 'node:stream';
import { zipStream } from '../zip/zip-stream.js';
import type { TDocxPhoto } from './word.js';

/**
 * A Word document written as it is made, for the compilations (汇编) of a whole district: each
 * photo goes into the package (and out to the client) as soon as it is read, so memory holds one
 * photo at a time; only the text (a few kB a unit) waits for the end, when the package's
 * document part is written with the contents before it. Laid out after GB/T 9704-2012 (党政机关
 * 公文格式) where it fits a compilation: A4, margins 37/35/28/26 mm, body 3号 仿宋 at a fixed 28 pt
 * line, titles 2号 小标宋 (宋体 where missing), headings 3号 黑体, page numbers “— 1 —” centred
 * at the foot. The fonts are described in the font table as Word's own documents describe them,
 * so Word and WPS substitute a like face, and LibreOffice (runs marked zh-CN) a CJK one.
 */

/** Sizes in half-points (Word's w:sz): 2号 22 pt, 3号 16 pt, 4号 14 pt, 小4 12 pt, 5号 10.5 pt. */
export const SIZE = { title: 44, heading: 32, body: 32, small: 28, caption: 24, note: 21 } as const;
/** A4 and GB/T 9704's margins, in twips (1/1440 inch): top 37 mm, bottom 35 mm, left 28 mm, right 26 mm. */
const PAGE = { width: 11906, height: 16838, top: 2098, bottom: 1984, left: 1588, right: 1474 } as const;
/** The text's width in twips. */
export const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
/** The body's fixed line: 28 pt (22 lines a page as the standard asks). */
const LINE = 560;

const FONTS = {
  body: '仿宋',
  heading: '黑体',
  title: '宋体',
} as const;

const FONT_TABLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/><w:sig w:usb0="800002BF" w:usb1="38CF7CFA" w:usb2="00000016" w:usb3="00000000" w:csb0="00040001" w:csb1="00000000"/></w:font>
<w:font w:name="黑体"><w:altName w:val="SimHei"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/><w:sig w:usb0="800002BF" w:usb1="38CF7CFA" w:usb2="00000016" w:usb3="00000000" w:csb0="00040001" w:csb1="00000000"/></w:font>
<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/><w:sig w:usb0="00000003" w:usb1="288F0000" w:usb2="00000016" w:usb3="00000000" w:csb0="00040001" w:csb1="00000000"/></w:font>
<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>
</w:fonts>`;

const rFonts = (eastAsia: string) =>
  `<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="${eastAsia}" w:cs="Times New Roman"/>`;

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr>${rFonts(FONTS.body)}<w:sz w:val="${SIZE.body}"/><w:szCs w:val="${SIZE.body}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="${LINE}" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="0" w:after="280" w:line="720" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr><w:rPr>${rFonts(FONTS.title)}<w:b/><w:sz w:val="${SIZE.title}"/><w:szCs w:val="${SIZE.title}"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="0" w:after="280" w:line="640" w:lineRule="exact"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr>${rFonts(FONTS.title)}<w:b/><w:sz w:val="${SIZE.title}"/><w:szCs w:val="${SIZE.title}"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr>${rFonts(FONTS.heading)}<w:sz w:val="${SIZE.heading}"/><w:szCs w:val="${SIZE.heading}"/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>`;

const SETTINGS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:updateFields w:val="true"/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`;

/** The page number as GB/T 9704 prints it: “— 1 —”, 4号 宋体, centred. */
const FOOTER = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/><w:spacing w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:rPr>${rFonts(FONTS.title)}<w:sz w:val="${SIZE.small}"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r><w:r><w:rPr><w:sz w:val="${SIZE.small}"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:rPr><w:sz w:val="${SIZE.small}"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:rPr><w:sz w:val="${SIZE.small}"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:sz w:val="${SIZE.small}"/></w:rPr><w:t>1</w:t></w:r><w:r><w:rPr><w:sz w:val="${SIZE.small}"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r><w:r><w:rPr>${rFonts(FONTS.title)}<w:sz w:val="${SIZE.small}"/></w:rPr><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`;

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`;

/** Text safe inside XML, without the characters XML 1.0 cannot hold. */
export const xml = (s: string) =>
  s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

export interface TRunStyle {
  bold?: boolean;
  font?: keyof typeof FONTS;
  size?: number;
  color?: string;
}

/** A run of text. */
export const run = (text: string, s: TRunStyle = {}) =>
  `<w:r><w:rPr>${s.font ? rFonts(FONTS[s.font]) : ''}${s.bold ? '<w:b/>' : ''}${s.color ? `<w:color w:val="${s.color}"/>` : ''}${s.size ? `<w:sz w:val="${s.size}"/><w:szCs w:val="${s.size}"/>` : ''}</w:rPr><w:t xml:space="preserve">${xml(text)}</w:t></w:r>`;

export interface TParagraphStyle {
  style?: 'Title' | 'Heading1' | 'Heading2';
  align?: 'left' | 'center' | 'right' | 'both';
  /** First-line indent in characters (正文 indents two). */
  indentChars?: number;
  /** Space before, in twips. */
  before?: number;
  /** Line height in twips, exact (the body's 28 pt unless said); 'auto' for a line holding a picture. */
  line?: number | 'auto';
  pageBreakBefore?: boolean;
  keepNext?: boolean;
  /** Tab stops: position in twips, alignment, leader. */
  tabs?: { pos: number; align: 'left' | 'right'; leader?: 'dot' }[];
}

/** A paragraph of runs (from `run`, `pageRef`, or a picture's). */
export function paragraph(runs: string | string[], p: TParagraphStyle = {}): string {
  const props = [
    p.style ? `<w:pStyle w:val="${p.style}"/>` : '',
    p.keepNext ? '<w:keepNext/>' : '',
    p.pageBreakBefore ? '<w:pageBreakBefore/>' : '',
    p.tabs
      ? `<w:tabs>${p.tabs.map((t) => `<w:tab w:val="${t.align}"${t.leader ? ` w:leader="${t.leader}"` : ''} w:pos="${t.pos}"/>`).join('')}</w:tabs>`
      : '',
    p.before !== undefined || p.line !== undefined
      ? `<w:spacing${p.before !== undefined ? ` w:before="${p.before}"` : ''}${p.line === 'auto' ? ' w:line="240" w:lineRule="auto"' : p.line !== undefined ? ` w:line="${p.line}" w:lineRule="exact"` : ''}/>`
      : '',
    p.indentChars ? `<w:ind w:firstLineChars="${p.indentChars * 100}" w:firstLine="${p.indentChars * SIZE.body * 10}"/>` : '',
    p.align ? `<w:jc w:val="${p.align}"/>` : '',
  ].join('');
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${Array.isArray(runs) ? runs.join('') : runs}</w:p>`;
}

/** Body text: a paragraph per non-blank line, each indented two characters. */
export const bodyText = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => paragraph(run(l), { indentChars: 2 }));

/** A tab (to the next tab stop). */
export const TAB = '<w:r><w:tab/></w:r>';

/** The page a bookmark falls on, as a field Word and LibreOffice compute when they lay the document out. */
export const pageRef = (bookmark: string) =>
  `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF ${bookmark} \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`;

/** Runs wrapped in a bookmark named `name` (ids numbered by the caller). */
export const bookmarked = (id: number, name: string, runs: string) =>
  `<w:bookmarkStart w:id="${id}" w:name="${name}"/>${runs}<w:bookmarkEnd w:id="${id}"/>`;

const cellXml = (width: number, content: string, shade = false) =>
  `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${shade ? '<w:shd w:val="clear" w:color="auto" w:fill="EDEDED"/>' : ''}<w:vAlign w:val="center"/></w:tcPr>${content}</w:tc>`;

/** A bordered table: widths in twips, the first row a shaded header; cells are plain text in 5号. */
export function table(widths: readonly number[], rows: readonly (readonly string[])[], header = true): string {
  const border =
    '<w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>';
  const cellText = (text: string, head: boolean) =>
    (text === '' ? [''] : text.split(/\r?\n/))
      .map((l) =>
        paragraph(l === '' ? '' : run(l, { size: SIZE.note, bold: head, font: head ? 'heading' : undefined }), {
          line: 'auto',
          align: head ? 'center' : 'left',
        }),
      )
      .join('');
  const trs = rows.map(
    (r, i) =>
      `<w:tr>${i === 0 && header ? '<w:trPr><w:tblHeader/></w:trPr>' : ''}${r.map((c, j) => cellXml(widths[j]!, cellText(c, i === 0 && header), i === 0 && header)).join('')}</w:tr>`,
  );
  return `<w:tbl><w:tblPr><w:tblW w:w="${widths.reduce((a, b) => a + b, 0)}" w:type="dxa"/><w:tblBorders>${border}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>${trs.join('')}</w:tbl>`;
}

/** Pixels (96 dpi) as EMUs, the unit of a drawing's size. */
const EMU_PER_PX = 9525;

export interface TWordStream {
  /** Adds a JPEG to the package now (it leaves for the client at once) and returns its picture run, `width` pixels wide at 96 dpi, at most `maxHeight` high. */
  picture(photo: TDocxPhoto, width: number, maxHeight: number): Promise<string>;
  /** Writes the document part: `parts` in order (the caller puts the contents, known only now, before the units), then ends the package. */
  finish(parts: readonly string[]): Promise<void>;
}

/** Opens a streamed Word package on `out` with its fixed parts written. */
export async function wordStream(out: Writable, title: string, createdAt: Date): Promise<TWordStream> {
  const zip = zipStream(out);
  /** One entry at a time: the next is given only once the last has gone into the stream. */
  const add = (data: Buffer | string, name: string, store = false) => zip.add(data, name, store);
  const created = createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  await add(CONTENT_TYPES, '[Content_Types].xml');
  await add(ROOT_RELS, '_rels/.rels');
  await add(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${xml(title)}</dc:title><dc:creator>learnweek</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created></cp:coreProperties>`,
    'docProps/core.xml',
  );
  await add(STYLES, 'word/styles.xml');
  await add(SETTINGS, 'word/settings.xml');
  await add(FONT_TABLE, 'word/fontTable.xml');
  await add(FOOTER, 'word/footer1.xml');
  const images: string[] = [];
  return {
    async picture(photo, width, maxHeight) {
      const n = images.length + 1;
      const id = `rIdImg${n}`;
      images.push(
        `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image${n}.jpeg"/>`,
      );
      await add(photo.jpeg, `word/media/image${n}.jpeg`, true);
      let w = width;
      let h = Math.round((width * photo.height) / Math.max(1, photo.width));
      if (h > maxHeight) {
        w = Math.round((w * maxHeight) / h);
        h = maxHeight;
      }
      const cx = w * EMU_PER_PX;
      const cy = h * EMU_PER_PX;
      return `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${cx}" cy="${cy}"/><wp:docPr id="${n}" name="图片${n}"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="${n}" name="image${n}.jpeg"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="${id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;
    },
    async finish(parts) {
      await add(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>${images.join('')}</Relationships>`,
        'word/_rels/document.xml.rels',
      );
      const section = `<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"/><w:pgMar w:top="${PAGE.top}" w:right="${PAGE.right}" w:bottom="${PAGE.bottom}" w:left="${PAGE.left}" w:header="851" w:footer="992" w:gutter="0"/><w:titlePg/><w:docGrid w:type="lines" w:linePitch="${LINE}"/></w:sectPr>`;
      await add(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>${parts.join('')}${section}</w:body></w:document>`,
        'word/document.xml',
      );
      await zip.finish();
    },
  };
}
