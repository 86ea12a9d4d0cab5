import {
  AUDIENCES,
  PARTICIPATION_STATE_LABELS,
  PARTICIPATION_STATES,
  VULNERABLE_AUDIENCES,
  type TLocale,
  type TStatusBoard,
} from '@learnweek/contracts';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';
import { ref } from 'vue';
import { dutyBar, STATE_COLOURS, useBoardCharts } from '../src/views/campaign/board/board-charts';

const zh = <K extends string>(map: Record<K, Record<TLocale, string>>, key: K) => map[key]['zh-CN'];
const group = (key: string, byState: TStatusBoard['byState']) => ({ key, total: 0, byState, late: 0, overdue: 0 });
const BOARD: TStatusBoard = {
  campaignId: '00000000-0000-4000-8000-000000002026',
  at: '2026-10-20T01:00:00.000Z',
  total: 6,
  byState: { drafting: 2, planSubmitted: 1, planReturned: 1, planApproved: 2 },
  late: { plan: 1, summary: 0 },
  overdue: { plan: 2, summary: 1 },
  byKind: [group('school', { drafting: 2, planApproved: 1 }), group('communityCentre', { planSubmitted: 1 })],
  byTown: Array.from({ length: 7 }, (_, i) => group(`镇${i}`, i === 0 ? { planReturned: 1 } : {})),
  activities: { planned: 30, held: 4, cancelled: 1, expectedParticipants: 900, actualParticipants: 120 },
  audiences: { elderly: 3, residents: 5 },
  fourOnes: { units: 10, complete: 1 },
  freeClasses: { units: 4, complete: 4, classes: 6 },
};

describe('the board’s charts (useBoardCharts)', () => {
  const charts = useBoardCharts(ref(BOARD), zh);

  it('counts the key figures by the machine’s tags', () => {
    expect(Object.fromEntries(charts.kpis.value.map((k) => [k.key, k.value]))).toEqual({
      total: 6,
      plansIn: 3,
      awaiting: 1,
      approved: 2,
      overdue: 3,
      late: 1,
      held: '4 / 34',
      participants: 120,
    });
  });

  it('draws a slice for each state with units, in the order the page drills by, in the state’s colour', () => {
    const pie = (charts.statePie.value.series as PieSeriesOption[])[0]!;
    expect(charts.shownStates()).toEqual(['drafting', 'planSubmitted', 'planReturned', 'planApproved']);
    expect(pie.data).toEqual(
      charts
        .shownStates()
        .map((s) => ({ name: zh(PARTICIPATION_STATE_LABELS, s), value: BOARD.byState[s], itemStyle: { color: STATE_COLOURS[s] } })),
    );
  });

  it('stacks every state by town (upright, names turned past six towns) and by kind (sideways, the kinds named)', () => {
    const town = charts.byTown.value;
    const series = town.series as BarSeriesOption[];
    expect(series.map((s) => s.name)).toEqual(PARTICIPATION_STATES.map((s) => zh(PARTICIPATION_STATE_LABELS, s)));
    expect(series[PARTICIPATION_STATES.indexOf('planReturned')]!.data).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect(town.xAxis).toMatchObject({ type: 'category', axisLabel: { rotate: 30 } });
    const kind = charts.byKind.value;
    expect(kind.yAxis).toMatchObject({ type: 'category', data: ['中小学', '社区教育中心'], inverse: true });
    expect((kind.series as BarSeriesOption[])[PARTICIPATION_STATES.indexOf('drafting')]!.data).toEqual([2, 0]);
  });

  it('shows each audience, the vulnerable ones in amber', () => {
    const bars = (charts.audiences.value.series as BarSeriesOption[])[0]!.data as { value: number; itemStyle: { color: string } }[];
    expect(bars.map((b) => b.value)).toEqual(AUDIENCES.map((a) => BOARD.audiences[a] ?? 0));
    expect(bars.map((b) => b.itemStyle.color === '#e6a23c')).toEqual(AUDIENCES.map((a) => VULNERABLE_AUDIENCES.includes(a)));
  });

  it('ticks a duty only once every unit that owes it has done it', () => {
    expect(dutyBar(BOARD.fourOnes)).toEqual({ percentage: 10, status: '' });
    expect(dutyBar(BOARD.freeClasses)).toEqual({ percentage: 100, status: 'success' });
    expect(dutyBar({ units: 0, complete: 0 })).toEqual({ percentage: 0, status: '' });
  });

  it('draws nothing before the board has loaded', () => {
    const empty = useBoardCharts(ref(null), zh);
    expect(empty.kpis.value).toEqual([]);
    expect((empty.statePie.value.series as PieSeriesOption[])[0]!.data).toEqual([]);
  });
});
