import { describe, expect, it } from 'vitest';
import { daysUntil } from '../src/composables/countdown';

const china = (local: string) => new Date(`${local}+08:00`).toISOString();

describe('calendar days to a moment, in China', () => {
  it('counts calendar days to a moment: 0 on its day, negative after', () => {
    const launch = china('2026-12-23T09:00:00');
    expect(daysUntil(launch, china('2026-12-22T23:00:00'))).toBe(1);
    expect(daysUntil(launch, china('2026-12-23T07:00:00'))).toBe(0);
    expect(daysUntil(launch, china('2026-12-24T07:00:00'))).toBe(-1);
  });
});
