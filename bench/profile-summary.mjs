// Reads V8 CPU profiles (.cpuprofile, as written by `node --cpu-prof` or by the benchmarks with
// BENCH_PROFILE=<dir>) and prints where the time went, as Markdown:
//  - by layer (the package or the part of Node a function belongs to), self time;
//  - the top functions by self time;
//  - the same in a few groups that add up to the whole (HTTP, framework, Nest, JWT, zod, our code, …).
// With --svg <file>, also writes a flame graph (frames under 0.3 % of the time are left out, so the
// file stays small). With several profiles, their samples are added up.
//
//   node bench/profile-summary.mjs profiles/ingest-api-32-r1.cpuprofile [--top 25] [--svg docs/x.svg] [--title text]
//   PROFILE_TREE=1 node bench/profile-summary.mjs …   # also the call tree, frames ≥ 1 % (for reading)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [v] = args.splice(i, 2).slice(1);
  return v;
};
const TOP = Number(opt('--top', 25));
const SVG = opt('--svg', undefined);
const TITLE = opt('--title', 'CPU profile');
const files = args;
if (files.length === 0) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile>… [--top N] [--svg out.svg] [--title text]');
  process.exit(2);
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Where a frame's code lives, in a few words. */
function layerOf(url, name) {
  if (!url) {
    if (name === '(garbage collector)') return 'garbage collection';
    if (name === '(idle)') return 'idle';
    if (name === '(program)') return 'V8 / native (program)';
    return `native: ${name}`;
  }
  if (url.startsWith('node:')) {
    const m = url.match(/^node:(?:internal\/)?([^/]+)(?:\/([^/]+))?/);
    return `node:${m[1] === 'deps' ? m[2] : m[1]}`;
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const local = url.replace('file://', '').replace(ROOT, '');
  if (local.startsWith('apps/api/dist/')) return `learnweek api: ${local.slice(14).split('/').slice(0, -1).join('/') || '.'}`;
  if (local.startsWith('packages/')) return `@learnweek/${local.split('/')[1]}`;
  if (local.startsWith('bench/')) return 'bench';
  return local;
}

const shortUrl = (url) =>
  url
    .replace('file://', '')
    .replace(ROOT, '')
    .replace(/^.*\/node_modules\//, '');

// --- Merge the profiles into one call tree of frames (name + place).
const merged = { key: '(root)', name: '(root)', layer: '', self: 0, total: 0, children: new Map() };
let totalMicros = 0;
for (const file of files) {
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  // Time of each sample: the delta to the next sample (the last one gets the mean).
  const selfMicros = new Map();
  const mean = (p.endTime - p.startTime) / Math.max(1, p.samples.length);
  p.samples.forEach((id, i) => {
    const dt = i + 1 < p.timeDeltas.length ? p.timeDeltas[i + 1] : mean;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + Math.max(0, dt));
  });
  const walk = (node, into) => {
    const cf = node.callFrame;
    const name = cf.functionName || '(anonymous)';
    const key = `${name} ${cf.url}:${cf.lineNumber + 1}`;
    let child = into.children.get(key);
    if (!child) {
      child = { key, name, url: cf.url, line: cf.lineNumber + 1, layer: layerOf(cf.url, name), self: 0, total: 0, children: new Map() };
      into.children.set(key, child);
    }
    child.self += selfMicros.get(node.id) ?? 0;
    for (const c of node.children ?? []) walk(byId.get(c), child);
  };
  const root = byId.get(p.nodes[0].id);
  for (const c of root.children ?? []) walk(byId.get(c), merged);
  totalMicros += [...selfMicros.values()].reduce((a, b) => a + b, 0);
}
const sumTotals = (n) => (n.total = n.self + [...n.children.values()].reduce((a, c) => a + sumTotals(c), 0));
sumTotals(merged);

const idle = [...merged.children.values()].filter((n) => n.name === '(idle)').reduce((a, n) => a + n.total, 0);
const busy = totalMicros - idle;
const pct = (us) => `${((100 * us) / busy).toFixed(1)} %`;
const ms = (us) => (us / 1000).toFixed(0);

// --- Self time by layer and by function.
const byLayer = new Map();
const byFunction = new Map();
(function visit(n) {
  if (n.name === '(idle)') return;
  if (n !== merged) {
    byLayer.set(n.layer, (byLayer.get(n.layer) ?? 0) + n.self);
    const f = `${n.name} (${shortUrl(n.url || '')}${n.url ? `:${n.line}` : ''})`;
    const e = byFunction.get(f) ?? { self: 0, layer: n.layer };
    e.self += n.self;
    byFunction.set(f, e);
  }
  for (const c of n.children.values()) visit(c);
})(merged);

console.log(
  `${files.length} profile(s), ${ms(totalMicros)} ms sampled, ${ms(busy)} ms busy (${((100 * busy) / totalMicros).toFixed(0)} % of the time)\n`,
);
console.log('| layer | self time | share of busy |\n|---|---:|---:|');
for (const [layer, us] of [...byLayer].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`| ${layer} | ${ms(us)} ms | ${pct(us)} |`);
console.log(`\n| function (self time, top ${TOP}) | layer | self | share |\n|---|---|---:|---:|`);
for (const [f, e] of [...byFunction].sort((a, b) => b[1].self - a[1].self).slice(0, TOP))
  console.log(`| \`${f}\` | ${e.layer} | ${ms(e.self)} ms | ${pct(e.self)} |`);

// Layers in a few groups that add up to the whole: where a check-in's CPU goes.
const GROUPS = [
  [
    'HTTP in Node (parsing, headers, socket writes, streams, events)',
    (l) =>
      /^node:(_http|net|stream|events|buffer|internal|string_decoder|timers)|^native: writev$/.test(l) || l === 'node:stream_base_commons',
  ],
  [
    'web framework (Express + router + body-parser … / Fastify + find-my-way + middie …)',
    (l) =>
      /^(express|router|body-parser|raw-body|parseurl|path-to-regexp|type-is|content-type|etag|fresh|send|on-finished|finalhandler|media-typer|mime-types|mime-db|iconv-lite|depd|statuses|encodeurl|escape-html|accepts|negotiator|vary|qs|range-parser|fastify|find-my-way|@fastify\/.*|secure-json-parse|fast-json-stringify|avvio|light-my-request|fast-querystring|abstract-logging|pino|safe-regex2|ret|toad-cache|process-warning|@nestjs\/platform-express|@nestjs\/platform-fastify)$/.test(
        l,
      ),
  ],
  ['helmet (security headers)', (l) => l === 'helmet'],
  [
    'Nest (routing context, guards, params)',
    (l) => /^@nestjs\/(core|common|throttler|jwt)$/.test(l) || l === 'rxjs' || l === 'reflect-metadata',
  ],
  [
    'JWT (jsonwebtoken, jws, jwa)',
    (l) => /^(jsonwebtoken|jws|jwa|safe-buffer|ecdsa-sig-formatter|buffer-equal-constant-time|semver|lodash\..*)$/.test(l),
  ],
  ['zod (validation)', (l) => l === 'zod'],
  ['learnweek (auth, check-in service and writer, contracts)', (l) => l.startsWith('learnweek api') || l.startsWith('@learnweek/')],
  ['node-postgres (pg, pg-protocol, pg-pool)', (l) => /^(pg|pg-protocol|pg-pool|pg-types|postgres-.*|pgpass|split2)$/.test(l)],
  ['socket.io publish (socket.io, parser, adapter)', (l) => /^(socket\.io.*|engine\.io.*|ws|@socket\.io\/.*)$/.test(l)],
  ['garbage collection', (l) => l === 'garbage collection'],
];
const grouped = new Map(GROUPS.map(([g]) => [g, 0]));
let other = 0;
for (const [layer, us] of byLayer) {
  const g = GROUPS.find(([, test]) => test(layer));
  if (g) grouped.set(g[0], grouped.get(g[0]) + us);
  else other += us;
}
console.log('\n| where the CPU goes (self time by group) | time | share |\n|---|---:|---:|');
for (const [g, us] of grouped) console.log(`| ${g} | ${ms(us)} ms | ${pct(us)} |`);
console.log(`| everything else (V8 native frames, microtask queue, crypto, …) | ${ms(other)} ms | ${pct(other)} |`);

// --- Flame graph.
if (SVG) {
  const W = 1200;
  const ROW = 16;
  const MIN = 0.003 * busy;
  const colours = new Map();
  const colourOf = (layer) => {
    if (!colours.has(layer)) {
      let h = 0;
      for (const ch of layer) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
      colours.set(layer, `hsl(${h % 360},55%,${62 + (h % 12)}%)`);
    }
    return colours.get(layer);
  };
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const rects = [];
  let depthMax = 0;
  const draw = (n, x, depth) => {
    depthMax = Math.max(depthMax, depth);
    const w = (n.total / busy) * W;
    const label = `${n.name} — ${n.layer} — ${((100 * n.total) / busy).toFixed(1)} %`;
    const text = w > 40 ? `<text x="${(x + 3).toFixed(1)}" y="${depth * ROW + 12}">${esc(n.name.slice(0, Math.floor(w / 7)))}</text>` : '';
    rects.push(
      `<g><title>${esc(label)}</title><rect x="${x.toFixed(1)}" y="${depth * ROW}" width="${w.toFixed(1)}" height="${ROW - 1}" fill="${colourOf(n.layer)}"/>${text}</g>`,
    );
    let cx = x;
    for (const c of [...n.children.values()].sort((a, b) => b.total - a.total)) {
      if (c.total < MIN || c.name === '(idle)') continue;
      draw(c, cx, depth + 1);
      cx += (c.total / busy) * W;
    }
  };
  const top = {
    ...merged,
    name: `all (${ms(busy)} ms busy)`,
    layer: 'all',
    total: busy,
    children: new Map([...merged.children].filter(([, c]) => c.name !== '(idle)')),
  };
  draw(top, 0, 1);
  const H = (depthMax + 2) * ROW;
  // Icicle layout (callers on top), which reads like the stack of a request.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="monospace" font-size="11">
<text x="4" y="11" font-size="12">${esc(TITLE)} — frames ≥ 0.3 % of busy time; hover for layer and share</text>
${rects.join('\n')}
</svg>
`;
  writeFileSync(SVG, svg);
  console.log(`\nflame graph: ${SVG} (${(svg.length / 1024).toFixed(0)} KB)`);
}

// PROFILE_TREE=<percent>: the call tree, frames at or above that share of the busy time.
if (process.env.PROFILE_TREE) {
  const lim = Number(process.env.PROFILE_TREE) / 100;
  const show = (n, depth) => {
    for (const c of [...n.children.values()].sort((a, b) => b.total - a.total)) {
      if (c.total < lim * busy || c.name === '(idle)') continue;
      console.log(
        `${'  '.repeat(depth)}${((100 * c.total) / busy).toFixed(1)}% (self ${((100 * c.self) / busy).toFixed(1)}) ${c.name} ${shortUrl(c.url || '')}:${c.line}`,
      );
      show(c, depth + 1);
    }
  };
  show(merged, 0);
}
