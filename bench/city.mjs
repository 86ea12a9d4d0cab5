// The city's board at city scale (issue 25, roll-ups): 100 districts of one city × 500 units, each
// district with this year's campaign (every unit invited, plans in a mix of states, 2 activities per
// unit, some held, a ceremony with check-ins). The city office's GET /api/city/board:
//  - p95 over BENCH_SAMPLES requests through the whole API (as learnweek_app in the city, under the
//    policies), target ≤ 300 ms;
//  - against the same run's baselines: the board's own statement raw through pg (the API's cost), and
//    the same figures counted from the rows of every district per request (what the totals kept by the
//    database's triggers, CampaignTotals, save).
import pg from 'pg';
import { fmt, machineLine, quantile, startBench } from './common.mjs';

const DISTRICTS = Number(process.env.BENCH_DISTRICTS ?? 100);
const UNITS = Number(process.env.BENCH_DISTRICT_UNITS ?? 500);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const STATES = ['invited', 'drafting', 'planSubmitted', 'planReturned', 'planApproved'];

const env = await startBench();
console.log(machineLine());
// The tables' owner: the seed writes every district's rows, and the baselines read past the policies.
const pool = new pg.Pool({ connectionString: env.db.ownerUrl ?? env.db.url, max: 4 });
console.log(`city board at scale, database: ${env.db.kind}`);
const { CHANGZHOU_CITY_ID, XINBEI_DISTRICT_ID } = await import('@learnweek/db');

// --- Seed, as the connecting role naming every row's district (the demo's 新北区 is one of them).
const t0 = performance.now();
const { rows: template } = await pool.query(`SELECT year, "weekStartsAt" FROM "Campaign" WHERE id = $1`, [env.campaignId]);
const year = template[0].year;
const districts = [XINBEI_DISTRICT_ID];
for (let i = 1; i < DISTRICTS; i++) {
  const { rows } = await pool.query(
    `INSERT INTO "District" (id, "cityId", code, name) VALUES (gen_random_uuid(), $1, $2, $3) RETURNING id`,
    [CHANGZHOU_CITY_ID, `B${String(i).padStart(3, '0')}`, `压测区${i}`],
  );
  districts.push(rows[0].id);
}
for (const [i, d] of districts.entries()) {
  if (d === XINBEI_DISTRICT_ID) continue; // 新北区 keeps the demo's campaign.
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const town = (
      await client.query(`INSERT INTO "Town" (id, "districtId", name) VALUES (gen_random_uuid(), $1, '压测街道') RETURNING id`, [d])
    ).rows[0].id;
    await client.query(
      `INSERT INTO "Unit" (id, "districtId", code, name, kind, "townId", "updatedAt")
       SELECT gen_random_uuid(), $1, 'U' || lpad(k::text, 4, '0'), '压测单位' || k, 'school', $2, now() FROM generate_series(1, $3::int) k`,
      [d, town, UNITS],
    );
    const c = (
      await client.query(
        `INSERT INTO "Campaign" (id, "districtId", year, title, theme, status, "planDueAt", "weekStartsAt", "weekEndsAt", "launchAt", "launchVenue", "summaryDueAt", rules, "updatedAt")
         SELECT gen_random_uuid(), $2, year, title, theme, 'published', "planDueAt", "weekStartsAt", "weekEndsAt", "launchAt", "launchVenue", "summaryDueAt", rules, now()
           FROM "Campaign" WHERE id = $1 RETURNING id`,
        [env.campaignId, d],
      )
    ).rows[0].id;
    await client.query(
      `INSERT INTO "Participation" (id, "districtId", "campaignId", "unitId", "machineId", "machineVersion", snapshot, state, "updatedAt")
       SELECT gen_random_uuid(), $1, $2, u.id, 'participation', 1, '{}'::jsonb, ($3::text[])[1 + (row_number() OVER (ORDER BY u.code))::int % 5], now()
         FROM "Unit" u WHERE u."districtId" = $1`,
      [d, c, STATES],
    );
    await client.query(
      `INSERT INTO "Activity" (id, "districtId", "participationId", "sortNo", title, type, "startsAt", "endsAt", place, audiences, "expectedParticipants", "personInCharge", status, "actualParticipants", "heldAt", "updatedAt")
       SELECT gen_random_uuid(), $1, p.id, k, '终身学习活动第' || k || '场', 'lecture', $2::timestamptz - interval '2 days', $2::timestamptz - interval '2 days' + interval '2 hours',
              '社区活动室', ARRAY['residents'], 40, '王老师', CASE WHEN k = 1 THEN 'held' ELSE 'planned' END, CASE WHEN k = 1 THEN 30 + k ELSE NULL END,
              CASE WHEN k = 1 THEN $2::timestamptz - interval '2 days' ELSE NULL END, now()
         FROM "Participation" p, generate_series(1, 2) k WHERE p."campaignId" = $3`,
      [d, template[0].weekStartsAt, c],
    );
    await client.query(
      `INSERT INTO "CheckinSession" (id, "districtId", "campaignId", name, venue, "qrSecret", "opensAt", "closesAt", "checkinCount")
       VALUES (gen_random_uuid(), $1, $2, '启动仪式主会场', '区社区教育中心', md5(random()::text), now(), now() + interval '4 hours', $3)`,
      [d, c, 100 + i],
    );
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
const hash = (await pool.query(`SELECT "passwordHash" FROM "User" WHERE username = 'organizer'`)).rows[0].passwordHash;
await pool.query(
  `INSERT INTO "User" (id, "districtId", "cityId", username, "displayName", roles, "passwordHash", "updatedAt")
   VALUES (gen_random_uuid(), NULL, $1, 'city', '常州市终身教育指导中心', ARRAY['city'], $2, now()) ON CONFLICT (username) DO NOTHING`,
  [CHANGZHOU_CITY_ID, hash],
);
await pool.query('ANALYZE');
const units = (await pool.query('SELECT count(*)::int AS n FROM "Unit"')).rows[0].n;
console.log(
  `  seeded ${fmt(districts.length)} districts, ${fmt(units)} units and their campaigns in ${fmt((performance.now() - t0) / 1000, 1)} s`,
);

const login = await fetch(`${env.base}/api/auth/login`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ username: 'city', password: 'demo1234' }),
});
const auth = { Authorization: `Bearer ${(await login.json()).accessToken}` };

const time = async (fn) => {
  const ms = [];
  for (let i = 0; i < SAMPLES; i++) {
    const s = performance.now();
    await fn();
    ms.push(performance.now() - s);
  }
  return ms;
};
let board;
const api = async () => {
  const r = await fetch(`${env.base}/api/city/board?year=${year}`, { headers: auth });
  if (r.status !== 200) throw new Error(`board ${r.status} ${await r.text()}`);
  board = await r.json();
};
// The board's own statement (apps/api/src/modules/city/city.service.ts), raw, as the connecting role.
const raw = () =>
  pool.query(
    `SELECT d.id, d.code, d.name, count(c.id) AS campaigns, coalesce(sum(t.units), 0)::int, coalesce(sum(t."plansSubmitted"), 0)::int,
            coalesce(sum(t."plansApproved"), 0)::int, coalesce(sum(t.activities), 0)::int, coalesce(sum(t.participants), 0)::int,
            coalesce(sum(t.checkins), 0)::int, coalesce(sum(t.exemplars), 0)::int
       FROM "District" d LEFT JOIN "Campaign" c ON c."districtId" = d.id AND c.year = $2 LEFT JOIN "CampaignTotals" t ON t."campaignId" = c.id
      WHERE d."cityId" = $1 GROUP BY d.id ORDER BY d.code`,
    [CHANGZHOU_CITY_ID, year],
  );
// The same figures counted from every district's rows, per request (no totals kept).
const scan = () =>
  pool.query(
    `SELECT c."districtId",
            (SELECT count(*) FROM "Participation" p WHERE p."campaignId" = c.id),
            (SELECT count(*) FILTER (WHERE p.state IN ('planSubmitted','planApproved','weekRunning','summaryDue','summarySubmitted','summaryReturned','reviewed'))
               FROM "Participation" p WHERE p."campaignId" = c.id),
            (SELECT count(*) FILTER (WHERE a.status <> 'cancelled') FROM "Activity" a JOIN "Participation" p ON p.id = a."participationId" WHERE p."campaignId" = c.id),
            (SELECT coalesce(sum(a."actualParticipants") FILTER (WHERE a.status = 'held'), 0) FROM "Activity" a JOIN "Participation" p ON p.id = a."participationId" WHERE p."campaignId" = c.id),
            (SELECT count(*) FROM "Checkin" k JOIN "CheckinSession" s ON s.id = k."sessionId" WHERE s."campaignId" = c.id),
            (SELECT count(*) FROM "Nomination" n WHERE n."campaignId" = c.id AND n.state = 'published')
       FROM "Campaign" c JOIN "District" d ON d.id = c."districtId" WHERE d."cityId" = $1 AND c.year = $2`,
    [CHANGZHOU_CITY_ID, year],
  );

await time(api); // warm-up
const rawMs = await time(raw);
const scanMs = await time(async () => scan());
const apiMs = await time(api);
if (board.districts.length !== districts.length) throw new Error(`the board lists ${board.districts.length} districts`);
const sum = board.districts.reduce((n, d) => n + d.units, 0);
if (sum !== board.totals.units || board.totals.units < (districts.length - 1) * UNITS)
  throw new Error(`the board's totals are wrong: ${board.totals.units}`);
const p95 = quantile(apiMs, 0.95);
console.log(
  `  city board over ${fmt(districts.length)} districts × ${fmt(UNITS)} units: API p50 ${fmt(quantile(apiMs, 0.5), 1)} ms, p95 ${fmt(p95, 1)} ms ` +
    `(target ≤ 300 ms) — ${p95 <= 300 ? 'met' : 'NOT MET'}; its statement raw p95 ${fmt(quantile(rawMs, 0.95), 1)} ms (ratio ${fmt(p95 / quantile(rawMs, 0.95), 2)}); ` +
    `counting every district's rows instead p95 ${fmt(quantile(scanMs, 0.95), 1)} ms (ratio ${fmt(p95 / quantile(scanMs, 0.95), 2)})`,
);

await pool.end();
await env.close();
