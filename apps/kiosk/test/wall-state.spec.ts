import type { TKioskWall, TLiveEnvelope } from '@learnweek/contracts';
import { describe, expect, it } from 'vitest';
import { NEWEST, WallState } from '../src/wall/wall-state';

const S1 = '00000000-0000-4000-8000-000000000001';
const S2 = '00000000-0000-4000-8000-000000000002';
const wall = (): TKioskWall => ({
  campaignId: '00000000-0000-4000-8000-0000000000aa',
  title: 't',
  theme: 'th',
  timeline: { planDueAt: '', weekStartsAt: '', weekEndsAt: '', launchAt: '2017-10-25T01:00:00Z', launchVenue: 'v', summaryDueAt: '' },
  screen: null,
  sessions: [
    { id: S1, campaignId: '', name: '主', venue: 'v', kind: 'main', opensAt: '', closesAt: '', selfCheckinPath: '', total: 10 },
    { id: S2, campaignId: '', name: '分', venue: 'w', kind: 'sub', opensAt: '', closesAt: '', selfCheckinPath: '', total: 5 },
  ],
  people: 13,
  scans: 15,
  byTown: [{ town: '春江镇', count: 8 }],
  newest: [],
  held: [],
  exemplars: [],
  lastSeq: 100,
});
/** A check-in at a session, with the session's total as the server wrote it. */
const created = (seq: number, town: string | null, total: number, sessionId = S1): TLiveEnvelope => ({
  seq,
  type: 'checkin.created',
  at: '2017-10-25T00:40:00Z',
  data: {
    checkinId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    sessionId,
    maskedName: '张*艳',
    unitName: null,
    town,
    isResident: town === null,
    total,
  },
});

describe('the wall state', () => {
  it('adds main venue and sub-venues, and counts each venue from the absolute total each check-in carries', () => {
    const s = new WallState(wall());
    expect(s.venueSum).toBe(15);
    s.apply(created(101, '春江镇', 11));
    expect(s.venueSum).toBe(16);
    expect(s.totals.get(S1)).toBe(11);
    expect(s.towns[0]).toEqual({ town: '春江镇', count: 9 });
    expect(s.newest[0]?.maskedName).toBe('张*艳');
  });

  it('ignores a replayed event and never lowers a total on a late one', () => {
    const s = new WallState(wall());
    expect(s.apply(created(101, null, 11))).toBe(true);
    expect(s.apply(created(101, null, 11))).toBe(false);
    s.apply(created(103, null, 13));
    s.apply(created(102, null, 12));
    expect(s.venueSum).toBe(18);
    expect(s.lastSeq).toBe(103);
    // residents have no town: counted apart, not as one more town
    expect(s.towns.map((t) => t.town)).toEqual(['春江镇']);
    expect(s.residents).toBe(3);
  });

  it('keeps its totals on a check-in stored before totals travelled with check-ins', () => {
    const s = new WallState(wall());
    const old = created(101, '春江镇', 11);
    delete (old.data as { total?: number }).total;
    s.apply(old);
    expect([s.totals.get(S1), s.newest[0]?.maskedName]).toEqual([10, '张*艳']);
  });

  it('leaves the totals to check-ins: a session’s stats event is the console’s', () => {
    const s = new WallState(wall());
    expect(s.apply({ seq: 101, type: 'checkin.stats', at: '', data: { sessionId: S1, total: 40 } })).toBe(true);
    expect(s.totals.get(S1)).toBe(10);
  });

  it('stays bounded however long it runs', () => {
    const s = new WallState(wall());
    for (let i = 0; i < 10_000; i++) s.apply(created(200 + i, '孟河镇', 11 + i));
    expect(s.newest).toHaveLength(NEWEST);
    expect(s.lastSeq).toBe(10_199);
  });

  it('takes people and scans as one snapshot of the server, never going back on an older one', () => {
    const s = new WallState(wall());
    expect([s.people, s.scans]).toEqual([13, 15]);
    // the same person at the sub-venue: the venue counts them, the people figure does not move
    s.apply(created(101, null, 6, S2));
    s.applyFigures({
      campaignId: s.wall.campaignId,
      people: 13,
      scans: 16,
      sessions: [
        { sessionId: S1, total: 10 },
        { sessionId: S2, total: 6 },
      ],
      byTown: [{ town: '春江镇', count: 8 }],
    });
    expect([s.people, s.scans, s.venueSum]).toEqual([13, 16, 16]);
    // an answer overtaken by newer figures changes nothing
    s.applyFigures({
      campaignId: s.wall.campaignId,
      people: 14,
      scans: 18,
      sessions: [
        { sessionId: S1, total: 12 },
        { sessionId: S2, total: 6 },
      ],
      byTown: [{ town: '春江镇', count: 9 }],
    });
    s.applyFigures({
      campaignId: s.wall.campaignId,
      people: 13,
      scans: 16,
      sessions: [
        { sessionId: S1, total: 10 },
        { sessionId: S2, total: 6 },
      ],
      byTown: [{ town: '春江镇', count: 8 }],
    });
    expect([s.people, s.scans, s.totals.get(S1)]).toEqual([14, 18, 12]);
    // the town bars count people as the server counts them (the live tally of scans is only until then)
    expect(s.towns).toEqual([{ town: '春江镇', count: 9 }]);
  });

  it('lists arrivals as they are received: a desk’s queue synced late goes on top, whatever its scan time', () => {
    const s = new WallState(wall());
    s.apply(created(101, '春江镇', 11));
    const late = created(102, '孟河镇', 12);
    s.apply({ ...late, at: '2017-10-25T00:10:00Z' }); // scanned half an hour earlier, offline
    expect(s.newest.map((n) => n.maskedName + n.at)).toEqual(['张*艳2017-10-25T00:10:00Z', '张*艳2017-10-25T00:40:00Z']);
  });
});
