import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/**
 * Every row of every public table, as text, in a fixed order: equal means nothing was lost or changed.
 * `omit`: columns left out (a migration's new column, to compare with the rows from before it).
 */
export async function everyRow(url: string, omit: string[] = []): Promise<Record<string, string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    const out: Record<string, string> = {};
    for (const { tablename } of rows) {
      const r = await c.query<{ rows: string }>(
        omit.length === 0
          ? `SELECT coalesce(json_agg(x::text ORDER BY x::text), '[]')::text AS rows FROM public."${tablename}" x`
          : `SELECT coalesce(json_agg((to_jsonb(x) - $1::text[])::text ORDER BY (to_jsonb(x) - $1::text[])::text), '[]')::text AS rows
               FROM public."${tablename}" x`,
        omit.length === 0 ? [] : [omit],
      );
      out[tablename] = r.rows[0]!.rows;
    }
    return out;
  } finally {
    await c.end();
  }
}

/**
 * Copies every row of `from` into the tables `to` has (a database made at an earlier migration level):
 * the columns `to` lacks are left out, foreign keys and triggers are not checked while copying
 * (session_replication_role, as a superuser), and the sequences continue after the copied ids.
 */
export async function copyRows(from: string, to: string): Promise<void> {
  const src = new pg.Client({ connectionString: from });
  const dst = new pg.Client({ connectionString: to });
  await src.connect();
  await dst.connect();
  try {
    const { rows } = await dst.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
    );
    await dst.query('BEGIN');
    await dst.query(`SET LOCAL session_replication_role = replica`);
    for (const { tablename } of rows) {
      const r = await src.query<{ rows: string }>(`SELECT coalesce(json_agg(x), '[]')::text AS rows FROM public."${tablename}" x`);
      await dst.query(`INSERT INTO public."${tablename}" SELECT * FROM json_populate_recordset(NULL::public."${tablename}", $1::json)`, [
        r.rows[0]!.rows,
      ]);
    }
    const serials = await dst.query<{ t: string; col: string }>(
      `SELECT table_name AS t, column_name AS col FROM information_schema.columns
        WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`,
    );
    for (const { t, col } of serials.rows)
      await dst.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max("${col}") FROM public."${t}"), 0) + 1, false)`, [
        `public."${t}"`,
        col,
      ]);
    await dst.query('COMMIT');
  } finally {
    await src.end();
    await dst.end();
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
