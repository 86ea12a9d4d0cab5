import type { TCheckinFigures, TCheckinNewest, TKioskWall, TLiveEnvelope } from '@learnweek/contracts';

/** Arrivals kept for the list (it shows as many as its panel holds). */
export const NEWEST = 20;
const TICKER = 20;
const SEEN = 2_000;
/** How the server's byTown names check-ins without a unit. */
const RESIDENTS = '居民';

export interface TTownCount {
  town: string;
  count: number;
}

/**
 * What the wall shows, folded from the initial REST state and the live events. Every list is
 * bounded, so a screen that runs for days does not grow; events are de-duplicated by `seq`.
 */
export class WallState {
  wall: TKioskWall;
  totals = new Map<string, number>();
  byTown = new Map<string, number>();
  newest: TCheckinNewest[] = [];
  held: TKioskWall['held'] = [];
  /** People across the venues (each once) and the scans behind them: one snapshot of the server's, so the pair always agrees. */
  people = 0;
  scans = 0;
  lastSeq = 0;
  private seen = new Set<number>();

  constructor(wall: TKioskWall) {
    this.wall = wall;
    this.reset(wall);
  }

  /** Takes the server's full picture (at start, and periodically to converge). */
  reset(wall: TKioskWall): void {
    this.wall = wall;
    this.totals = new Map(wall.sessions.map((s) => [s.id, s.total]));
    this.people = wall.people;
    this.scans = wall.scans;
    this.byTown = new Map(wall.byTown.map((t) => [t.town, t.count]));
    this.newest = wall.newest.slice(0, NEWEST);
    this.held = wall.held.slice(0, TICKER);
    this.lastSeq = Math.max(this.lastSeq, wall.lastSeq);
  }

  /**
   * Takes the server's figures (fetched after check-ins arrive). Like the live totals they only
   * grow, so an answer that was overtaken by a newer event or reset changes nothing.
   */
  applyFigures(f: TCheckinFigures): void {
    if (f.scans >= this.scans) {
      this.people = Math.max(this.people, f.people);
      this.scans = f.scans;
      // People by town as the server counts them (each once); the live tally counted scans meanwhile.
      this.byTown = new Map(f.byTown.map((t) => [t.town, t.count]));
    }
    for (const s of f.sessions)
      if (this.totals.has(s.sessionId)) this.totals.set(s.sessionId, Math.max(this.totals.get(s.sessionId) ?? 0, s.total));
  }

  /** Check-ins at all venues as the live totals have them (a person at two venues is two). */
  get venueSum(): number {
    let n = 0;
    for (const v of this.totals.values()) n += v;
    return n;
  }

  /** Towns by their units' people; residents (no unit, so no town) are not a town. */
  get towns(): TTownCount[] {
    return [...this.byTown.entries()]
      .filter(([town]) => town !== RESIDENTS)
      .map(([town, count]) => ({ town, count }))
      .sort((a, b) => b.count - a.count);
  }

  get residents(): number {
    return this.byTown.get(RESIDENTS) ?? 0;
  }

  /** Applies one event; false when it was a duplicate. */
  apply(e: TLiveEnvelope): boolean {
    if (this.seen.has(e.seq)) return false;
    this.seen.add(e.seq);
    if (this.seen.size > SEEN) this.seen.delete(this.seen.values().next().value as number);
    this.lastSeq = Math.max(this.lastSeq, e.seq);
    switch (e.type) {
      case 'checkin.created': {
        const d = e.data;
        this.newest = [
          { id: d.checkinId, maskedName: d.maskedName, unitName: d.unitName, town: d.town, isResident: d.isResident, at: e.at },
          ...this.newest,
        ].slice(0, NEWEST);
        const town = d.town ?? RESIDENTS;
        this.byTown.set(town, (this.byTown.get(town) ?? 0) + 1);
        // The session's total is absolute, so a late or replayed one cannot double-count. Events
        // stored before totals travelled with them have none: the next fetch of the figures mends it.
        if (Number.isFinite(d.total)) this.totals.set(d.sessionId, Math.max(this.totals.get(d.sessionId) ?? 0, d.total));
        break;
      }
      case 'activity.held':
        this.held = [
          {
            activityId: e.data.activityId,
            unitName: e.data.unitName,
            title: e.data.title,
            actualParticipants: e.data.actualParticipants,
            at: e.at,
          },
          ...this.held,
        ].slice(0, TICKER);
        break;
      case 'exemplar.published': // the panel's exemplars come from REST: WallView redraws the wall on it
        break;
      // Not the wall's (the server sends them to the console and the units): nothing to fold.
      case 'checkin.stats':
      case 'participation.transitioned':
      case 'nomination.transitioned':
        break;
    }
    return true;
  }
}
