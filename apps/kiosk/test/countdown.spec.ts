import { describe, expect, it } from 'vitest';
import { countdown } from '../src/countdown';

describe('countdown', () => {
  const launch = new Date('2017-10-25T01:00:00Z');
  it('shows hours, minutes and seconds on the day', () => {
    expect(countdown(launch, new Date('2017-10-25T00:41:07Z'))).toBe('00:18:53');
  });
  it('prefixes days before the day', () => {
    expect(countdown(launch, new Date('2017-10-23T00:00:00Z'))).toBe('2天 01:00:00');
  });
  it('ends when the ceremony begins', () => {
    expect(countdown(launch, launch)).toBeNull();
  });
});
