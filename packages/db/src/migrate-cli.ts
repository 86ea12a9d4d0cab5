// `npm run db:migrate` — the offline `prisma migrate deploy` for DATABASE_URL.
import pg from 'pg';
import { migrateDeploy, pgExecutor } from './migrate.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set (the embedded database migrates itself when the service starts).');
  process.exit(2);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const r = await migrateDeploy(pgExecutor(client), { log: (m) => console.log(m) });
  console.log(r.applied.length ? `Applied ${r.applied.length} migration(s).` : 'No pending migrations to apply.');
} finally {
  await client.end();
}
