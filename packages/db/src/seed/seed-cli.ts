// `npm run db:seed` — the demo data on DATABASE_URL (the embedded default seeds itself).
import { createPrismaClient } from '../index.js';
import { startDatabase } from '../database.js';
import { seedDemo, wellKnownScreenTokensAllowed } from './seed.js';

const db = await startDatabase();
const prisma = createPrismaClient(db.url, db.poolMax);
try {
  const r = await seedDemo(prisma, { now: new Date(), log: (m) => console.log(m), wellKnownScreenTokens: wellKnownScreenTokensAllowed(process.env) });
  console.log(r.created ? 'Demo data seeded.' : 'Demo data was already there.');
  for (const c of r.campaigns) console.log(`  ${c.title} (${c.id})`);
  for (const k of r.kioskTokens) console.log(`  大屏 Kiosk: /kiosk/?token=${k.token}   (${k.campaignTitle})`);
} finally {
  await prisma.$disconnect();
  await db.stop();
}
