import { writeFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ExcelJS from 'exceljs';
import type { Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock/clock.js';
import { setup, T } from '../harness.js';
import {
  encodeQueryValue,
  generate,
  getAt,
  HOSTILE_SEGMENTS,
  HOSTILE_STRINGS,
  leafPaths,
  seededRandom,
  setAt,
  uuidFrom,
  WRONG_TYPES,
  type GenContext,
  type JsonSchema,
} from './generate.js';

/**
 * The fuzz suite (`npm run test:fuzz`): for every operation of the served OpenAPI document, as
 * every kind of caller, with real ids, a valid-shaped request and then hostile ones (NUL, lone
 * surrogates, bidi overrides, 100 kB strings, wrong types, extra fields, deep nesting, bodies over
 * the limit). Every answer must be below 500, one of the statuses the document lists for the
 * operation, and shaped as the document says.
 */

/** A generated multipart body without its `file` part (sent as an attachment). */
const textFields = (generated: unknown) => {
  const fields = { ...(generated as Record<string, unknown>) };
  delete fields.file;
  return fields;
};

const SEED = Number(process.env.FUZZ_SEED ?? 20171022);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ROLES = ['anonymous', 'organizer', 'approver', 'coordinator', 'otherCoordinator', 'checkinStaff', 'kiosk'] as const;
type Role = (typeof ROLES)[number];

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}
interface MediaType {
  schema?: JsonSchema & { $ref?: string };
}
interface Response {
  $ref?: string;
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId: string;
  parameters: (Parameter | { $ref: string })[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, Response>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, Response>; parameters: Record<string, Parameter> };
}

/** One request to send: where, as whom, and what. */
interface Probe {
  method: string;
  path: string;
  op: Operation;
  role: Role;
  variant: string;
  url: string;
  query?: string;
  json?: unknown;
  raw?: { type: string; body: string | Buffer };
  multipart?: { fields: Record<string, unknown>; file?: Buffer };
}

describe('fuzz: every operation of the served OpenAPI document', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let doc: Doc;
  const headers = new Map<Role, Record<string, string>>();
  const ids: Record<string, string> = {};
  let templateXlsx: Buffer;
  let emptyXlsx: Buffer;

  beforeAll(async () => {
    // Before the plan is due: the school is drafting, a check-in session is open, nominations are drafts.
    t = await setup({ clock: new ManualClock(T.beforeDue) });
    const { campaignId, units } = t.fixture;
    const hash = (await t.prisma.user.findFirstOrThrow()).passwordHash;
    await t.prisma.user.create({ data: { username: 'staff', displayName: '签到志愿者', roles: ['checkinStaff'], passwordHash: hash } });
    const organizer = await t.as('organizer');
    const coordinator = await t.as(units.school.coordinator);
    await t.event(units.school.participationId, units.school.coordinator, 'START_DRAFT');
    const ok = (r: { status: number; body: unknown }, what: string) => {
      expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
      return r.body as Record<string, unknown>;
    };
    const activity = ok(
      await t.http.post(`/api/participations/${units.school.participationId}/activities`).set(coordinator).send({
        title: '主题讲座',
        type: 'lecture',
        startsAt: '2017-10-24T01:00:00Z',
        endsAt: '2017-10-24T03:00:00Z',
        place: '报告厅',
        personInCharge: '王老师',
      }),
      'activity',
    );
    const now = t.clock.now().getTime();
    const session = ok(
      await t.http
        .post(`/api/campaigns/${campaignId}/checkin-sessions`)
        .set(organizer)
        .send({
          name: '主会场',
          venue: '春江镇社区教育中心',
          kind: 'main',
          opensAt: new Date(now - 3_600_000).toISOString(),
          closesAt: new Date(now + 24 * 3_600_000).toISOString(),
        }),
      'session',
    );
    const kiosk = ok(await t.http.post(`/api/campaigns/${campaignId}/kiosk-devices`).set(organizer).send({ name: '主屏' }), 'kiosk');
    const spare = ok(
      await t.http.post(`/api/campaigns/${campaignId}/kiosk-devices`).set(organizer).send({ name: '备用屏' }),
      'spare kiosk',
    );
    const nomination = ok(
      await t.http.post(`/api/campaigns/${campaignId}/nominations`).set(coordinator).send({ kind: 'learningStar', name: '张三艳' }),
      'nomination',
    );
    ok(await t.http.post(`/api/campaigns/${campaignId}/deadlines/reminders`).set(organizer).send({ deadline: 'plan' }), 'reminders');
    const notifications = ok(await t.http.get('/api/notifications').set(coordinator), 'notifications') as { items: { id: string }[] };
    const approver = await t.prisma.user.findFirstOrThrow({ where: { username: 'approver' } });
    templateXlsx = (
      await t.http
        .get(`/api/participations/${units.school.participationId}/activities.xlsx?template=1`)
        .set(coordinator)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
    ).body as Buffer;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['编码', '姓名', '单位', '手机']);
    emptyXlsx = Buffer.from(await wb.xlsx.writeBuffer());
    Object.assign(ids, {
      campaign: campaignId,
      participation: units.school.participationId,
      activity: (activity as { id: string }).id,
      session: (session as { id: string }).id,
      kioskDevice: (spare as { device: { id: string } }).device.id,
      nomination: (nomination as { id: string }).id,
      notification: notifications.items[0]!.id,
      unit: units.school.id,
      approver: approver.id,
    });
    headers.set('anonymous', {});
    headers.set('organizer', organizer);
    headers.set('approver', await t.as('approver'));
    headers.set('coordinator', coordinator);
    headers.set('otherCoordinator', await t.as(units.centre.coordinator));
    headers.set('checkinStaff', await t.as('staff'));
    headers.set('kiosk', { Authorization: `Bearer ${(kiosk as { token: string }).token}` });
    const r = await t.http.get('/api/docs-json');
    doc = r.body as Doc;
  });
  afterAll(() => t.teardown());

  it('answers every request below 500, with a documented status and body', async () => {
    const random = seededRandom(SEED);
    let counter = 0;
    const ctx: GenContext = {
      random,
      idFor: (name) =>
        ({
          activityId: ids.activity,
          unitId: ids.unit,
          participationIds: ids.participation,
          id: ids.participation,
          userIds: ids.approver,
          campaignId: ids.campaign,
        })[name],
      textFor: (name) => {
        counter += 1;
        const key = `fuzz-${SEED}-${String(counter).padStart(6, '0')}`;
        return (
          {
            phone: '13812345678',
            idempotencyKey: key,
            deviceKey: key,
            secret: 'not-the-secret',
            username: 'organizer',
            password: 'wrong-password',
            title: `标题${counter}`,
            name: `名称${counter}`,
          } as Record<string, string>
        )[name];
      },
      instantFor: (name) => {
        const day = (d: string) => new Date(`2018-10-${d}T02:00:00Z`).toISOString();
        const now = t.clock.now().getTime();
        const fixed: Record<string, string> = {
          planDueAt: day('01'),
          weekStartsAt: day('22'),
          launchAt: day('25'),
          weekEndsAt: day('29'),
          summaryDueAt: day('30'),
        };
        if (fixed[name]) return fixed[name];
        if (name === 'endsAt' || name === 'closesAt') return new Date(now + 7_200_000).toISOString();
        if (name === 'scannedAt') return new Date(now).toISOString();
        return new Date(now + 3_600_000).toISOString();
      },
    };

    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
    const validators = new Map<string, ValidateFunction>();
    const deref = (r: Response): Response => (r.$ref ? doc.components.responses[r.$ref.split('/').pop()!]! : r);
    const schemaOf = (s: MediaType['schema']) => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()!]! : (s ?? {}));
    const validatorFor = (key: string, schema: JsonSchema) => {
      let v = validators.get(key);
      if (!v) validators.set(key, (v = ajv.compile(schema)));
      return v;
    };

    const paramsOf = (op: Operation) => op.parameters.map((p) => ('$ref' in p ? doc.components.parameters[p.$ref.split('/').pop()!]! : p));
    /** The real id for a path parameter, from the operation's path. */
    const pathId = (path: string, name: string): string => {
      if (name === 'activityId') return ids.activity!;
      if (name === 'photoId') return uuidFrom(random);
      const prefix = path.split('/')[2];
      const byPrefix: Record<string, string | undefined> = {
        campaigns: ids.campaign,
        public: ids.campaign,
        participations: ids.participation,
        nominations: ids.nomination,
        'checkin-sessions': ids.session,
        'kiosk-devices': ids.kioskDevice,
        units: ids.unit,
        notifications: ids.notification,
      };
      return byPrefix[prefix!] ?? uuidFrom(random);
    };

    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    // Reads first, then writes; deactivating the unit, deleting and closing the campaign last, so they do not hide the rest.
    const rank = ({ path, method }: { path: string; method: string }) =>
      path.endsWith('/close') ? 5 : method === 'delete' ? 4 : path === '/api/units/{id}' ? 3 : method === 'get' ? 0 : 1;
    ops.sort((a, b) => rank(a) - rank(b));

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let requests = 0;

    const send = async (p: Probe): Promise<number> => {
      let req: Test = (t.http as unknown as Record<string, (url: string) => Test>)[p.method]!(
        `${p.url}${p.query ? `?${p.query}` : ''}`,
      ).set(headers.get(p.role)!);
      if (p.json !== undefined) req = req.send(p.json as object);
      else if (p.raw) req = req.set('Content-Type', p.raw.type).send(p.raw.body);
      else if (p.multipart) {
        for (const [k, v] of Object.entries(p.multipart.fields)) req = req.field(k, typeof v === 'string' ? v : JSON.stringify(v));
        if (p.multipart.file) req = req.attach('file', p.multipart.file, 'photo.jpg');
      }
      const r = await req.buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      requests += 1;
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      const what = `${p.method.toUpperCase()} ${p.path} as ${p.role} (${p.variant})`;
      const raw = r.body as Buffer;
      const text = raw.toString('utf8');
      const documented = p.op.responses[String(r.status)];
      if (r.status >= 500) failures.push(`${what}: ${r.status} ${text.slice(0, 300)}`);
      else if (!documented) failures.push(`${what}: undocumented status ${r.status} ${text.slice(0, 300)}`);
      else {
        const content = deref(documented).content;
        const type = String(r.headers['content-type'] ?? '');
        if (!content) {
          if (raw.length > 0) failures.push(`${what}: ${r.status} documented without a body, got ${type} ${text.slice(0, 100)}`);
        } else if (content['application/json']) {
          if (!type.startsWith('application/json'))
            failures.push(`${what}: ${r.status} ${type} where JSON is documented: ${text.slice(0, 200)}`);
          else {
            const validate = validatorFor(`${p.method} ${p.path} ${r.status}`, schemaOf(content['application/json'].schema));
            if (!validate(JSON.parse(text)))
              failures.push(
                `${what}: ${r.status} body does not match the document: ${ajv.errorsText(validate.errors)} in ${text.slice(0, 300)}`,
              );
          }
        } else if (!Object.keys(content).some((media) => type.startsWith(media))) {
          failures.push(`${what}: ${r.status} ${type} where ${Object.keys(content).join(', ')} is documented`);
        }
      }
      return r.status;
    };

    for (const { path, method, op } of ops) {
      const params = paramsOf(op);
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query' && p.name !== 'lang');
      const url = (segments: Record<string, string> = {}) => path.replace(/\{(\w+)\}/g, (_, n: string) => segments[n] ?? pathId(path, n));
      const validQuery = () =>
        queryParams
          .filter((p) => p.required || random() < 0.7)
          .map((p) => [p.name, String(generate(p.schema, ctx, p.name))] as [string, string]);
      const queryString = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeQueryValue(v)}`).join('&');
      const content = op.requestBody?.content ?? {};
      const jsonSchema = content['application/json']?.schema;
      const multipart = content['multipart/form-data']?.schema;
      const xlsx = content[XLSX];
      const bodyOf = (): Partial<Probe> => {
        if (jsonSchema) return { json: generate(jsonSchema, ctx) };
        if (multipart) {
          const fields = textFields(generate(multipart, ctx));
          return { multipart: { fields, file: Buffer.from('not really a photo') } };
        }
        if (xlsx) return { raw: { type: XLSX, body: path.includes('/activities.xlsx') ? templateXlsx : emptyXlsx } };
        return {};
      };
      const base = (role: Role, variant: string): Probe => ({
        method,
        path,
        op,
        role,
        variant,
        url: url(),
        query: queryString(validQuery()),
        ...bodyOf(),
      });

      // 1. A valid-shaped request as every kind of caller.
      let deepest: Role = 'organizer';
      let best = -1;
      for (const role of ROLES) {
        const status = await send(base(role, 'valid-shaped'));
        const depth = status < 300 ? 3 : status === 401 || status === 403 ? 0 : status === 404 ? 1 : 2;
        if (depth > best) [best, deepest] = [depth, role];
      }
      // Then hostile requests as the caller who got furthest, and as callers who should be stopped
      // early: nobody, a coordinator of another unit, a ceremony screen (whatever is parsed first must hold up).
      const roles = [...new Set<Role>([deepest, 'anonymous', 'otherCoordinator', 'kiosk'])];

      for (const role of roles) {
        // 2. Hostile path parameters.
        for (const p of pathParams)
          for (const [label, segment] of HOSTILE_SEGMENTS)
            await send({ ...base(role, `path ${p.name}: ${label}`), url: url({ [p.name]: segment }) });
        // 3. Hostile query parameters, one at a time, and repeated (an array).
        for (const p of queryParams) {
          // A URL stays under Node's 16 kB header limit: the long value is 8 kB here (a longer one is the transport's 431, probed below).
          for (const [label, value] of HOSTILE_STRINGS) {
            const v = value.length > 8_000 ? value.slice(0, 8_000) : value;
            await send({ ...base(role, `query ${p.name}: ${label}`), query: queryString([[p.name, v]]) });
          }
          await send({
            ...base(role, `query ${p.name}: repeated`),
            query: queryString([
              [p.name, 'a'],
              [p.name, 'b'],
            ]),
          });
          await send({ ...base(role, `query ${p.name}: bracketed object`), query: `${encodeURIComponent(p.name)}[x]=1` });
        }
        await send({ ...base(role, 'unknown query parameter'), query: 'zzz=%00' });
        // Node itself answers 431 to a request line over its header limit, before the API sees it.
        const tooLong = await t.http[method as 'get'](`${url()}?q=${'x'.repeat(100_000)}`).set(headers.get(role)!);
        requests += 1;
        if (tooLong.status !== 431)
          failures.push(`${method.toUpperCase()} ${path} as ${role} (100 kB URL): ${tooLong.status}, not Node's 431`);
        // 4. Hostile JSON bodies: each leaf replaced by hostile strings and wrong types, then the body as a whole.
        if (jsonSchema) {
          const valid = generate(jsonSchema, ctx);
          for (const leaf of leafPaths(valid)) {
            const at = leaf.join('.');
            if (typeof getAt(valid, leaf) === 'string')
              for (const [label, value] of HOSTILE_STRINGS)
                await send({ ...base(role, `body ${at}: ${label}`), json: setAt(valid, leaf, value) });
            for (const [label, value] of WRONG_TYPES)
              await send({ ...base(role, `body ${at}: ${label}`), json: setAt(valid, leaf, value) });
          }
          const wholeBodies: [string, Partial<Probe>][] = [
            ['extra field', { json: { ...(valid as object), extraField: 'x' } }],
            [
              '__proto__',
              { raw: { type: 'application/json', body: `{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}` } },
            ],
            ['array body', { json: [valid] }],
            ['string body', { raw: { type: 'application/json', body: '"x"' } }],
            ['null body', { raw: { type: 'application/json', body: 'null' } }],
            ['malformed JSON', { raw: { type: 'application/json', body: '{"a":' } }],
            ['deeply nested arrays', { raw: { type: 'application/json', body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` } }],
            ['deeply nested objects', { raw: { type: 'application/json', body: `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}` } }],
            ['over the body limit', { raw: { type: 'application/json', body: JSON.stringify({ x: 'x'.repeat(1_100_000) }) } }],
            ['text/plain', { raw: { type: 'text/plain', body: 'a\u0000b' } }],
          ];
          for (const [label, body] of wholeBodies) await send({ ...base(role, label), json: undefined, raw: undefined, ...body });
        }
        // 5. Hostile multipart fields and files.
        if (multipart) {
          const fields = textFields(generate(multipart, ctx));
          for (const k of Object.keys(fields)) {
            for (const [label, value] of HOSTILE_STRINGS)
              await send({
                ...base(role, `multipart ${k}: ${label}`),
                multipart: { fields: { ...fields, [k]: value }, file: Buffer.from('x') },
              });
          }
          await send({ ...base(role, 'multipart without a file'), multipart: { fields } });
          await send({ ...base(role, 'multipart extra field'), multipart: { fields: { ...fields, extra: 'x' }, file: Buffer.from('x') } });
          await send({ ...base(role, 'multipart 16 MB file'), multipart: { fields, file: Buffer.alloc(16 * 1024 * 1024, 1) } });
        }
        // 6. Hostile spreadsheets.
        if (xlsx) {
          for (const [label, body] of [
            ['garbage bytes', Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)))],
            ['empty', Buffer.alloc(0)],
            ['a zip that is no workbook', Buffer.from('504b0506000000000000000000000000000000000000', 'hex')],
            ['over the body limit', Buffer.alloc(11 * 1024 * 1024, 1)],
          ] as const) {
            await send({ ...base(role, `xlsx: ${label}`), raw: { type: XLSX, body } });
          }
        }
      }
    }

    const summary = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, failures.join('\n'));
    console.log(`fuzz (seed ${SEED}): ${ops.length} operations, ${requests} requests, statuses ${summary}, ${failures.length} failures`);
    expect(ops.length).toBeGreaterThan(70);
    expect(failures.slice(0, 40), `${failures.length} failures`).toEqual([]);
  });
});
