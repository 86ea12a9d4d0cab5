import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setup } from './harness.js';

/**
 * Answers go compressed as the client takes them: the API's JSON from 1 KB on (br, else gzip), the
 * apps' files as the build compressed them beside the originals; never the downloads (zip
 * archives), nor what is too small to gain.
 */

let t: Awaited<ReturnType<typeof setup>>;
let webRoot: string;
const ASSET = '/kiosk/assets/index-Bx1y2z3w.js';
const SCRIPT = `console.log(${JSON.stringify('签到成功'.repeat(500))});`;

beforeAll(async () => {
  // A built kiosk as Vite writes it, with the .br and .gz siblings of its hashed script.
  webRoot = mkdtempSync(path.join(os.tmpdir(), 'lw-web-'));
  for (const app of ['admin', 'kiosk']) {
    mkdirSync(path.join(webRoot, app, 'assets'), { recursive: true });
    writeFileSync(
      path.join(webRoot, app, 'index.html'),
      `<!doctype html><title>${app}</title><script type="module" src="/${app}/assets/index-Bx1y2z3w.js"></script>`,
    );
  }
  // The admin's second page: the public pages' frame and entry.
  writeFileSync(path.join(webRoot, 'admin', 'public.html'), '<!doctype html><title>public</title>');
  const asset = path.join(webRoot, ASSET);
  writeFileSync(asset, SCRIPT);
  // Each sibling says which it is, so that an answer shows it came from the file, not compressed on the fly.
  writeFileSync(`${asset}.br`, zlib.brotliCompressSync(`${SCRIPT}\n// .br`));
  writeFileSync(`${asset}.gz`, zlib.gzipSync(`${SCRIPT}\n// .gz`));
  t = await setup({ webRoot: { admin: path.join(webRoot, 'admin'), kiosk: path.join(webRoot, 'kiosk') } });
  // Units enough for their list to be well over 1 KB.
  const { id: townId } = await t.prisma.town.findFirstOrThrow();
  await t.prisma.unit.createMany({
    data: Array.from({ length: 40 }, (_, i) => ({
      code: `Z${i}`,
      name: `春江镇第${i + 1}社区学校`,
      kind: 'communityCentre' as const,
      townId,
    })),
  });
});
afterAll(async () => {
  await t?.teardown();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

/** A request as a client sends it, and the body as it came over the wire (nothing decoded). */
function send(
  method: string,
  urlPath: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { method, host: '127.0.0.1', port: (t.app.getHttpServer().address() as AddressInfo).port, path: urlPath, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
const get = (urlPath: string, headers: Record<string, string> = {}) => send('GET', urlPath, headers);

describe('the API', () => {
  it('answers a JSON list in br to a client that takes br, in gzip to one that takes only gzip, each the same JSON', async () => {
    const auth = await t.as('organizer');
    const url = '/api/units?pageSize=100';
    const plain = await get(url, { ...auth, 'Accept-Encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(4 * 1024);
    const list = JSON.parse(plain.body.toString('utf8')) as { total: number };
    expect(list.total).toBe(43);

    const br = await get(url, { ...auth, 'Accept-Encoding': 'br, gzip' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(JSON.parse(zlib.brotliDecompressSync(br.body).toString('utf8'))).toEqual(list);

    const gzip = await get(url, { ...auth, 'Accept-Encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(gzip.body).toString('utf8'))).toEqual(list);
  });

  it('sends an answer under 1 KB as it is', async () => {
    const r = await get('/api/health', { 'Accept-Encoding': 'br, gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(r.body.toString('utf8'))).toEqual({ status: 'ok', db: 'ok' });
  });

  it('does not compress downloads, which are zip archives already: one made in memory, one streamed', async () => {
    const auth = { ...(await t.as('organizer')), 'Accept-Encoding': 'br, gzip' };
    for (const url of ['/api/units/template.xlsx', `/api/campaigns/${t.fixture.campaignId}/exports/status.xlsx`]) {
      const r = await get(url, auth);
      expect(r.status, url).toBe(200);
      expect(r.headers['content-type'], url).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(r.headers['content-encoding'], url).toBeUndefined();
      expect(r.body.subarray(0, 2).toString('latin1'), url).toBe('PK');
    }
  });
});

describe('the built apps', () => {
  it('send a hashed asset as the build compressed it, br or gzip as the client takes it, cached for a year', async () => {
    const br = await get(ASSET, { 'Accept-Encoding': 'br, gzip' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(br.body).toString('utf8')).toBe(`${SCRIPT}\n// .br`);

    const gzip = await get(ASSET, { 'Accept-Encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.gunzipSync(gzip.body).toString('utf8')).toBe(`${SCRIPT}\n// .gz`);

    const plain = await get(ASSET);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body.toString('utf8')).toBe(SCRIPT);
  });

  it('answer every client-side route with the app’s page, never cached, and refuse what is no file of theirs', async () => {
    for (const url of ['/kiosk/', '/kiosk/wall', '/admin/campaigns/1']) {
      const page = await get(url);
      expect(page.status, url).toBe(200);
      expect(page.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control'], url).toBe('no-cache');
      expect(page.body.toString('utf8'), url).toContain(`<title>${url.split('/')[1]}</title>`);
    }
    const missing = await get('/kiosk/assets/index-missing.js');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString('utf8'))).toMatchObject({ statusCode: 404, code: 'notFound' });
    expect((await send('POST', '/kiosk/wall')).status).toBe(404);
  });

  it('answer a public page’s path (a resident’s link) with the public pages’ own frame, the console’s paths with the console', async () => {
    for (const [url, page] of [
      ['/admin/calendar/4a3e1f52-9c1b-4e0b-9d55-0d3c2f1a7b10', 'public'],
      ['/admin/exemplars/4a3e1f52-9c1b-4e0b-9d55-0d3c2f1a7b10?lang=en', 'public'],
      ['/admin/campaigns/calendar/1', 'admin'],
      ['/admin/login', 'admin'],
    ]) {
      const answer = await get(url!);
      expect(answer.status, url).toBe(200);
      expect(answer.headers['cache-control'], url).toBe('no-cache');
      expect(answer.body.toString('utf8'), url).toContain(`<title>${page}</title>`);
    }
  });

  it('lead / to the console, and a prefix without its slash to the app, its query kept', async () => {
    const root = await get('/');
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe('/admin/');
    const kiosk = await get('/kiosk?token=demo-kiosk-2017');
    expect(kiosk.status).toBe(301);
    expect(kiosk.headers.location).toBe('/kiosk/?token=demo-kiosk-2017');
  });
});
