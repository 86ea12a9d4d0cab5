import { type TCampaign, type TCampaignNotice, type TDocumentRegister, type TNoticeInput } from '@learnweek/contracts';
import { createPrismaClient, DEMO_CAMPAIGN_2017, hashPassword, type DatabaseHandle, type PrismaClient } from '@learnweek/db';
import JSZip from 'jszip';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { createDemoTestDatabase } from '../src/demo/seed-demo.js';
import { CHAR, LINE, PAGE, signaturePlacement, TIGHTEN, widthInChars } from '../src/modules/campaign/notice/notice-docx.js';
import { binary, printElsewhere, type TPrinted } from './files.js';
import { PASSWORD, startApp, type TestApp } from './harness.js';

/**
 * The campaign's notice (issue 26; docs/ARCHITECTURE.md "The notice"): the demo's 2017 notice as Word in
 * 公文 format, read clause by clause from its XML (GB/T 9704-2012) and as LibreOffice prints it; the
 * register of document numbers; who may read and write it; a clone's notice a year on.
 */
let db: DatabaseHandle;
let prisma: PrismaClient;
let t: TestApp;
let campaignId: string;
let xml: { document: string; settings: string; footers: Record<string, string>; fonts: string };
const COORDINATOR = 'coord-XB-C001';

const organizer = () => t.as('organizer');
/** PUT the notice's words, as the organizer unless said. */
const saveNotice = async (id: string, body: unknown, user = 'organizer') =>
  t.http
    .put(`/api/campaigns/${id}/notice`)
    .set(await t.as(user))
    .send(body as object);
const noticeOf = async (id: string, user = 'organizer') => {
  const r = await t.http.get(`/api/campaigns/${id}/notice`).set(await t.as(user));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as TCampaignNotice;
};
/** Every run of the body (w:r elements of word/document.xml) with its text and properties. */
const runs = () =>
  [...xml.document.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((m) => ({
    props: /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(m[1]!)?.[1] ?? '',
    text: [...m[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((x) => x[1]).join(''),
  }));
/** The paragraph (w:p) of the body whose text is `text`, or else the first that starts with it. */
const paragraphWith = (text: string) => {
  const ps = [...xml.document.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].map((m) => ({
    xml: m[1]!,
    text: [...m[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((x) => x[1]).join(''),
  }));
  const p = ps.find((x) => x.text === text) ?? ps.find((x) => x.text.startsWith(text));
  if (!p) throw new Error(`no paragraph starts with ${text}`);
  return p.xml;
};

beforeAll(async () => {
  ({ db } = await createDemoTestDatabase({ now: new Date('2026-11-30T02:00:00Z') }));
  prisma = createPrismaClient(db.ownerUrl, 2);
  await prisma.user.updateMany({ data: { passwordHash: await hashPassword(PASSWORD) } });
  t = await startApp(db, { clock: new ManualClock(new Date('2026-11-30T02:00:00Z')) });
  campaignId = (await prisma.campaign.findFirstOrThrow({ where: { year: 2017, title: DEMO_CAMPAIGN_2017 } })).id;
  const r = await t.http
    .get(`/api/campaigns/${campaignId}/notice.docx`)
    .set(await organizer())
    .buffer(true)
    .parse(binary);
  expect(r.status).toBe(200);
  expect(r.headers['content-type']).toContain('wordprocessingml');
  const zip = await JSZip.loadAsync(r.body as Buffer);
  const read = (name: string) => zip.file(name)!.async('string');
  const footerNames = Object.keys(zip.files).filter((n) => /^word\/footer\d+\.xml$/.test(n));
  xml = {
    document: await read('word/document.xml'),
    settings: await read('word/settings.xml'),
    fonts: await read('word/fontTable.xml'),
    footers: Object.fromEntries(await Promise.all(footerNames.map(async (n) => [n, await read(n)] as const))),
  };
}, 240_000);
afterAll(async () => {
  await t?.close();
  await prisma?.$disconnect();
  await db?.stop();
});

describe('the 2017 demo notice', () => {
  it('holds the office’s words, the campaign’s dates and duties, and its number from the register', async () => {
    const n = await noticeOf(campaignId);
    expect(n.notice?.title).toBe('关于举办新北区2017年全民终身学习推进周活动的通知');
    expect(n.documentNumber?.text).toMatch(/^新教〔2017〕[1-9]\d*号$/);
    const text = n.rendered!.body.map((b) => b.lead + b.text).join('\n');
    expect(text).toContain('2017年10月23日—10月29日。10月25日（周三）在春江镇社区教育中心举行');
    expect(text).toContain('10月10日（周二）前将活动周实施方案');
    expect(text).toContain('3张反映活动周活动的典型照片于10月31日（周二）前');
    // The units owing the “四个一” and the free class are the campaign's rules.
    expect(text).toContain('各中小学要围绕活动周的主题');
    expect(text).toContain('各镇（街道）社区教育中心要充分利用社会资源');
    expect(text).not.toMatch(/\{\w+\}/);
    expect(n.rendered!.body.filter((b) => b.level === 1).map((b) => b.lead + b.text)).toEqual([
      '一、指导思想',
      '二、活动主题',
      '三、举办机构',
      '四、活动时间与内容',
    ]);
  });

  it('a coordinator reads it in the app', async () => {
    const n = await noticeOf(campaignId, COORDINATOR);
    expect(n.rendered?.title).toBe('关于举办新北区2017年全民终身学习推进周活动的通知');
  });
});

describe('the notice as Word, clause by clause (GB/T 9704-2012)', () => {
  it('5.2.1–5.2.2: A4, 37 mm from the top, 28 mm from the left, a type area of 156 × 225 mm', () => {
    const size = /<w:pgSz w:w="(\d+)" w:h="(\d+)"/.exec(xml.document)!;
    const mar = /<w:pgMar w:top="(\d+)" w:right="(\d+)" w:bottom="(\d+)" w:left="(\d+)"/.exec(xml.document)!;
    const mm = (tw: string | number) => (Number(tw) * 25.4) / 1440;
    expect([mm(size[1]!), mm(size[2]!)].map(Math.round)).toEqual([210, 297]);
    const [top, right, bottom, left] = [mar[1], mar[2], mar[3], mar[4]].map((v) => mm(v!));
    expect(top).toBeCloseTo(37, 0);
    expect(left).toBeCloseTo(28, 0);
    expect(210 - left! - right!).toBeCloseTo(156, 0);
    expect(297 - top! - bottom!).toBeCloseTo(225, 0);
  });

  it('5.2.3: 22 lines a page on the line grid and exact line heights, 28 characters a line by their pitch', () => {
    expect(xml.document).toMatch(new RegExp(`<w:docGrid w:type="lines" w:linePitch="${LINE}"`));
    expect(((225 / 25.4) * 1440) / LINE).toBeCloseTo(22, 1);
    const bodyRuns = runs().filter((r) => r.props.includes('<w:sz w:val="32"/>'));
    expect(bodyRuns.length).toBeGreaterThan(20);
    for (const r of bodyRuns) expect(r.props, r.text).toContain(`<w:spacing w:val="${TIGHTEN}"/>`);
    // 28 characters of 16 pt less the tightening fill the 156 mm line.
    expect(Math.floor(((156 / 25.4) * 1440) / (320 + TIGHTEN))).toBe(28);
    expect(CHAR * 28).toBeLessThanOrEqual(PAGE.width - PAGE.left - PAGE.right + 14);
  });

  it('7.3.3: every run names its faces for every script and hints East Asian, so “ ” and — are set in the Chinese face', () => {
    const all = runs().filter((r) => r.text !== '');
    expect(all.length).toBeGreaterThan(40);
    for (const r of all) {
      const f = /<w:rFonts ([^>]*)\/>/.exec(r.props)?.[1] ?? '';
      expect(f, r.text).toContain('w:hint="eastAsia"');
      const faces = new Set([...f.matchAll(/w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"/g)].map((m) => m[1]));
      expect(faces.size, r.text).toBe(1);
    }
    const quoted = all.filter((r) => /[“”]/.test(r.text) && r.props.includes('<w:sz w:val="32"/>'));
    expect(quoted.length).toBeGreaterThan(3);
    // The body's quotation marks: in 仿宋 with the rest of their sentence.
    for (const r of quoted) expect(r.props).toContain('w:ascii="仿宋_GB2312"');
    // The faces are described for substitution (GB2312 charset) in the font table.
    for (const face of ['仿宋_GB2312', '方正小标宋简体', '黑体', '楷体_GB2312']) expect(xml.fonts).toContain(`<w:font w:name="${face}">`);
  });

  it('7.3.1: the title in 2号 小标宋, centred', () => {
    const p = paragraphWith('关于举办新北区2017年');
    expect(p).toContain('<w:jc w:val="center"/>');
    expect(p).toContain('w:eastAsia="方正小标宋简体"');
    expect(p).toContain('<w:sz w:val="44"/>');
  });

  it('7.3.3: headings 一、 in 黑体, （一） in 楷体, 1. in 仿宋; paragraphs two characters in', () => {
    expect(paragraphWith('一、指导思想')).toContain('w:eastAsia="黑体"');
    expect(paragraphWith('（一）活动时间')).toContain('w:eastAsia="楷体_GB2312"');
    const item = paragraphWith('1. 广泛开展全民终身学习活动。');
    expect(item).toContain('w:eastAsia="仿宋_GB2312"');
    expect(item).toContain(`<w:ind w:firstLine="${2 * CHAR}"/>`);
    expect(paragraphWith('各中小学、社区培训学院')).toContain('<w:ind w:left="0"/>');
  });

  it('7.2.4: the document number as 新教〔2017〕N号 centred under the red mark, the red rule below it', async () => {
    const number = (await noticeOf(campaignId)).documentNumber!.text;
    const p = paragraphWith(number);
    expect(number).not.toMatch(/第|〔\d{4}〕0/);
    expect(p).toContain('<w:jc w:val="center"/>');
    expect(p).toMatch(/<w:bottom w:val="single" w:color="E60012"/);
    expect(paragraphWith('新北区教育文体局文件')).toContain('<w:color w:val="E60012"/>');
  });

  it('7.3.4 and 8: the 附件 line names the attachment, and the attachment is a section of its own headed 附件', () => {
    expect(paragraphWith('附件：“全民终身学习推进周”活动项目安排表')).toContain(`<w:ind w:firstLine="${2 * CHAR}"/>`);
    // A section of its own: the paragraph that ends the notice's section (its sectPr) is followed by 附件.
    expect(xml.document).toMatch(
      /<\/w:sectPr><\/w:pPr>(?:(?!<\/w:p>)[\s\S])*<\/w:p><w:p>(?:(?!<\/w:p>)[\s\S])*>附件<\/w:t>[\s\S]*活动项目安排表[\s\S]*<w:tbl>/,
    );
    for (const header of ['活动名称', '开始时间', '负责人', '联系电话']) expect(xml.document).toContain(`>${header}<`);
  });

  it('7.3.5: the date in Arabic numerals without padding, two characters right of the signature’s first', () => {
    const date = paragraphWith('2017年9月13日');
    const signature = paragraphWith('新北区教育文体局');
    const { issuerLeft, dateLeft } = signaturePlacement('新北区教育文体局', '2017年9月13日');
    expect(issuerLeft + widthInChars('新北区教育文体局')).toBe(26);
    expect(dateLeft - issuerLeft).toBe(2);
    expect(signature).toContain(`<w:ind w:left="${Math.round(issuerLeft * CHAR)}"/>`);
    expect(date).toContain(`<w:ind w:left="${Math.round(dateLeft * CHAR)}"/>`);
  });

  it('7.5: page numbers “— N —” in 4号 宋体, odd pages on the right and even ones on the left', () => {
    expect(xml.settings).toContain('<w:evenAndOddHeaders/>');
    const refs = Object.fromEntries(
      [...xml.document.matchAll(/<w:footerReference w:type="(\w+)" r:id="(\w+)"\/>/g)].map((m) => [m[1], m[2]]),
    );
    expect(Object.keys(refs).sort()).toEqual(['default', 'even']);
    const footers = Object.values(xml.footers);
    const odd = footers.find((f) => f.includes('<w:jc w:val="right"/>'))!;
    const even = footers.find((f) => f.includes('<w:jc w:val="left"/>'))!;
    for (const f of [odd, even]) {
      expect(f).toMatch(/>— <\/w:t>[\s\S]*PAGE[\s\S]*> —<\/w:t>/);
      expect(f).toContain('<w:sz w:val="28"/>');
      expect(f).toContain('w:eastAsia="宋体"');
    }
  });
});

describe('the notice as LibreOffice prints it', () => {
  let printed: Record<string, TPrinted>;
  let printed2017: TPrinted;
  beforeAll(async () => {
    const word = async (id: string) =>
      (
        await t.http
          .get(`/api/campaigns/${id}/notice.docx`)
          .set(await organizer())
          .buffer(true)
          .parse(binary)
      ).body as Buffer;
    // 2017's, and next year's as the office gets it: cloned to 2027 (the pages kept as pictures under e2e/artifacts).
    const clone = await t.http
      .post(`/api/campaigns/${campaignId}/clone`)
      .set(await organizer())
      .send({ year: 2027 });
    expect(clone.status).toBe(201);
    printed = printElsewhere(
      { 'notice-2017.docx': await word(campaignId), 'notice-2027.docx': await word((clone.body as TCampaign).id) },
      { pictures: fileURLToPath(new URL('../../../e2e/artifacts', import.meta.url)) },
    );
    printed2017 = printed['notice-2017.docx']!;
  }, 240_000);

  it('prints the clone a year on with its own year and dates', () => {
    const text = printed['notice-2027.docx']!.pages.map((p) => p.flat).join('');
    expect(text).toContain('关于举办新北区2027年全民终身学习推进周活动的通知');
    expect(text).toContain('2027年10月');
    expect(text).toContain('2027年9月13日');
    expect(text).not.toContain('2017');
  });

  it('prints on A4; a full body page holds exactly 22 lines of at most 28 characters, inside the type area to ±1 mm', () => {
    expect(printed2017.pages.length).toBeGreaterThanOrEqual(4);
    for (const p of printed2017.pages) expect([Math.round(p.width), Math.round(p.height)]).toEqual([595, 842]);
    const mm = (pt: number) => (pt * 25.4) / 72;
    // Page 2 is body from top to bottom; its last line is the page number.
    const lines = printed2017.pages[1]!.lines.filter((l) => !/^—\d+—$/.test(l.text));
    expect(lines).toHaveLength(22);
    for (const l of lines) expect(widthInChars(l.text), l.text).toBeLessThanOrEqual(28);
    expect(lines.filter((l) => widthInChars(l.text) >= 27).length).toBeGreaterThan(5);
    const left = Math.min(...lines.map((l) => l.xMin));
    const right = Math.max(...lines.map((l) => l.xMax));
    expect(Math.abs(mm(left) - 28)).toBeLessThanOrEqual(1);
    expect(mm(right)).toBeLessThanOrEqual(28 + 156 + 1);
    // The first line's glyphs sit in its 28.95 pt line below the 37 mm margin; the last one's above 37 + 225 mm.
    expect(mm(lines[0]!.yMin)).toBeGreaterThanOrEqual(37 - 1);
    expect(mm(lines[0]!.yMin)).toBeLessThanOrEqual(37 + mm(LINE / 20));
    expect(mm(lines.at(-1)!.yMax)).toBeLessThanOrEqual(37 + 225 + 1);
    // The page number sits below the type area, on the left of an even page.
    const number = printed2017.pages[1]!.lines.find((l) => /^—2—$/.test(l.text))!;
    expect(mm(number.yMin)).toBeGreaterThan(37 + 225 + 5);
    expect(mm(number.xMin)).toBeLessThan(28 + 20);
  });
});

describe('the notice as PDF', () => {
  const pdf = async () =>
    t.http
      .get(`/api/campaigns/${campaignId}/notice.pdf`)
      .set(await organizer())
      .buffer(true)
      .parse(binary);

  it('is printed from its Word by LibreOffice', async () => {
    const r = await pdf();
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('application/pdf');
    expect((r.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);

  it('says in Chinese that the server cannot print it where LibreOffice is missing', async () => {
    // Another notice than the one printed above (it is kept by what it prints), on a PATH without soffice.
    const c = (
      await t.http
        .post(`/api/campaigns/${campaignId}/clone`)
        .set(await organizer())
        .send({ year: 2040 })
    ).body as TCampaign;
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const r = await t.http.get(`/api/campaigns/${c.id}/notice.pdf`).set(await organizer());
      expect(r.status).toBe(503);
      expect(r.body.message).toContain('LibreOffice');
      expect(r.body.message).toContain('Word');
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('writing, numbering and reading the notice', () => {
  const timeline = (year: number) => ({
    planDueAt: `${year}-10-10T15:59:59.000Z`,
    weekStartsAt: `${year}-10-22T16:00:00.000Z`,
    weekEndsAt: `${year}-10-29T16:00:00.000Z`,
    launchAt: `${year}-10-25T01:00:00.000Z`,
    launchVenue: '春江镇社区教育中心',
    summaryDueAt: `${year}-10-31T15:59:59.000Z`,
  });
  const draft = async (year: number, title: string) => {
    const r = await t.http
      .post('/api/campaigns')
      .set(await organizer())
      .send({ year, title, theme: '学习型城市', timeline: timeline(year) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as TCampaign;
  };
  const words = async (year: number): Promise<TNoticeInput> => ({
    ...(await noticeOf(campaignId)).notice!,
    title: `关于举办${year}年全民终身学习推进周活动的通知`,
    signedOn: `${year}-09-13`,
  });

  it('refuses an unknown placeholder by its field, in Chinese, and keeps what was saved', async () => {
    const c = await draft(2030, '2030年推进周');
    const good = await words(2030);
    expect((await saveNotice(c.id, good)).status).toBe(200);
    const r = await saveNotice(c.id, { ...good, guidingIdea: ['请于{planDue}前报送'] });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ path: 'guidingIdea.0', message: expect.stringContaining('占位符') })]);
    expect((await noticeOf(c.id)).notice?.guidingIdea).toEqual(good.guidingIdea);
  });

  it('is the organizer’s to write; the bureau’s to read until published and numbered, then everyone’s', async () => {
    const c = await draft(2029, '2029年推进周');
    const body = await words(2029);
    expect((await saveNotice(c.id, body, COORDINATOR)).status).toBe(403);
    expect((await saveNotice(c.id, body)).status).toBe(200);
    expect((await noticeOf(c.id, 'approver')).notice?.title).toBe(body.title);
    expect((await t.http.get(`/api/campaigns/${c.id}/notice`).set(await t.as(COORDINATOR))).status).toBe(404);
    expect((await t.http.get(`/api/public/campaigns/${c.id}/notice`)).status).toBe(404);
    expect((await t.http.get(`/api/public/campaigns/${c.id}/notice.docx`)).status).toBe(404);
    expect((await t.http.post(`/api/campaigns/${c.id}/publish`).set(await organizer())).status).toBe(200);
    // Published, but not yet numbered: the office's words are still its own.
    expect((await t.http.get(`/api/public/campaigns/${c.id}/notice`)).status).toBe(404);
    expect((await noticeOf(c.id, COORDINATOR)).notice).toBeNull();
    expect((await t.http.post(`/api/campaigns/${c.id}/notice/number`).set(await organizer())).status).toBe(200);
    expect((await noticeOf(c.id, COORDINATOR)).notice?.title).toBe(body.title);
    const pub = await t.http.get(`/api/public/campaigns/${c.id}/notice`);
    expect(pub.status).toBe(200);
    expect((pub.body as TCampaignNotice).rendered?.title).toBe(body.title);
    const doc = await t.http.get(`/api/public/campaigns/${c.id}/notice.docx`).buffer(true).parse(binary);
    expect(doc.status).toBe(200);
    expect((doc.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  it('issues numbers of a body and year in order, none twice and none skipped, when asked at once', async () => {
    const drafts = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => draft(2031, `2031年推进周（${i}）`)));
    for (const c of drafts) expect((await saveNotice(c.id, await words(2031))).status).toBe(200);
    const auth = await organizer();
    const answers = await Promise.all(drafts.map((c) => t.http.post(`/api/campaigns/${c.id}/notice/number`).set(auth)));
    expect(answers.map((a) => a.status)).toEqual(drafts.map(() => 200));
    const numbers = answers.map((a) => (a.body as TCampaignNotice).documentNumber!.number).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
    // Once is all.
    const again = await t.http.post(`/api/campaigns/${drafts[0]!.id}/notice/number`).set(auth);
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([expect.objectContaining({ path: 'documentNumber' })]);
    const register = (await t.http.get('/api/document-numbers?year=2031').set(auth)).body as TDocumentRegister;
    expect(register.items.map((i) => i.text)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `新教〔2031〕${n}号`));
    // The database refuses a number twice, whoever writes it (another campaign, with no number yet).
    const unnumbered = await draft(2031, '2031年推进周（未编号）');
    await expect(
      prisma.documentNumber.create({
        data: { campaignId: unnumbered.id, issuerCode: '新教', year: 2031, number: 3, title: 'x', issuedAt: new Date() },
      }),
    ).rejects.toThrow(/districtId`?,`?issuerCode`?,`?year`?,`?number|DocumentNumber_districtId_issuerCode_year_number_key/);
  });

  it('prints a deadline at midnight as the day it closes (00:00 of the 11th is the 10th)', async () => {
    const r = await t.http
      .post('/api/campaigns')
      .set(await organizer())
      .send({
        year: 2033,
        title: '2033年推进周',
        theme: '学习型城市',
        timeline: { ...timeline(2033), planDueAt: '2033-10-10T16:00:00.000Z' },
      });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const put = await t.http
      .put(`/api/campaigns/${(r.body as TCampaign).id}/notice`)
      .set(await organizer())
      .send(await words(2033));
    expect(put.status).toBe(200);
    // 2033-10-11 00:00 China time: the 10th, a Monday.
    expect((put.body as TCampaignNotice).rendered!.body.map((b) => b.text).join('')).toContain('10月10日（周一）前将活动周实施方案');
  });

  it('keeps what its number says once numbered: body, code, title and year are refused by their fields, the rest may change', async () => {
    const c = await draft(2034, '2034年推进周');
    const body = await words(2034);
    expect((await saveNotice(c.id, body)).status).toBe(200);
    expect((await t.http.post(`/api/campaigns/${c.id}/notice/number`).set(await organizer())).status).toBe(200);
    const refused = await saveNotice(c.id, { ...body, title: `${body.title}（修订）`, issuerCode: '新文', signedOn: '2035-01-02' });
    expect(refused.status).toBe(409);
    expect((refused.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['issuerCode', 'signedOn', 'title']);
    expect(refused.body.errors[0].message).toContain('发文字号');
    const fixed = await saveNotice(c.id, { ...body, members: '更正后的成员名单。' });
    expect(fixed.status).toBe(200);
    expect((fixed.body as TCampaignNotice).notice?.members).toBe('更正后的成员名单。');
  });

  it('a notice with no words yet has no number to issue', async () => {
    const c = await draft(2032, '2032年推进周');
    const r = await t.http.post(`/api/campaigns/${c.id}/notice/number`).set(await organizer());
    expect(r.status).toBe(409);
    expect(r.body.errors).toEqual([expect.objectContaining({ path: 'notice' })]);
  });

  it('a clone a year on carries the notice: title and signing date moved, dates from the new timeline, no number yet', async () => {
    const r = await t.http
      .post(`/api/campaigns/${campaignId}/clone`)
      .set(await organizer())
      .send({ year: 2028 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const n = await noticeOf((r.body as TCampaign).id);
    expect(n.notice?.title).toBe('关于举办新北区2028年全民终身学习推进周活动的通知');
    expect(n.notice?.signedOn).toBe('2028-09-13');
    expect(n.documentNumber).toBeNull();
    const text = n.rendered!.body.map((b) => b.text).join('\n');
    expect(text).toContain('2028年10月');
    expect(text).not.toContain('2017');
  });
});
