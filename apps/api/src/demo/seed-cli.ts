// `npm run db:seed` — the demo on DATABASE_URL (the embedded default seeds itself at `npm start`).
import { startDatabase, wellKnownScreenTokensAllowed } from '@learnweek/db';
import { seedDemoOnce } from './seed-demo.js';

const db = await startDatabase();
try {
  const started = Date.now();
  const r = await seedDemoOnce(db, {
    now: new Date(),
    log: (m) => console.log(m),
    wellKnownScreenTokens: wellKnownScreenTokensAllowed(process.env),
  });
  console.log(
    r.created ? `Demo data seeded (${((Date.now() - started) / 1000).toFixed(1)} s).` : 'Demo data was already there; nothing changed.',
  );
  for (const c of r.campaigns) console.log(`  ${c.title} (${c.id})`);
  for (const k of r.kioskTokens) console.log(`  大屏 Kiosk: /kiosk/?token=${k.token}   (${k.campaignTitle})`);
} finally {
  await db.stop();
}
