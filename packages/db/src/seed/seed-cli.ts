// `npm run db:seed` — the demo data on DATABASE_URL (the embedded default seeds itself).
import { startDatabase } from '../database.js';
import { seedDemoOnce } from './seed.js';

const db = await startDatabase();
try {
  const r = await seedDemoOnce(db.url, { now: new Date(), log: (m) => console.log(m) });
  console.log(r.created ? 'Demo data seeded.' : 'Demo data was already there; nothing changed.');
  for (const c of r.campaigns) console.log(`  ${c.title} (${c.id})`);
} finally {
  await db.stop();
}
