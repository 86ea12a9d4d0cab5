// Metrics and readiness (issue 28, Build 5): /api/metrics in the Prometheus text format, moved by
// the check-ins written, for this machine's direct callers or METRICS_TOKEN only; /api/health/ready
// asks the database and Redis.
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../src/core/config/config.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../src/bootstrap.js';
import { ManualClock } from '../src/core/clock/clock.js';
import type { AppOptions } from '../src/core/config/app-options.js';
import { OutboxRetention } from '../src/core/live/outbox-retention.js';
import { HEALTH_PROBE_MS } from '../src/modules/health/health.repository.js';
import { RedisProbe } from '../src/modules/health/redis-probe.js';
import { setup } from './harness.js';

const DURING = new Date('2017-10-25T01:00:00Z');
const SECRET = 'venue-secret-metrics-01';
const TOKEN = 'metrics-token-0123456789abcdef';

/** One sample of the exposition: its name, labels and value. */
interface TSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reader of the Prometheus text format (0.0.4): `# HELP` / `# TYPE` lines, then samples
 * `name{label="value",…} number`, every sample belonging to a declared family (a histogram's
 * `_bucket`, `_sum` and `_count` included). Throws on any line it cannot read.
 */
function parsePrometheus(text: string): { types: Map<string, string>; samples: TSample[] } {
  const types = new Map<string, string>();
  const samples: TSample[] = [];
  const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const sampleLine = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (-?(?:[0-9.]+(?:e[+-]?[0-9]+)?|NaN|Nan|\\+Inf|-Inf))(?: -?[0-9]+)?$`);
  const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/gy;
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const type = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (new RegExp(`^# HELP ${NAME} `).test(line)) continue;
    const m = sampleLine.exec(line);
    if (!m) throw new Error(`line ${i + 1} is not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    if (m[2]) {
      labelRe.lastIndex = 0;
      let read = 0;
      for (let l = labelRe.exec(m[2]); l; l = labelRe.exec(m[2])) {
        labels[l[1]!] = l[2]!;
        read = labelRe.lastIndex;
      }
      if (read !== m[2].length) throw new Error(`line ${i + 1} has unreadable labels: ${line}`);
    }
    const name = m[1]!;
    const family = [name, name.replace(/_(bucket|sum|count)$/, '')].find((n) => types.has(n));
    if (!family) throw new Error(`line ${i + 1}: ${name} has no # TYPE`);
    // Prometheus writes infinities as ±Inf, and prom-client a gauge not yet measured as Nan.
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
    samples.push({ name, labels, value });
  }
  return { types, samples };
}

const valueOf = (samples: TSample[], name: string, labels: Record<string, string> = {}) =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);

let t: Awaited<ReturnType<typeof setup>>;
let sessionId: string;

beforeAll(async () => {
  // nginx on this machine (infra/nginx.conf) connects from loopback and is the trusted proxy.
  t = await setup({ clock: new ManualClock(DURING), env: { TRUST_PROXY: 'loopback', METRICS_TOKEN: TOKEN } });
  sessionId = await t.newCheckinSession({ venue: '春江镇', qrSecret: SECRET });
});
afterAll(async () => {
  await t?.teardown();
});

const scrape = async () => {
  const r = await t.http.get('/api/metrics');
  expect(r.status, r.text).toBe(200);
  expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(r.text);
};

describe('GET /api/metrics', () => {
  it('is Prometheus text with every family the operators watch', async () => {
    const { types, samples } = await scrape();
    expect(Object.fromEntries([...types].filter(([n]) => n.startsWith('learnweek_')))).toEqual({
      learnweek_http_request_duration_seconds: 'histogram',
      learnweek_checkins_written_total: 'counter',
      learnweek_scheduler_runs_total: 'counter',
      learnweek_scheduler_failures_total: 'counter',
      learnweek_live_sockets: 'gauge',
      learnweek_mail_queue: 'gauge',
      learnweek_outbox_events: 'gauge',
      learnweek_outbox_lag_seconds: 'gauge',
      learnweek_backup_age_seconds: 'gauge',
    });
    // No backup made yet: an age no alert threshold passes for good (docs/OPERATIONS.md).
    expect(samples.find((s) => s.name === 'learnweek_backup_age_seconds')?.value).toBe(Infinity);
    // The process's own beside them.
    expect(types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(
      samples
        .filter((s) => s.name === 'learnweek_live_sockets')
        .map((s) => s.labels.kind)
        .sort(),
    ).toEqual(['console', 'desk', 'wall']);
    expect(
      samples
        .filter((s) => s.name === 'learnweek_mail_queue')
        .map((s) => s.labels.status)
        .sort(),
    ).toEqual(['failed', 'held', 'pending']);
  });

  it('counts the check-ins written, and the requests by route template and status, never by URL', async () => {
    const before = await scrape();
    for (const name of ['张一', '李二', '王三'])
      expect(
        (
          await t.http
            .post(`/api/checkin-sessions/${sessionId}/checkins`)
            .send({ idempotencyKey: `k-${randomUUID()}`, secret: SECRET, name, deviceKey: `d-${randomUUID()}` })
        ).status,
      ).toBe(201);
    const after = await scrape();
    const written = (s: TSample[]) => valueOf(s, 'learnweek_checkins_written_total', { source: 'self' });
    expect(written(after.samples) - written(before.samples)).toBe(3);
    const route = '/api/checkin-sessions/:id/checkins';
    const posted = (s: TSample[]) => valueOf(s, 'learnweek_http_request_duration_seconds_count', { route, method: 'POST', status: '201' });
    expect(posted(after.samples) - posted(before.samples)).toBe(3);
    expect(after.samples.some((s) => Object.values(s.labels).some((v) => v.includes(sessionId)))).toBe(false);
  });

  it('counts a scheduled job’s runs', async () => {
    const runs = (s: TSample[]) => valueOf(s, 'learnweek_scheduler_runs_total', { job: 'outbox-retention' });
    const before = runs((await scrape()).samples);
    await t.app.get(OutboxRetention).run();
    expect(runs((await scrape()).samples) - before).toBe(1);
  });

  it('refuses a request a proxy passed on, whatever address it names, unless it carries METRICS_TOKEN', async () => {
    for (const forwarded of ['203.0.113.9', '127.0.0.1']) {
      const r = await t.http.get('/api/metrics').set('X-Forwarded-For', forwarded);
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ code: 'forbidden', message: '没有权限执行此操作' });
      expect(r.text).not.toContain('learnweek_');
    }
    const wrong = await t.http.get('/api/metrics').set('X-Forwarded-For', '203.0.113.9').auth('metrics', `${TOKEN}-not`);
    expect(wrong.status).toBe(403);
    const right = await t.http.get('/api/metrics').set('X-Forwarded-For', '203.0.113.9').auth('metrics', TOKEN);
    expect(right.status).toBe(200);
    expect(parsePrometheus(right.text).types.get('learnweek_checkins_written_total')).toBe('counter');
  });

  it('hands every request its id, a plain one the caller sent included', async () => {
    const own = await t.http.get('/api/health/live').set('X-Request-Id', 'trace-abc.123');
    expect(own.headers['x-request-id']).toBe('trace-abc.123');
    const odd = await t.http.get('/api/health/live').set('X-Request-Id', 'a b\u00e9');
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GET /api/health/ready', () => {
  it('answers ok with the database, and Redis as none when there is none', async () => {
    const r = await t.http.get('/api/health/ready');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', db: 'ok', redis: 'none' });
  });

  /** An application of its own on the given database (the harness's checks expect no 503 body of this shape). */
  async function probe(databaseUrl: string) {
    const app = await createApp({
      config: loadConfig({ LOG_LEVEL: 'error' }),
      databaseUrl,
      poolMax: 1,
      scheduler: false,
      webRoot: false,
      logger: false,
    });
    try {
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      const r = await request(app.getHttpServer()).get('/api/health/ready');
      const live = await request(app.getHttpServer()).get('/api/health/live');
      return { status: r.status, body: r.body as unknown, live: live.status };
    } finally {
      await app.close();
    }
  }

  it('fails (503) when the database is unreachable, while liveness still answers', async () => {
    expect(await probe('postgresql://nobody@127.0.0.1:1/none')).toEqual({
      status: 503,
      body: { status: 'degraded', db: 'down', redis: 'none' },
      live: 200,
    });
  });

  it('asks Redis for a PONG: ok from a server, down where none answers, within the probe’s bound', async () => {
    const probeOf = (url: string) => new RedisProbe({ config: loadConfig({ REDIS_URL: url }) } as AppOptions);
    const up = probeOf(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    // Port 1: nothing listens there.
    const gone = probeOf('redis://127.0.0.1:1');
    try {
      expect(await up.probe()).toBe('ok');
      const started = performance.now();
      expect(await gone.probe()).toBe('down');
      expect(performance.now() - started).toBeLessThan(HEALTH_PROBE_MS + 1_000);
    } finally {
      up.onModuleDestroy();
      gone.onModuleDestroy();
    }
  });
});
