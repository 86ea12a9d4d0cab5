import { type ArgumentsHost, Logger } from '@nestjs/common';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiException } from './api.exception.js';
import { HttpExceptionFilter } from './http-exception.filter.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The filter's answer to an error met while serving a request with this body and query. */
function answer(err: unknown, req: { body?: unknown; query?: Record<string, unknown>; lang?: 'en' }) {
  const sent: { status?: number; body?: Record<string, unknown>; headers: Record<string, string> } = { headers: {} };
  const reply = {
    sent: false,
    raw: { headersSent: false },
    hasHeader: (k: string) => k in sent.headers,
    header(k: string, v: string) {
      sent.headers[k] = v;
      return this;
    },
    status(s: number) {
      sent.status = s;
      return this;
    },
    type(t: string) {
      sent.headers['Content-Type'] = t;
      return this;
    },
    send: (b: Record<string, unknown>) => void (sent.body = b),
  };
  const request = {
    method: 'POST',
    url: '/api/x',
    headers: req.lang ? { 'accept-language': 'en' } : {},
    body: req.body,
    query: req.query ?? {},
  };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) } as unknown as ArgumentsHost;
  new HttpExceptionFilter().catch(err, host);
  return sent;
}

const caught = async (work: () => Promise<unknown>) =>
  work().then(
    () => expect.unreachable('expected an error'),
    (e: unknown) => e,
  );

describe('HttpExceptionFilter, with real driver errors', () => {
  let client: pg.Client;
  beforeAll(async () => {
    Logger.overrideLogger(false);
    client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
  });
  afterAll(() => client.end());

  it('a NUL that reached PostgreSQL is a 400 naming the field that held it, in the caller’s language', async () => {
    const err = await caught(() => client.query('SELECT $1::text', ['张\u0000三']));
    const zh = answer(err, { body: { items: [{ name: 'ok' }, { name: '张\u0000三' }] } });
    expect(zh.status).toBe(400);
    expect(zh.body).toMatchObject({
      code: 'validationFailed',
      errors: [{ path: 'items.1.name', message: '含有不可见的控制字符（如 NUL），请删除后重试' }],
    });
    const en = answer(err, { query: { town: '张\u0000三' }, lang: 'en' });
    expect(en.body).toMatchObject({
      message: 'The request has invalid fields',
      errors: [{ path: 'town', message: 'Contains an invisible control character (such as NUL); remove it' }],
    });
  });

  it('a value out of range names the field that held it, else the body', async () => {
    const err = await caught(() => client.query('SELECT $1::int', ['99999999999']));
    expect(answer(err, { body: { version: 99999999999 } }).body).toMatchObject({
      statusCode: 400,
      errors: [{ path: 'version', message: '此项的值无效，请检查后重新填写' }],
    });
    expect(answer(err, { body: {} }).body).toMatchObject({ statusCode: 400, errors: [{ path: '(body)' }] });
  });

  it('a database that is down or shutting down is a 503 with Retry-After, in the caller’s language', async () => {
    const refused = await caught(async () => {
      const c = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:1/postgres' });
      await c.connect();
    });
    const shutdown = await caught(() => client.query(`DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '57P01'; END $$`));
    for (const err of [refused, shutdown]) {
      const zh = answer(err, {});
      expect(zh.status).toBe(503);
      expect(zh.headers['Retry-After']).toBe('2');
      expect(zh.body).toEqual({ statusCode: 503, code: 'serviceUnavailable', message: '服务暂时不可用，请稍后重试' });
      expect(answer(err, { lang: 'en' }).body?.message).toBe('The service is temporarily unavailable; try again in a moment');
    }
  });

  it('an unknown error is still a 500 without Retry-After', () => {
    const r = answer(new Error('boom'), {});
    expect(r.status).toBe(500);
    expect(r.headers['Retry-After']).toBeUndefined();
  });
});

describe('HttpExceptionFilter, error bodies', () => {
  it('lists at most 128 field errors, each cut to 300 characters, with the count of all', () => {
    const errors = Array.from({ length: 1_000 }, (_, i) => ({ path: `k${i}`, message: 'x'.repeat(1_000) }));
    const { status, body } = answer(new ApiException(400, 'validationFailed', { errors }), {});
    expect(status).toBe(400);
    const listed = body!.errors as { path: string; message: string }[];
    expect(listed).toHaveLength(128);
    expect(listed[0]!.message).toHaveLength(300);
    expect(listed[0]!.message.endsWith('…')).toBe(true);
    expect(body!.errorCount).toBe(1_000);
  });
});
