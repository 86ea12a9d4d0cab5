import type { TCheckinPublic } from '@learnweek/contracts';

export type TUnitChoice = TCheckinPublic['units'][number];

/** Units whose name or town contains the query: every one of them (the list says how many), all when it is empty. */
export function unitsMatching(units: readonly TUnitChoice[], query: string): TUnitChoice[] {
  const q = query.trim();
  return q ? units.filter((u) => u.name.includes(q) || u.town.includes(q)) : [...units];
}
