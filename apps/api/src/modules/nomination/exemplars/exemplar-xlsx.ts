import { XLSX } from '../../../core/http/xlsx.js';
import { streamingSheet, type TExportFile } from '../../../core/xlsx/streaming.js';
import type { ExemplarService } from './exemplar.service.js';

type TRows = Awaited<ReturnType<ExemplarService['recommendationRows']>>;

/** 推荐汇总表: the form the city's recommendation asks for, one exemplar a row, kind by kind in the panel's order. */
export function recommendationXlsx({ campaign, rows, exportedAt }: TRows): TExportFile {
  return {
    filename: `${campaign.title}典型推荐汇总表.xlsx`,
    contentType: XLSX,
    write: async (out) => {
      const sheet = streamingSheet(
        out,
        '推荐汇总表',
        `${campaign.title}“百姓学习之星”和“终身学习品牌项目”推荐汇总表`,
        [
          { header: '序号', width: 5 },
          { header: '类别', width: 12 },
          { header: '姓名或项目名称', width: 16 },
          { header: '推荐单位', width: 18 },
          { header: '镇（街道）', width: 10 },
          { header: '年龄段', width: 7 },
          { header: '主要事迹或项目简介', width: 50 },
          { header: '学习成果或成效', width: 30 },
          { header: '持续年数', width: 6 },
          { header: '受益人数', width: 8 },
          { header: '评审得分', width: 8 },
          { header: '类别内名次', width: 8 },
        ],
        { exportedAt, keyColumns: 3 },
      );
      rows.forEach(({ kind, n, score, rank }, i) =>
        sheet.add([
          i + 1,
          kind,
          n.name,
          n.unit.name,
          n.unit.town.name,
          n.ageGroup ?? '',
          n.story,
          n.achievements,
          n.yearsRunning,
          n.participantsReached,
          score,
          rank,
        ]),
      );
      await sheet.end();
    },
  };
}
