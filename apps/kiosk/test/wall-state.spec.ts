import type { TKioskWall, TLiveEnvelope } from '@learnweek/contracts';
import { describe, expect, it } from 'vitest';
import { WallState } from '../src/wall/wall-state';

const S1 = '00000000-0000-4000-8000-000000000001';
const S2 = '00000000-0000-4000-8000-000000000002';
const wall = (): TKioskWall => ({
  campaignId: '00000000-0000-4000-8000-0000000000aa',
  title: 't',
  theme: 'th',
  timeline: { planDueAt: '', weekStartsAt: '', weekEndsAt: '', launchAt: '2017-10-25T01:00:00Z', launchVenue: 'v', summaryDueAt: '' },
  sessions: [
    { id: S1, campaignId: '', name: '主', venue: 'v', kind: 'main', opensAt: '', closesAt: '', selfCheckinPath: '', total: 10 },
    { id: S2, campaignId: '', name: '分', venue: 'w', kind: 'sub', opensAt: '', closesAt: '', selfCheckinPath: '', total: 5 },
  ],
  byTown: [{ town: '春江镇', count: 8 }],
  newest: [],
  held: [],
  exemplars: [],
  lastSeq: 100,
});
const created = (seq: number, town: string | null): TLiveEnvelope => ({
  seq,
  type: 'checkin.created',
  at: '2017-10-25T00:40:00Z',
  data: { checkinId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`, sessionId: S1, maskedName: '张*艳', unitName: null, town, isResident: town === null },
});
const stats = (seq: number, total: number): TLiveEnvelope => ({ seq, type: 'checkin.stats', at: '', data: { sessionId: S1, total } });

describe('the wall state', () => {
  it('adds main venue and sub-venues, and counts people from absolute stats', () => {
    const s = new WallState(wall());
    expect(s.total).toBe(15);
    s.apply(created(101, '春江镇'));
    s.apply(stats(102, 11));
    expect(s.total).toBe(16);
    expect(s.towns[0]).toEqual({ town: '春江镇', count: 9 });
    expect(s.newest[0]?.maskedName).toBe('张*艳');
  });

  it('ignores a replayed event and never lowers a total on a late one', () => {
    const s = new WallState(wall());
    expect(s.apply(created(101, null))).toBe(true);
    expect(s.apply(created(101, null))).toBe(false);
    s.apply(stats(103, 12));
    s.apply(stats(102, 11));
    expect(s.total).toBe(17);
    expect(s.lastSeq).toBe(103);
    expect(s.towns.find((t) => t.town === '居民')?.count).toBe(1);
  });

  it('stays bounded however long it runs', () => {
    const s = new WallState(wall());
    for (let i = 0; i < 10_000; i++) s.apply(created(200 + i, '孟河镇'));
    expect(s.newest).toHaveLength(10);
    expect(s.lastSeq).toBe(10_199);
  });
});
