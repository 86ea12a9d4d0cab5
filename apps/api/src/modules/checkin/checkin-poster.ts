import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/**
 * A CJK font for the poster: the configured one (`PDF_FONT`, with `PDF_FONT_NAME` for a collection,
 * checked at start), else the usual places on Debian, macOS and Windows.
 */
const FONTS: readonly [string, string | undefined][] = [
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', 'NotoSansCJKsc-Bold'],
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYiMicroHei'],
  ['/System/Library/Fonts/PingFang.ttc', 'PingFangSC-Regular'],
  ['C:\\Windows\\Fonts\\msyh.ttc', 'MicrosoftYaHei'],
];
export function posterFont(configured: [string, string | undefined] | undefined): [string, string | undefined] | null {
  return configured ?? FONTS.find(([file]) => existsSync(file)) ?? null;
}

export interface TPoster {
  campaignTitle: string;
  theme: string;
  sessionName: string;
  venue: string;
  /** The absolute self check-in URL the QR encodes. */
  url: string;
  font: [string, string | undefined];
}

/** An A4 poster for the venue: title, theme, the session, a large QR and how to use it. */
export async function posterPdf(p: TPoster): Promise<Buffer> {
  const qr = await QRCode.toBuffer(p.url, { errorCorrectionLevel: 'M', margin: 1, width: 1200 });
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `${p.sessionName}签到二维码`, Author: 'learnweek' } });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', p.font[0], p.font[1]);
  doc.font('cjk');
  const width = doc.page.width - 112;
  doc.fillColor('#1d3a8a').fontSize(26).text(p.campaignTitle, { align: 'center', width });
  if (p.theme) doc.moveDown(0.3).fillColor('#c0392b').fontSize(16).text(p.theme, { align: 'center', width });
  doc.moveDown(0.8).fillColor('#222222').fontSize(30).text(`${p.sessionName} · 扫码签到`, { align: 'center', width });
  doc.moveDown(0.3).fillColor('#555555').fontSize(14).text(p.venue, { align: 'center', width });
  const size = 340;
  const top = doc.y + 24;
  doc.image(qr, (doc.page.width - size) / 2, top, { width: size, height: size });
  doc.y = top + size + 24;
  doc.fillColor('#222222').fontSize(16).text('请用手机微信或相机扫描二维码，填写姓名即可签到', { align: 'center', width });
  doc
    .moveDown(0.3)
    .fillColor('#777777')
    .fontSize(11)
    .text('同一人重复扫码只计一次；没有智能手机的来宾请到签到台由工作人员登记', { align: 'center', width });
  // The link on one line where it fits at 6–9 pt: someone typing it from the paper reads it whole (a
  // wrap at a '-' of the secret reads as a hyphenation, and text extraction drops it).
  const urlSize = Math.max(6, Math.min(9, (9 * width) / doc.fontSize(9).widthOfString(p.url)));
  const fits = doc.fontSize(urlSize).widthOfString(p.url) <= width;
  doc.moveDown(0.6).fontSize(urlSize).fillColor('#999999').text(p.url, { align: 'center', width, lineBreak: !fits });
  doc.end();
  return done;
}
