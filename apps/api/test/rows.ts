import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/** Every row of every public table, as text, in a fixed order: equal means nothing was lost or changed. */
export async function everyRow(url: string): Promise<Record<string, string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    const out: Record<string, string> = {};
    for (const { tablename } of rows) {
      const r = await c.query<{ rows: string }>(
        `SELECT coalesce(json_agg(x::text ORDER BY x::text), '[]')::text AS rows FROM public."${tablename}" x`,
      );
      out[tablename] = r.rows[0]!.rows;
    }
    return out;
  } finally {
    await c.end();
  }
}

/** The SHA-256 of every file under a folder, by path. */
export function fileHashes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(root, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}
