// `npm run db:seed` — the demo data on DATABASE_URL (the embedded default seeds itself).
import { startDatabase } from '../database.js';
import { seedDemoOnce, wellKnownScreenTokensAllowed } from './seed.js';

const db = await startDatabase();
try {
  const r = await seedDemoOnce(db.url, {
    now: new Date(),
    log: (m) => console.log(m),
    wellKnownScreenTokens: wellKnownScreenTokensAllowed(process.env),
  });
  console.log(r.created ? 'Demo data seeded.' : 'Demo data was already there; nothing changed.');
  for (const c of r.campaigns) console.log(`  ${c.title} (${c.id})`);
  for (const k of r.kioskTokens) console.log(`  大屏 Kiosk: /kiosk/?token=${k.token}   (${k.campaignTitle})`);
} finally {
  await db.stop();
}
