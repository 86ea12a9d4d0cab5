import ExcelJS from 'exceljs';
import type { NominationService } from './nomination.service.js';

type TRows = Awaited<ReturnType<NominationService['recommendationRows']>>;

/** 推荐汇总表: the form the city's recommendation asks for, one exemplar a row. */
export async function recommendationXlsx({ campaign, rows }: TRows): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('推荐汇总表', { views: [{ state: 'frozen', ySplit: 2 }] });
  const headers: [string, number][] = [
    ['序号', 6],
    ['类别', 16],
    ['姓名或项目名称', 20],
    ['推荐单位', 26],
    ['镇（街道）', 12],
    ['年龄段', 10],
    ['主要事迹或项目简介', 60],
    ['学习成果或成效', 40],
    ['持续年数', 10],
    ['受益人数', 10],
    ['评审得分', 10],
  ];
  sheet.columns = headers.map(([, width]) => ({ width }));
  sheet.addRow([`${campaign.title}“百姓学习之星”和“终身学习品牌项目”推荐汇总表`]).font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, headers.length);
  sheet.addRow(headers.map(([h]) => h)).font = { bold: true };
  rows.forEach(({ kind, n, score }, i) => {
    const row = sheet.addRow([i + 1, kind, n.name, n.unit.name, n.unit.town.name, n.ageGroup ?? '', n.story, n.achievements, n.yearsRunning, n.participantsReached, score]);
    row.alignment = { wrapText: true, vertical: 'top' };
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
