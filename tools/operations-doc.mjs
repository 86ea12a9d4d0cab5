// Runs every command of docs/OPERATIONS.md as written there (its ```sh blocks, in order; those marked
// `sh embedded` without DATABASE_URL), on a fresh PostgreSQL database on DATABASE_URL's server and a
// fresh embedded data folder, both with the demo data, and empty BACKUP_DIR and FILES_DIR. A step of
// .ci/run; exits non-zero on the first command that fails.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('..', import.meta.url));
const server = process.env.DATABASE_URL;
if (!server) {
  console.error('DATABASE_URL must name a PostgreSQL server (a database is created on it for the run)');
  process.exit(2);
}
const doc = readFileSync(path.join(root, 'docs/OPERATIONS.md'), 'utf8');
const blocks = [...doc.matchAll(/^```sh( embedded)?\n([\s\S]*?)^```$/gm)].map((m) => ({ embedded: Boolean(m[1]), script: m[2] }));

const admin = async (sql) => {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};
const urlOf = (name) => {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
};
const run = Date.now().toString(36);
const names = [`learnweek_ops_${run}`, `learnweek_ops_${run}_moved`];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lw-operations-'));
const base = {
  ...process.env,
  DATABASE_URL: urlOf(names[0]),
  NEW_DATABASE_URL: urlOf(names[1]),
  BACKUP_DIR: path.join(tmp, 'backups'),
  FILES_DIR: path.join(tmp, 'files'),
  PGLITE_DATA_DIR: path.join(tmp, 'pglite'),
};
const embedded = { ...base };
delete embedded.DATABASE_URL;
const sh = (script, env) => execFileSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: root, env, stdio: 'inherit' });

try {
  for (const n of names) await admin(`CREATE DATABASE "${n}"`);
  sh('npm run db:seed >/dev/null', base);
  sh('npm run db:seed >/dev/null', embedded);
  for (const [i, b] of blocks.entries()) {
    console.log(`== docs/OPERATIONS.md, block ${i + 1}/${blocks.length}${b.embedded ? ' (embedded)' : ''}:\n${b.script.trim()}`);
    sh(b.script, b.embedded ? embedded : base);
  }
  console.log(`docs/OPERATIONS.md: ${blocks.length} blocks ran`);
} finally {
  for (const n of names) await admin(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`).catch(() => {});
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  const { rows } = await c.query(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [`learnweek_ops_${run}`]);
  for (const r of rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  await c.end();
  rmSync(tmp, { recursive: true, force: true });
}
