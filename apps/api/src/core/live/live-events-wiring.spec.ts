import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIVE_EVENT_TYPES } from '@learnweek/contracts';
import { describe, expect, it } from 'vitest';

// Every declared live event is written somewhere and read somewhere (CONTRIBUTING.md, "A new live
// event"): a declaration nothing emits, or nobody follows, is drift. Read from the sources: where
// a type's name is written as a string.
const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|vue)$/.test(f) && !/\.(int-)?spec\.ts$/.test(f))
    .map((f) => readFileSync(path.join(root, dir, f), 'utf8'));
/** The API's code that writes events; the audience rules only route them. */
const producers = sources('apps/api/src').filter((s) => !s.includes('export function eventRooms'));
const consumers = ['apps/admin/src', 'apps/kiosk/src'].flatMap(sources);
const named = (files: string[], type: string) => files.some((s) => s.includes(`'${type}'`));

describe('the live events', () => {
  it.each(LIVE_EVENT_TYPES)('%s is written by the API and followed by an app', (type) => {
    expect(named(producers, type), `nothing in apps/api/src writes '${type}'`).toBe(true);
    expect(named(consumers, type), `no page follows '${type}'`).toBe(true);
  });
});
