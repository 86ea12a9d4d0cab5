import { API_ROUTES, MEDIA, ZApiError, type TRouteContract } from '@learnweek/contracts';
import { z } from 'zod';
import { RETRY_AFTER_SECONDS } from '../errors/db-errors.js';

type JsonSchema = Record<string, unknown>;

/**
 * A contract as a JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1): `null` is a type,
 * never 3.0's `nullable`. Requests are described as the API accepts them, answers as it sends them.
 */
const schemaOf = (s: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const schema = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete schema.$schema; // the document's jsonSchemaDialect says it once
  return schema;
};

/** `/participations/:id` → `/api/participations/{id}` and its path parameters. */
function pathOf(route: TRouteContract) {
  const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  return { path: `/api${route.path.replace(/:(\w+)/g, '{$1}')}`, params };
}

/** `post /checkin-sessions/:id/checkins` → `postCheckinSessionsIdCheckins`. */
const operationId = (route: TRouteContract) =>
  route.method +
  route.path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

function queryParameters(schema: z.ZodType | undefined) {
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: s,
  }));
}

function requestBody(route: TRouteContract) {
  if (route.body) return { required: true, content: { [MEDIA.json]: { schema: schemaOf(route.body, 'input') } } };
  if (route.upload?.kind === 'xlsx') {
    return {
      required: true,
      description: 'The .xlsx file itself as the body (at most 10 MB).',
      content: { [MEDIA.xlsx]: { schema: { type: 'string', contentMediaType: MEDIA.xlsx } } },
    };
  }
  if (route.upload?.kind === 'multipart') {
    const fields = route.upload.fields
      ? (schemaOf(route.upload.fields, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] })
      : {};
    return {
      required: true,
      description:
        'multipart/form-data: the photo as the `file` part (JPEG, PNG, WebP or HEIC, at most 15 MB), with the text fields beside it.',
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' }, ...fields.properties },
            required: ['file', ...(fields.required ?? [])],
          },
          encoding: { file: { contentType: 'image/jpeg, image/png, image/webp, image/heic, image/heif' } },
        },
      },
    };
  }
  return undefined;
}

/** What each refusal means, for every route that may answer it. */
const REFUSALS: Record<number, string> = {
  400: 'Invalid input: the fields named in `errors`, or a body that is not valid JSON',
  401: 'Not signed in, or the token has expired (or wrong credentials, at sign-in)',
  403: 'Not allowed: wrong role, another unit’s record, or a screen token where a person is needed',
  404: 'No such record (or not visible to the caller)',
  409: 'Conflicts with the current state: a stale version, not allowed in this state, a closed campaign, or an existing record',
  413: 'The body or file is too large',
  415: 'The file is not an image of a supported type',
  422: 'Not accepted by the rules: the workflow’s `problems`, or errors by row and column',
  429: 'Too many requests; try again later',
  503: 'The database is unavailable or overloaded: retry after the seconds of Retry-After, with the same idempotency key',
};

/**
 * Every status a route may answer besides its success: those every route may (400 invalid input or
 * malformed JSON, 413 too large, 503 database unavailable), 401 and 403 where signing in is needed,
 * 404 with a path parameter, 409 for a signed-in write, and the route's own.
 */
export function refusalsOf(route: TRouteContract): number[] {
  const statuses = new Set<number>([400, 413, 503, ...(route.refusals ?? [])]);
  if (route.access !== 'public') [401, 403].forEach((s) => statuses.add(s));
  if (route.path.includes(':')) statuses.add(404);
  if (route.method !== 'get' && route.access !== 'public') statuses.add(409);
  return [...statuses].sort((a, b) => a - b);
}

function successContent(route: TRouteContract) {
  if (route.response) return { [MEDIA.json]: { schema: schemaOf(route.response, 'output') } };
  if (route.produces) return { [route.produces]: { schema: { type: 'string', contentMediaType: route.produces } } };
  if (route.path === '/docs-json') return { [MEDIA.json]: { schema: { type: 'object', required: ['openapi', 'paths'] } } };
  return undefined;
}

function responses(route: TRouteContract) {
  const status = route.status ?? 200;
  const content = successContent(route);
  const out: Record<string, unknown> = {
    [String(status)]: {
      description: status === 201 ? 'Created' : status === 204 ? 'Done (no content)' : 'OK',
      ...(content ? { content } : {}),
    },
  };
  if (route.also) out[String(route.also.status)] = { description: route.also.description, ...(content ? { content } : {}) };
  for (const s of refusalsOf(route)) out[String(s)] = { $ref: `#/components/responses/E${s}` };
  // An edit that takes a version says what its stale answer carries: the value as it is now.
  if (route.conflict) {
    out['409'] = {
      description: `${REFUSALS[409]}. A stale \`version\` (code \`staleVersion\`) carries the value as it is now in \`current\`, its version included`,
      content: { [MEDIA.json]: { schema: schemaOf(ZApiError.extend({ current: route.conflict.optional() }), 'output') } },
    };
  }
  // The readiness checks answer 503 with their own body when the database (or Redis) is down.
  if ((route.path === '/health' || route.path === '/health/ready') && route.response) {
    out['503'] = {
      description: `The ${route.path === '/health' ? 'database is' : 'database or Redis is'} down (the health body), or unavailable while the request was read (an error body)`,
      headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
      content: { [MEDIA.json]: { schema: { anyOf: [schemaOf(route.response, 'output'), schemaOf(ZApiError, 'output')] } } },
    };
  }
  return out;
}

/** The OpenAPI 3.1 document of the REST surface, generated from the contracts the API validates with. */
export function buildOpenApiDocument(version: string) {
  const error = schemaOf(ZApiError, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    const { path, params } = pathOf(route);
    paths[path] ??= {};
    const body = requestBody(route);
    paths[path][route.method] = {
      operationId: operationId(route),
      tags: [route.tag],
      summary: route.summary,
      description: `Who: ${route.who}${route.access === 'kiosk' ? ' (ceremony screen tokens too)' : ''}`,
      parameters: [
        ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } })),
        ...queryParameters(route.query),
        { $ref: '#/components/parameters/lang' },
        { $ref: '#/components/parameters/acceptLanguage' },
      ],
      ...(body ? { requestBody: body } : {}),
      responses: responses(route),
      ...(route.access === 'public' ? { security: [{}, { bearer: [] }] } : {}),
    };
  }
  const errorResponses = Object.fromEntries(
    Object.entries(REFUSALS).map(([status, description]) => [
      `E${status}`,
      {
        description,
        ...(status === '503' ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } } : {}),
        content: { [MEDIA.json]: { schema: { $ref: '#/components/schemas/ApiError' } } },
      },
    ]),
  );
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'learnweek API',
      version,
      description:
        '全民终身学习推进周 — plans, approvals, activities, check-ins, summaries. Every error body is `ApiError`, in the caller’s language (zh-CN by default; `Accept-Language: en` or `?lang=en`).',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT or kiosk device token' } },
      schemas: { ApiError: error },
      responses: errorResponses,
      headers: {
        RetryAfter: { description: 'Seconds to wait before retrying', schema: { type: 'integer', examples: [RETRY_AFTER_SECONDS] } },
      },
      parameters: {
        lang: {
          name: 'lang',
          in: 'query',
          required: false,
          description: 'Language of messages (default zh-CN)',
          schema: { type: 'string', enum: ['zh-CN', 'en'] },
        },
        acceptLanguage: {
          name: 'Accept-Language',
          in: 'header',
          required: false,
          description: 'Language of messages: English when it starts with `en`',
          schema: { type: 'string' },
        },
      },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
