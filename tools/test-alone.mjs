#!/usr/bin/env node
// Runs integration tests one at a time, each in its own vitest process (its own database and
// fixture), to show that every test passes alone and none leans on data an earlier test made
// (CONTRIBUTING.md, Tests). The tests are found by reading the files (TypeScript's parser), not by
// vitest's own listing, which loads every file and takes minutes.
//
//   node tools/test-alone.mjs --list [filters]          the tests, one a line: <package> <file> :: <name>
//   node tools/test-alone.mjs [filters]                  run each selected test alone
//   node tools/test-alone.mjs --sample 8 --seed 2026-12-07 [--also 'workflow::pages and filters']
//                                                        a deterministic sample (the same seed, the same tests)
// Filters: file names or parts of them (`participation-workflow`), `--grep <part of a name>`.
// `--also <file part>::<name part>` adds named tests to a sample. `--bail` stops at the first failure.
// `--not-first` leaves out each file's first test (it runs first in the whole file anyway): a full sweep.
// Needs DATABASE_URL for the real server (else each test uses an in-memory PGlite, slower).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ts = createRequire(import.meta.url)('typescript');

/** The packages whose vitest config has an `int` project, and where their int files live. */
const PACKAGES = [
  { dir: 'apps/api', folders: ['src', 'test'] },
  { dir: 'packages/db', folders: ['src'] },
];

function intFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'generated') continue;
    if (statSync(p).isDirectory()) out.push(...intFiles(p));
    else if (name.endsWith('.int-spec.ts')) out.push(p);
  }
  return out.sort();
}

const TEST_FNS = new Set(['describe', 'it', 'test']);
const MODIFIERS = new Set(['sequential', 'concurrent', 'only']);

/** `describe`, `it.sequential`… → [kind, each?]; skip/todo and anything else → undefined. */
function testCall(callee) {
  if (ts.isIdentifier(callee) && TEST_FNS.has(callee.text)) return { kind: callee.text };
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && TEST_FNS.has(callee.expression.text)) {
    if (MODIFIERS.has(callee.name.text)) return { kind: callee.expression.text };
  }
  if (ts.isCallExpression(callee)) {
    const inner = callee.expression; // it.each([...])('name', fn)
    if (ts.isPropertyAccessExpression(inner) && ts.isIdentifier(inner.expression) && TEST_FNS.has(inner.expression.text)) {
      if (inner.name.text === 'each') return { kind: inner.expression.text, each: callee.arguments[0] };
    }
  }
  return undefined;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A test's name as text and as a pattern: literal parts exact, `${…}` as `.*`. */
function nameOf(node, source) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [{ text: node.text, pattern: escape(node.text) }];
  if (ts.isTemplateExpression(node)) {
    let text = node.head.text;
    let pattern = escape(node.head.text);
    for (const span of node.templateSpans) {
      text += '${' + span.expression.getText(source) + '}' + span.literal.text;
      pattern += '.*' + escape(span.literal.text);
    }
    return [{ text, pattern }];
  }
  return [{ text: node.getText(source), pattern: '.*' }];
}

/** `.each([...])` over literals: one name per value (`%s`); otherwise one pattern for them all. */
function eachNames(names, each) {
  while (each && (ts.isAsExpression(each) || ts.isParenthesizedExpression(each))) each = each.expression;
  if (!each || !ts.isArrayLiteralExpression(each)) return names;
  const values = each.elements.map((e) => (ts.isStringLiteral(e) || ts.isNumericLiteral(e) ? e.text : undefined));
  if (values.some((v) => v === undefined)) return names.map((n) => ({ ...n, pattern: n.pattern.replace(/%[sdi]/g, '.*') }));
  return values.flatMap((v) => names.map((n) => ({ text: n.text.replace(/%[sdi]/, v), pattern: escape(n.text.replace(/%[sdi]/, v)) })));
}

const parsed = new Map();
function parse(file) {
  if (!parsed.has(file)) parsed.set(file, ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
  return parsed.get(file);
}

/** The exported functions of the test files a spec imports from `./…` (shared cases), by name. */
function helpers(file, source) {
  const out = new Map();
  for (const st of source.statements) {
    if (!ts.isImportDeclaration(st) || !st.moduleSpecifier.text.startsWith('./')) continue;
    const target = path.resolve(path.dirname(file), st.moduleSpecifier.text.replace(/\.js$/, '.ts'));
    if (target.endsWith('harness.ts')) continue;
    let other;
    try {
      other = parse(target);
    } catch {
      continue;
    }
    for (const fn of other.statements) if (ts.isFunctionDeclaration(fn) && fn.name && fn.body) out.set(fn.name.text, { fn, source: other });
  }
  return out;
}

/** Every test of a file: its suites' and its own names, as vitest's `-t` matches them (joined by spaces). */
function listFile(file) {
  const source = parse(file);
  const shared = helpers(file, source);
  const tests = [];
  const visit = (node, src, suites) => {
    if (ts.isCallExpression(node)) {
      const call = testCall(node.expression);
      if (call && node.arguments.length > 0) {
        const names = eachNames(nameOf(node.arguments[0], src), call.each);
        if (call.kind === 'describe') {
          for (const n of names) for (const arg of node.arguments.slice(1)) visit(arg, src, [...suites, n]);
        } else {
          for (const n of names) tests.push([...suites, n]);
        }
        return;
      }
      if (ts.isIdentifier(node.expression) && shared.has(node.expression.text)) {
        const { fn, source: other } = shared.get(node.expression.text);
        visit(fn.body, other, suites);
      }
    }
    ts.forEachChild(node, (child) => visit(child, src, suites));
  };
  visit(source, source, []);
  return tests.map((parts) => ({
    name: parts.map((p) => p.text).join(' > '),
    pattern: `(^| )${parts.map((p) => p.pattern).join(' ')}$`,
  }));
}

function listAll() {
  const all = [];
  for (const pkg of PACKAGES) {
    const base = path.join(root, pkg.dir);
    for (const folder of pkg.folders) {
      for (const abs of intFiles(path.join(base, folder))) {
        const file = path.relative(base, abs);
        for (const t of listFile(abs)) all.push({ pkg: pkg.dir, file, ...t });
      }
    }
  }
  return all;
}

/** A small seeded generator (mulberry32 on a hash of the seed): the same seed picks the same tests. */
function random(seed) {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function parseArgs(argv) {
  const opts = {
    files: [],
    also: [],
    grep: undefined,
    sample: undefined,
    seed: new Date().toISOString().slice(0, 10),
    list: false,
    bail: false,
    notFirst: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--list') opts.list = true;
    else if (a === '--bail') opts.bail = true;
    else if (a === '--not-first') opts.notFirst = true;
    else if (a === '--sample') opts.sample = Number(argv[++i]);
    else if (a === '--seed') opts.seed = argv[++i];
    else if (a === '--grep') opts.grep = argv[++i];
    else if (a === '--also') opts.also.push(argv[++i]);
    else if (a === '--help' || a === '-h') {
      console.log(
        readFileSync(fileURLToPath(import.meta.url), 'utf8')
          .split('\n')
          .slice(1, 13)
          .join('\n')
          .replace(/^\/\/ ?/gm, ''),
      );
      process.exit(0);
    } else opts.files.push(a);
  }
  return opts;
}

function select(all, opts) {
  let chosen = all.filter(
    (t, i) =>
      !(opts.notFirst && (i === 0 || all[i - 1].file !== t.file || all[i - 1].pkg !== t.pkg)) &&
      (opts.files.length === 0 || opts.files.some((f) => t.file.includes(f))) &&
      (!opts.grep || t.name.includes(opts.grep)),
  );
  // Only named tests (`--also` alone): no others.
  if (opts.also.length > 0 && opts.sample === undefined && opts.files.length === 0 && !opts.grep) chosen = [];
  if (opts.sample !== undefined) {
    const next = random(opts.seed);
    const pool = [...chosen];
    chosen = [];
    while (chosen.length < opts.sample && pool.length > 0) chosen.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
  }
  for (const spec of opts.also) {
    const [file, name = ''] = spec.split('::');
    const found = all.filter((t) => t.file.includes(file) && t.name.includes(name));
    if (found.length === 0) throw new Error(`--also ${spec}: no such test`);
    for (const t of found) if (!chosen.includes(t)) chosen.push(t);
  }
  return chosen;
}

/** One test in its own vitest process; passes when it ran, passed and nothing else failed. */
function runAlone(t, tmp) {
  const out = path.join(tmp, 'result.json');
  rmSync(out, { force: true });
  const started = Date.now();
  const bin = path.join(root, 'node_modules', '.bin', 'vitest');
  const r = spawnSync(
    bin,
    ['run', '--project', 'int', t.file, '-t', t.pattern, '--reporter=dot', '--reporter=json', `--outputFile.json=${out}`],
    { cwd: path.join(root, t.pkg), encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } },
  );
  const seconds = Math.round((Date.now() - started) / 1000);
  let passed = 0;
  let failed = 0;
  try {
    const json = JSON.parse(readFileSync(out, 'utf8'));
    passed = json.numPassedTests;
    failed = json.numFailedTests;
  } catch {
    /* no report: the run itself failed */
  }
  const ok = r.status === 0 && passed >= 1 && failed === 0;
  return { ok, passed, failed, seconds, output: `${r.stdout}\n${r.stderr}` };
}

const opts = parseArgs(process.argv.slice(2));
const chosen = select(listAll(), opts);
if (opts.list) {
  for (const t of chosen) console.log(`${t.pkg} ${t.file} :: ${t.name}`);
  process.exit(0);
}
if (chosen.length === 0) {
  console.error('no test selected');
  process.exit(2);
}
console.log(`${chosen.length} test(s), each alone${opts.sample !== undefined ? ` (sample of ${opts.sample}, seed ${opts.seed})` : ''}`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lw-alone-'));
const failures = [];
for (const [i, t] of chosen.entries()) {
  const r = runAlone(t, tmp);
  console.log(
    `${r.ok ? 'ok  ' : 'FAIL'} ${i + 1}/${chosen.length} ${t.pkg}/${t.file} :: ${t.name} (${r.seconds} s${r.ok ? '' : `, ${r.passed} passed, ${r.failed} failed`})`,
  );
  if (!r.ok) {
    failures.push(t);
    console.log(r.output.split('\n').slice(-60).join('\n'));
    if (opts.bail) break;
  }
}
rmSync(tmp, { recursive: true, force: true });
if (failures.length > 0) {
  console.log(`\n${failures.length} of ${chosen.length} failed alone:`);
  for (const t of failures) console.log(`  ${t.pkg}/${t.file} :: ${t.name}`);
  process.exit(1);
}
console.log(`all ${chosen.length} passed alone`);
