import {
  AUDIENCE_LABELS,
  AUDIENCES,
  PARTICIPATION_STATE_LABELS,
  PARTICIPATION_STATES,
  UNIT_KIND_LABELS,
  VULNERABLE_AUDIENCES,
  type TParticipationState,
  type TStatusBoard,
  type TUnitKind,
} from '@learnweek/contracts';
import { participationStates, type TParticipationTag } from '@learnweek/workflow';
import { computed, type Ref } from 'vue';
import { useLabels } from '../../../composables/labels';
import type { TBoardChartOption } from './chart-option';

/** One colour per state, from grey (not started) through amber (waiting) to green (done); red for returns. */
export const STATE_COLOURS = {
  invited: '#c0c4cc',
  drafting: '#909399',
  planSubmitted: '#e6a23c',
  planReturned: '#f56c6c',
  planApproved: '#95d475',
  weekRunning: '#409eff',
  summaryDue: '#79bbff',
  summarySubmitted: '#eebe77',
  summaryReturned: '#f89898',
  reviewed: '#67c23a',
} as const satisfies Record<TParticipationState, string>;

type TLabel = ReturnType<typeof useLabels>;

/**
 * The board's figures and charts, built from its read model (ROUTES.console.board) as it changes:
 * the key figures, the states' ring, the states stacked by town and by unit kind, the audiences.
 * Each chart's categories are in the order the page drills by (`shownStates` for the ring's slices,
 * PARTICIPATION_STATES for the bars' series, the groups' order for their bars).
 */
export function useBoardCharts(board: Ref<TStatusBoard | null>, label: TLabel = useLabels()) {
  const count = (s: TParticipationState) => board.value?.byState[s] ?? 0;
  /** The states with any unit in them: the ring's slices, in order. */
  const shownStates = () => PARTICIPATION_STATES.filter((s) => count(s) > 0);

  const kpis = computed(() => {
    const b = board.value;
    if (!b) return [];
    const tagged = (tag: TParticipationTag) => participationStates(tag).reduce((n, s) => n + count(s), 0);
    return [
      { key: 'total', value: b.total },
      { key: 'plansIn', value: tagged('planIn') },
      { key: 'awaiting', value: tagged('awaitingReview') },
      { key: 'approved', value: tagged('planApproved') },
      { key: 'overdue', value: b.overdue.plan + b.overdue.summary, danger: true },
      { key: 'late', value: b.late.plan + b.late.summary, danger: true },
      { key: 'held', value: `${b.activities.held} / ${b.activities.planned + b.activities.held}` },
      { key: 'participants', value: b.activities.actualParticipants },
    ];
  });

  // The ring carries no labels around it, nor a legend under it (a narrow card cut both, "已…"): the table
  // below names each state beside its colour and count, and the hovered slice shows its name in the middle.
  const statePie = computed<TBoardChartOption>(() => ({
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'pie',
        radius: ['48%', '78%'],
        label: { show: false, position: 'center' },
        labelLine: { show: false },
        emphasis: { label: { show: true, fontSize: 15, fontWeight: 'bold', formatter: '{b}\n{c}' } },
        data: shownStates().map((s) => ({
          name: label(PARTICIPATION_STATE_LABELS, s),
          value: count(s),
          itemStyle: { color: STATE_COLOURS[s] },
        })),
      },
    ],
  }));

  // Bars are redrawn on every live update: growing them from zero each time would only flicker.
  // Sideways (`across`), the group names stand in a column at the left, where long ones (the unit
  // kinds, in English above all) have room; upright, many names turn to fit under their bars.
  const stacked = (groups: TStatusBoard['byTown'], name: (key: string) => string, across = false): TBoardChartOption => {
    const categories = {
      type: 'category' as const,
      data: groups.map((g) => name(g.key)),
      axisLabel: { interval: 0, rotate: !across && groups.length > 6 ? 30 : 0 },
    };
    const values = { type: 'value' as const, minInterval: 1 };
    return {
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: across ? values : categories,
      yAxis: across ? { ...categories, inverse: true } : values,
      series: PARTICIPATION_STATES.map((s) => ({
        type: 'bar' as const,
        stack: 'state',
        name: label(PARTICIPATION_STATE_LABELS, s),
        itemStyle: { color: STATE_COLOURS[s] },
        data: groups.map((g) => g.byState[s] ?? 0),
      })),
    };
  };
  const byTown = computed(() => stacked(board.value?.byTown ?? [], (k) => k));
  const byKind = computed(() => stacked(board.value?.byKind ?? [], (k) => label(UNIT_KIND_LABELS, k as TUnitKind), true));

  const audiences = computed<TBoardChartOption>(() => ({
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: AUDIENCES.map((a) => label(AUDIENCE_LABELS, a)) },
    series: [
      {
        type: 'bar',
        data: AUDIENCES.map((a) => ({
          value: board.value?.audiences[a] ?? 0,
          itemStyle: { color: VULNERABLE_AUDIENCES.includes(a) ? '#e6a23c' : '#409eff' },
        })),
      },
    ],
  }));

  return { count, shownStates, kpis, statePie, byTown, byKind, audiences };
}

const percent = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 100));
/** A duty's bar: how far, and the green tick only once every unit that owes it has done it (1/10 is not done); a plain bar before. */
export const dutyBar = (d: { complete: number; units: number }) => ({
  percentage: percent(d.complete, d.units),
  status: (d.units > 0 && d.complete >= d.units ? 'success' : '') as '' | 'success',
});
