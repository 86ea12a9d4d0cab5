import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { API_ROUTES } from '@learnweek/contracts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOW_KIOSK, IS_PUBLIC } from '../src/core/auth/auth.decorators.js';
import { endpointOf } from '../src/core/http/endpoint.decorator.js';
import { setup } from './harness.js';

type Env = Awaited<ReturnType<typeof setup>>;
interface Operation {
  parameters: ({ name: string; in: string } | { $ref: string })[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: object }> }>;
}
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } };

/**
 * Every route the running server answers, as Fastify registered it: not the HEAD Fastify adds beside
 * each GET, nor the API docs' static files.
 */
function registeredRoutes(env: Env): string[] {
  return env.routes
    .filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/api/docs/assets/'))
    .map((r) => `${r.method.toLowerCase()} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
}

/** Every route handler of the app's controllers, as Nest maps it (a method with a request mapping). */
function routeHandlers(env: Env) {
  const scanner = new MetadataScanner();
  return env.app
    .get(DiscoveryService)
    .getControllers()
    .flatMap((wrapper) => {
      const type = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!type) return [];
      return scanner.getAllMethodNames(type.prototype).flatMap((name) => {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) return [];
        const join = (...parts: (string | undefined)[]) =>
          `/${parts
            .flatMap((p) => (p ?? '').split('/'))
            .filter(Boolean)
            .join('/')}`;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
        const path = join(
          'api',
          Reflect.getMetadata(PATH_METADATA, type) as string,
          Reflect.getMetadata(PATH_METADATA, handler) as string,
        ).replace(/:(\w+)/g, '{$1}');
        return [{ name: `${type.name}.${name}`, type, handler: handler as () => unknown, mapped: `${method} ${path}` }];
      });
    });
}

/** Who the auth guard lets through on each route, from the handlers' own metadata: `public`, `kiosk` or signed-in users. */
function guardAccess(env: Env): Map<string, 'public' | 'kiosk' | 'user'> {
  const out = new Map<string, 'public' | 'kiosk' | 'user'>();
  for (const { type, handler, mapped } of routeHandlers(env)) {
    const flag = (key: string) => (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, type)) === true;
    out.set(mapped, flag(IS_PUBLIC) ? 'public' : flag(ALLOW_KIOSK) ? 'kiosk' : 'user');
  }
  return out;
}

const documentedRoutes = (doc: Doc) => Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));

/** Every object in the document, with where it is. */
function* nodes(value: unknown, at = '#'): Generator<[string, Record<string, unknown>]> {
  if (value === null || typeof value !== 'object') return;
  if (!Array.isArray(value)) yield [at, value as Record<string, unknown>];
  for (const [k, v] of Object.entries(value)) yield* nodes(v, `${at}/${k}`);
}

describe('the OpenAPI document', () => {
  let env: Env;
  let doc: Doc;
  beforeAll(async () => {
    env = await setup();
    const r = await env.http.get('/api/docs-json');
    expect(r.status).toBe(200);
    doc = r.body as Doc;
  });
  afterAll(() => env.teardown());

  it('lists exactly the routes the server registered', () => {
    const served = registeredRoutes(env).sort();
    expect(served.length).toBeGreaterThan(70);
    expect(documentedRoutes(doc).sort()).toEqual(served);
  });

  it('serves each declared route from exactly one handler, which carries its declaration (@Endpoint), and nothing else', () => {
    const handlers = routeHandlers(env);
    expect(handlers.length).toBeGreaterThan(70);
    expect(
      handlers.filter((h) => endpointOf(h.handler) === undefined).map((h) => `${h.name}: ${h.mapped}`),
      'handlers without @Endpoint',
    ).toEqual([]);
    const declared = (r: { method: string; path: string }) => `${r.method} /api${r.path.replace(/:(\w+)/g, '{$1}')}`;
    expect(handlers.map((h) => declared(endpointOf(h.handler)!)).sort()).toEqual(API_ROUTES.map(declared).sort());
    for (const h of handlers) expect(h.mapped, h.name).toBe(declared(endpointOf(h.handler)!));
  });

  it('says who may call each route as the guard decides it: no sign-in exactly where the handler is @Public', () => {
    const access = guardAccess(env);
    expect([...access.keys()].sort()).toEqual(documentedRoutes(doc).sort());
    for (const [route, who] of access) {
      const [method, path] = route.split(' ') as [string, string];
      const op = doc.paths[path]![method]! as Operation & { security?: object[]; description: string };
      expect(op.security?.some((s) => Object.keys(s).length === 0) ?? false, `${route} public`).toBe(who === 'public');
      if (who !== 'public') expect(Object.keys(op.responses), route).toEqual(expect.arrayContaining(['401', '403']));
      expect(op.description.includes('ceremony screen tokens too'), `${route} kiosk`).toBe(who === 'kiosk');
    }
  });

  it('is OpenAPI 3.1 throughout: no 3.0 `nullable`, no 3.0 binary format, and every schema compiles as JSON Schema 2020-12', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const [at, node] of nodes(doc)) {
      expect(node, at).not.toHaveProperty('nullable');
      expect(node.format, at).not.toBe('binary');
    }
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: 'doc', ...doc.components.schemas.ApiError }, 'ApiError');
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const schemas = [
          ...Object.values(op.requestBody?.content ?? {}).map((c) => c.schema),
          ...Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {}).map((c) => c.schema)),
        ];
        for (const s of schemas) expect(() => ajv.compile(s), `${method} ${path}`).not.toThrow();
      }
    }
  });

  it('documents what the issue found missing: the plan answer’s participationId, a duplicate check-in’s 200, the uploads and the refusals', () => {
    const plan = doc.paths['/api/participations/{id}/plan']!.put!.responses['200']!.content!['application/json']!.schema as {
      properties: object;
      required: string[];
    };
    expect(plan.properties).toHaveProperty('participationId');
    expect(plan.required).toContain('participationId');
    const checkin = doc.paths['/api/checkin-sessions/{id}/checkins']!.post!;
    expect(Object.keys(checkin.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '403', '404', '409', '429', '503']));
    expect(Object.keys(doc.paths['/api/units.xlsx']!.post!.requestBody!.content)).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(Object.keys(doc.paths['/api/participations/{id}/photos']!.post!.requestBody!.content)).toEqual(['multipart/form-data']);
    const photo = doc.paths['/api/participations/{id}/photos']!.post!.requestBody!.content['multipart/form-data']!.schema as {
      properties: object;
      required: string[];
    };
    expect(Object.keys(photo.properties).sort()).toEqual(['activityId', 'caption', 'file']);
    expect(Object.keys(doc.paths['/api/auth/login']!.post!.responses).sort()).toEqual(['200', '400', '401', '413', '429', '503']);
    expect(doc.paths['/api/public/campaigns/{id}/activities']!.get!.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'town', in: 'query' })]),
    );
  });

  it('answers `?lang=en` on a route whose query is strict, as the docs promise', async () => {
    const r = await env.http.get(`/api/units?lang=en&pageSize=5`).set(await env.as('organizer'));
    expect(r.status).toBe(200);
    const bad = await env.http.get(`/api/units?lang=en&pageSize=0`).set(await env.as('organizer'));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('The request has invalid fields');
  });
});
