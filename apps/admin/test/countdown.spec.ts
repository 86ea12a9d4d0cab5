import { describe, expect, it } from 'vitest';
import { countdown, daysUntil } from '../src/composables/countdown';

// 方案截止 2026-12-10 23:59:59 China time.
const DUE = '2026-12-10T15:59:59.000Z';
const china = (local: string) => new Date(`${local}+08:00`).toISOString();

describe('countdown to a deadline, in China calendar days', () => {
  it('counts days left, then “today” on the day itself', () => {
    expect(countdown(DUE, china('2026-12-01T09:00:00'))).toEqual({ kind: 'left', days: 9 });
    expect(countdown(DUE, china('2026-12-09T23:00:00'))).toEqual({ kind: 'left', days: 1 });
    expect(countdown(DUE, china('2026-12-10T00:00:01'))).toEqual({ kind: 'today' });
    expect(countdown(DUE, china('2026-12-10T23:59:59'))).toEqual({ kind: 'today' });
  });

  it('is overdue from the moment after, never “0 days left”', () => {
    expect(countdown(DUE, china('2026-12-11T00:00:00'))).toEqual({ kind: 'overdue', days: 1 });
    expect(countdown(DUE, china('2026-12-11T05:00:00'))).toEqual({ kind: 'overdue', days: 1 });
    expect(countdown(DUE, china('2026-12-13T08:00:00'))).toEqual({ kind: 'overdue', days: 3 });
  });

  it('takes a midnight deadline as the end of the day before', () => {
    const midnight = china('2026-10-11T00:00:00');
    expect(countdown(midnight, china('2026-10-10T18:00:00'))).toEqual({ kind: 'today' });
    expect(countdown(midnight, china('2026-10-11T08:00:00'))).toEqual({ kind: 'overdue', days: 1 });
  });

  it('counts calendar days to a moment: 0 on its day, negative after', () => {
    const launch = china('2026-12-23T09:00:00');
    expect(daysUntil(launch, china('2026-12-22T23:00:00'))).toBe(1);
    expect(daysUntil(launch, china('2026-12-23T07:00:00'))).toBe(0);
    expect(daysUntil(launch, china('2026-12-24T07:00:00'))).toBe(-1);
  });
});
