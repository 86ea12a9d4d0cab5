// `npm run db:migrate` — the offline `prisma migrate deploy`, as the tables' owner: DATABASE_OWNER_URL, else DATABASE_URL.
// With DATABASE_API_ROLE (and DATABASE_API_PASSWORD) set, it then makes or updates the role the API connects
// as: LOGIN, a member of learnweek_app, neither superuser nor BYPASSRLS nor the owner (docs/ARCHITECTURE.md,
// "Tenancy"); the owner needs CREATEROLE for that (a superuser has it).
import pg from 'pg';
import { migrateDeploy, pgExecutor } from './migrate.js';
import { APP_ROLE } from './tenancy.js';

const url = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set (the embedded database migrates itself when the service starts).');
  process.exit(2);
}
const apiRole = process.env.DATABASE_API_ROLE;
if (apiRole !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(apiRole)) {
  console.error('DATABASE_API_ROLE: a role name of lower-case letters, digits and _ only');
  process.exit(2);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const r = await migrateDeploy(pgExecutor(client), { log: (m) => console.log(m) });
  console.log(r.applied.length ? `Applied ${r.applied.length} migration(s).` : 'No pending migrations to apply.');
  if (apiRole) {
    const password = process.env.DATABASE_API_PASSWORD ?? null;
    const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [apiRole])).rowCount === 1;
    if (!exists) await client.query(`CREATE ROLE ${apiRole} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE`);
    else await client.query(`ALTER ROLE ${apiRole} LOGIN NOSUPERUSER NOBYPASSRLS`);
    if (password !== null) await client.query(`ALTER ROLE ${apiRole} PASSWORD ${client.escapeLiteral(password)}`);
    await client.query(`GRANT ${APP_ROLE} TO ${apiRole}`);
    console.log(`The API's role ${apiRole}: a member of ${APP_ROLE}, under row-level security.`);
  }
} finally {
  await client.end();
}
