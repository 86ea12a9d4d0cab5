import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIVE_EVENT_TYPES } from '@learnweek/contracts';
import { describe, expect, it } from 'vitest';

// Every declared live event is written somewhere and followed somewhere (CONTRIBUTING.md, "A new
// live event"): a declaration nothing emits, or no page subscribes to, is drift. Read from the
// sources, as written:
// - a producer is the API's code outside core/live (which only routes and stores events) that
//   makes an event of the type: `type: '<type>'` (an outbox append, or the check-in writer's envelope);
// - a consumer is a subscription of an app: the types given to `followLive` (`types: [...]`) or to
//   the admin's `useLiveFeed` / `useLiveReload` (their second argument). A type only named in a
//   `case` that ignores it follows nothing.
const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const sources = (dir: string, skip?: RegExp): string[] =>
  readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|vue)$/.test(f) && !/\.(int-)?spec\.ts$/.test(f) && !skip?.test(f))
    .map((f) => readFileSync(path.join(root, dir, f), 'utf8'));

const producers = sources('apps/api/src', /^core[\\/]live[\\/]/);
const produced = (type: string) => producers.some((s) => s.includes(`type: '${type}'`));

/** The types each subscription of the apps asks for. */
const SUBSCRIPTION = /(?:\btypes:\s*|\buse(?:LiveFeed|LiveReload)\(\s*[\w.]+,\s*)\[([^\]]*)\]/g;
const followed = new Set(
  ['apps/admin/src', 'apps/kiosk/src']
    .flatMap((dir) => sources(dir))
    .flatMap((s) => [...s.matchAll(SUBSCRIPTION)].flatMap((m) => [...m[1]!.matchAll(/'([\w.]+)'/g)].map((t) => t[1]!))),
);

describe('the live events', () => {
  it.each(LIVE_EVENT_TYPES)('%s is written by the API and followed by an app', (type) => {
    expect(produced(type), `nothing in apps/api/src makes a '${type}' event`).toBe(true);
    expect(followed.has(type), `no page subscribes to '${type}'`).toBe(true);
  });

  it('reads the subscriptions it checks (the pattern still finds them)', () => {
    // The wall, the check-in console and the board: if the apps' way of subscribing changes, this says so.
    for (const type of ['checkin.created', 'checkin.stats', 'participation.transitioned']) expect(followed).toContain(type);
    expect(
      [...followed].filter((t) => !(LIVE_EVENT_TYPES as string[]).includes(t)),
      'a subscription to an undeclared type',
    ).toEqual([]);
  });
});
