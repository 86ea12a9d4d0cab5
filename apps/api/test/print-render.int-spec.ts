import { createPrismaClient, DEMO_CAMPAIGN_2017, hashPassword, type DatabaseHandle, type PrismaClient } from '@learnweek/db';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { createDemoTestDatabase } from '../src/demo/seed-demo.js';
import { FileStore } from '../src/core/storage/file-store.js';
import { binary, photo, printElsewhere, readXlsxElsewhere, type TPrinted } from './files.js';
import { PASSWORD, startApp, type TestApp } from './harness.js';

/**
 * Every export of the 2017 demo as LibreOffice prints it (docs/ARCHITECTURE.md, "Exports on
 * paper"): sheets on A4 landscape, one page wide, the title row, the header and the unit on every
 * page; Word documents on A4 with their Chinese text in a CJK font on a machine without SimSun.
 */
let db: DatabaseHandle;
let prisma: PrismaClient;
let t: TestApp;
let campaignId: string;
const files: Record<string, Buffer> = {};
let printed: Record<string, TPrinted>;

const A4 = { short: 595.28, long: 841.89 };
const near = (a: number, b: number) => Math.abs(a - b) < 1;
const landscape = (p: { width: number; height: number }) => near(p.width, A4.long) && near(p.height, A4.short);
const portrait = (p: { width: number; height: number }) => near(p.width, A4.short) && near(p.height, A4.long);

const download = async (url: string) => {
  const r = await t.http
    .get(url)
    .set(await t.as('organizer'))
    .buffer(true)
    .parse(binary);
  expect(r.status, `${url}: ${String(r.body)}`).toBe(200);
  return r.body as Buffer;
};

/** The campaign's units that did `what`, in the bureau's order: town (its place in the list, then name), unit name, code. */
const unitsInOrder = async (what: 'planSubmittedAt' | 'summarySubmittedAt' | null) => {
  const ps = await prisma.participation.findMany({
    where: { campaignId, ...(what ? { [what]: { not: null } } : {}) },
    include: { unit: { include: { town: true } }, _count: { select: { photos: true } } },
  });
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return ps.sort(
    (a, b) =>
      a.unit.town.sortNo - b.unit.town.sortNo ||
      cmp(a.unit.town.name, b.unit.town.name) ||
      cmp(a.unit.name, b.unit.name) ||
      cmp(a.unit.code, b.unit.code),
  );
};

beforeAll(async () => {
  ({ db } = await createDemoTestDatabase({ now: new Date('2026-11-30T02:00:00Z') }));
  prisma = createPrismaClient(db.ownerUrl, 2);
  await prisma.user.updateMany({ data: { passwordHash: await hashPassword(PASSWORD) } });
  t = await startApp(db, { clock: new ManualClock(new Date('2017-11-02T02:00:00Z')), env: { BUREAU_NAME: '常州市新北区教育局' } });
  campaignId = (await prisma.campaign.findFirstOrThrow({ where: { year: 2017, title: DEMO_CAMPAIGN_2017 } })).id;
  const session = await prisma.checkinSession.findFirstOrThrow({ where: { campaignId }, orderBy: { checkinCount: 'desc' } });
  const participation = await prisma.participation.findFirstOrThrow({
    where: { campaignId, activities: { some: {} } },
    orderBy: { unit: { code: 'asc' } },
  });
  // The demo's summaries came with a disc, not photos: the first two units (in the bureau's order) get three each.
  const store = t.app.get(FileStore);
  for (const [u, p] of (await unitsInOrder('summarySubmittedAt')).slice(0, 2).entries()) {
    for (const n of [1, 2, 3]) {
      const jpeg = await photo(u * 3 + n);
      const key = `print-render/${p.id}/${n}`;
      await store.put(key, { original: jpeg, web: jpeg, thumb: jpeg });
      const file = await prisma.storedFile.create({
        data: { storageKey: key, contentType: 'image/jpeg', size: jpeg.length, sha256: key, width: 1600, height: 1200 },
      });
      await prisma.photo.create({ data: { participationId: p.id, fileId: file.id, caption: `现场${n}`, sortNo: n } });
    }
  }
  const c = `/api/campaigns/${campaignId}`;
  files['schedule.xlsx'] = await download(`${c}/exports/schedule.xlsx`);
  files['status.xlsx'] = await download(`${c}/exports/status.xlsx`);
  files['exemplars.xlsx'] = await download(`${c}/exemplars.xlsx`);
  files['recommendation.docx'] = await download(`${c}/exemplars.docx`);
  files['checkins.xlsx'] = await download(`/api/checkin-sessions/${session.id}/checkins.xlsx`);
  files['attendees.xlsx'] = await download(`/api/checkin-sessions/${session.id}/attendees.xlsx`);
  files['activities.xlsx'] = await download(`/api/participations/${participation.id}/activities.xlsx`);
  files['units.xlsx'] = await download('/api/units/template.xlsx');
  files['audit.xlsx'] = await download(`/api/audit.xlsx?campaignId=${campaignId}`);
  files['summaries.docx'] = await download(`${c}/exports/summaries.docx`);
  files['plans.docx'] = await download(`${c}/exports/plans.docx`);
  const zip = await JSZip.loadAsync(await download(`${c}/exports/summaries.zip`));
  files['summary.docx'] = await zip.file(/\.docx$/)[0]!.async('nodebuffer');
  printed = printElsewhere(files);
}, 300_000);
afterAll(async () => {
  await t?.close();
  await prisma?.$disconnect();
  await db?.stop();
});

/** The unit names a sheet lists in its `column`, read by openpyxl. */
const unitsOf = (file: string, column: number) =>
  new Set(
    readXlsxElsewhere(files[file]!)[0]!
      .slice(2)
      .map((row) => String(row[column])),
  );

describe('exports on paper (LibreOffice)', () => {
  it('prints the district schedule of the 2017 demo on A4 landscape, every page with the title row, the header and the units', () => {
    const { pages } = printed['schedule.xlsx']!;
    expect(pages.every(landscape)).toBe(true);
    // One page wide: 25 portrait pages in five column blocks before; the rows alone decide the count now.
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.length).toBeLessThanOrEqual(15);
    const units = [...unitsOf('schedule.xlsx', 2)];
    pages.forEach((p, i) => {
      expect(p.layout, `page ${i + 1}`).toContain('2017年全民终身学习推进周全区活动安排表');
      expect(p.layout, `page ${i + 1}`).toMatch(/序号.*镇（街道）.*单位.*活动名称.*开始时间.*结束时间.*实际人数/s);
      expect(
        units.some((u) => p.flat.includes(u)),
        `page ${i + 1} names a unit`,
      ).toBe(true);
      expect(p.layout, `page ${i + 1}`).toMatch(new RegExp(`第 ${i + 1} 页，共 ${pages.length} 页`));
      expect(p.layout, `page ${i + 1}`).toContain('导出时间 2017-11-02 10:00');
    });
    // Times are date cells (openpyxl reads datetimes), shown as China's wall clock.
    const rows = readXlsxElsewhere(files['schedule.xlsx']!)[0]!.slice(2);
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.every((r) => /^2017-10-\d\dT\d\d:\d\d:00$/.test(String(r[6])) && /^2017-10-\d\dT\d\d:\d\d:00$/.test(String(r[7])))).toBe(
      true,
    );
    expect(pages[0]!.layout).toMatch(/2017-10-2\d \d\d:\d\d/);
    // No activity name is cut: each prints whole (wrapped within its cell).
    const titles = rows.map((r) => String(r[3]).replace(/\s+/g, ''));
    const all = pages.map((p) => p.flat).join('');
    expect(titles.filter((title) => !all.includes(title))).toEqual([]);
  });

  it('prints the status report and the check-in list with the unit on every page', () => {
    for (const [file, title, header, unitColumn] of [
      ['status.xlsx', '2017年全民终身学习推进周各单位工作进度表', /单位编码.*单位.*办理状态.*方案提交时间/s, 2],
      ['checkins.xlsx', '签到名单', /序号.*姓名.*单位.*签到时间/s, 2],
    ] as const) {
      const { pages } = printed[file]!;
      expect(pages.every(landscape), file).toBe(true);
      expect(pages.length, file).toBeLessThanOrEqual(10);
      const units = [...unitsOf(file, unitColumn)].filter(Boolean);
      pages.forEach((p, i) => {
        expect(p.layout, `${file} page ${i + 1}`).toContain(title);
        expect(p.layout, `${file} page ${i + 1}`).toMatch(header);
        expect(
          units.some((u) => p.flat.includes(u)),
          `${file} page ${i + 1} names a unit`,
        ).toBe(true);
      });
    }
  });

  it('prints the recommendation list’s whole title, and every other sheet on A4 landscape with its header', () => {
    const list = printed['exemplars.xlsx']!;
    expect(list.pages).toHaveLength(1);
    expect(list.pages[0]!.flat).toContain('2017年全民终身学习推进周“百姓学习之星”和“终身学习品牌项目”推荐汇总表');
    for (const [file, header] of [
      ['exemplars.xlsx', /序号.*类别.*姓名或项目名称.*推荐单位.*评审得分/s],
      ['audit.xlsx', /时间.*操作人.*账号.*操作.*活动.*内容/s],
      ['activities.xlsx', /序号.*活动名称\*.*开始时间\*.*备注/s],
      ['attendees.xlsx', /编码.*姓名.*单位.*手机/s],
      ['units.xlsx', /单位编码\*.*单位名称\*/s],
    ] as const) {
      const { pages } = printed[file]!;
      expect(pages.every(landscape), file).toBe(true);
      expect(pages.length, file).toBeLessThanOrEqual(10);
      expect(pages[0]!.layout, file).toMatch(header);
    }
  });

  it('prints the Word documents on A4 in a Chinese font, the recommendation form with its title and a note when nothing is selected', () => {
    const empty = printed['recommendation.docx']!;
    expect(empty.pages).toHaveLength(1);
    expect(empty.pages.every(portrait)).toBe(true);
    expect(empty.pages[0]!.flat).toContain('2017年全民终身学习推进周“百姓学习之星”和“终身学习品牌项目”推荐表');
    expect(empty.pages[0]!.flat).toContain('本届尚无入选的典型');
    const summary = printed['summary.docx']!;
    expect(summary.pages.every(portrait)).toBe(true);
    expect(summary.pages[0]!.flat).toContain('：2017年全民终身学习推进周活动总结');
    // No SimSun here: the Chinese text is drawn in an installed CJK font, not as boxes.
    for (const doc of [empty, summary]) expect(doc.fonts.some((f) => /CJK/i.test(f))).toBe(true);
  });

  it('orders the district schedule by town, then unit name', async () => {
    const rows = readXlsxElsewhere(files['schedule.xlsx']!)[0]!.slice(2);
    const seen = rows.map((r) => `${String(r[1])}|${String(r[2])}`).filter((k, i, all) => all.indexOf(k) === i);
    const expected = (await unitsInOrder(null)).map((p) => `${p.unit.town.name}|${p.unit.name}`);
    expect(seen).toEqual(expected.filter((k) => seen.includes(k)));
    expect(seen.length).toBeGreaterThan(10);
  });

  it('ends the status report with totals per unit kind, per town and for the district', async () => {
    const rows = readXlsxElsewhere(files['status.xlsx']!)[0]!.slice(2);
    const units = await unitsInOrder(null);
    const listed = rows.filter((r) => typeof r[0] === 'number');
    expect(listed.map((r) => r[2])).toEqual(units.map((p) => p.unit.name));
    const totals = (label: string) => rows.filter((r) => r[2] === label);
    const district = totals('全区合计');
    expect(district).toHaveLength(1);
    expect(district[0]![5]).toBe(`${units.length} 家`);
    expect(district[0]![9]).toBe(listed.reduce((a, r) => a + Number(r[9]), 0));
    const sumOf = (rs: unknown[][]) => rs.reduce((a, r) => a + Number(String(r[5]).replace(' 家', '')), 0);
    expect(sumOf(totals('按类别合计'))).toBe(units.length);
    expect(sumOf(totals('按镇（街道）合计'))).toBe(units.length);
    expect(new Set(totals('按镇（街道）合计').map((r) => r[4]))).toEqual(new Set(units.map((p) => p.unit.town.name)));
    const last = printed['status.xlsx']!.pages.at(-1)!;
    expect(last.layout).toMatch(/按镇（街道）合计/);
    expect(last.layout).toMatch(/全区合计/);
  });

  it('prints the summaries compilation: cover, contents with the pages, each unit on its own pages in order, with its photos', async () => {
    const doc = printed['summaries.docx']!;
    const units = await unitsInOrder('summarySubmittedAt');
    expect(units.length).toBeGreaterThan(2);
    expect(doc.pages.every(portrait)).toBe(true);
    const [front, toc] = doc.pages;
    for (const text of ['2017年全民终身学习推进周', '活动总结汇编', '常州市新北区教育局', '2017年11月2日', `共${units.length}个单位`])
      expect(front!.flat).toContain(text);
    expect(toc!.flat).toContain('目录');
    // Each unit starts a page of its own, titled unit：campaign, in the contents' order and at the page the contents name.
    const first = doc.pages.findIndex((page) => page.flat.startsWith(`${units[0]!.unit.name}：`));
    const listed = doc.pages
      .slice(1, first)
      .map((pg) => pg.layout)
      .join('\n');
    let from = first;
    units.forEach((p, i) => {
      const title = `${p.unit.name}：2017年全民终身学习推进周活动总结`;
      const at = doc.pages.findIndex((page, n) => n >= from && page.flat.startsWith(title));
      expect(at, title).toBeGreaterThan(from - 1);
      expect(listed, title).toMatch(new RegExp(`^\\s*${i + 1}．${p.unit.name}（${p.unit.town.name}）[.\\s]*${at + 1}\\s*$`, 'm'));
      from = at + 1;
    });
    // Every photo of every unit is drawn, and the text is in a CJK font.
    expect(doc.images).toBe(units.reduce((a, p) => a + p._count.photos, 0));
    expect(doc.images).toBeGreaterThan(0);
    expect(doc.fonts.some((f) => /CJK/i.test(f))).toBe(true);
    // The page number at the foot, as GB/T 9704 prints it.
    expect(doc.pages[2]!.layout).toMatch(/—\s*3\s*—/);
  });

  it('prints the plans compilation: cover, contents, each unit’s plan and activity schedule in order', async () => {
    const doc = printed['plans.docx']!;
    const units = await unitsInOrder('planSubmittedAt');
    expect(units.length).toBeGreaterThan(2);
    expect(doc.pages.every(portrait)).toBe(true);
    for (const text of ['2017年全民终身学习推进周', '实施方案汇编', '常州市新北区教育局', `共${units.length}个单位`])
      expect(doc.pages[0]!.flat).toContain(text);
    expect(doc.pages[1]!.flat).toContain('目录');
    let from = 2;
    for (const p of units) {
      const title = `${p.unit.name}：2017年全民终身学习推进周实施方案`;
      const at = doc.pages.findIndex((page, n) => n >= from && page.flat.startsWith(title));
      expect(at, title).toBeGreaterThan(from - 1);
      from = at + 1;
    }
    const all = doc.pages.map((p) => p.flat).join('');
    expect(all).toMatch(/活动安排表（\d+项）/);
    expect(all).toContain('序号活动名称（类型）时间地点对象负责人');
    const activity = await prisma.activity.findFirstOrThrow({ where: { participationId: units[0]!.id }, orderBy: { sortNo: 'asc' } });
    expect(all).toContain(activity.title.replace(/\s+/g, ''));
  });

  it('titles a unit’s own summary with the unit and the campaign apart', () => {
    expect(printed['summary.docx']!.pages[0]!.flat).toMatch(/^[^：]+：2017年全民终身学习推进周活动总结/);
  });
});
