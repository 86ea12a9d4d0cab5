import { API_ROUTES, ZApiError, type TRouteContract } from '@learnweek/contracts';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;
const schemaOf = (s: z.ZodType, io: 'input' | 'output'): JsonSchema =>
  z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as JsonSchema;

/** `/participations/:id` → `/participations/{id}` and its path parameters. */
function pathOf(route: TRouteContract) {
  const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  return { path: `/api${route.path.replace(/:(\w+)/g, '{$1}')}`, params };
}

function queryParameters(schema: z.ZodType | undefined) {
  if (!schema) return [];
  const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: s }));
}

/** The OpenAPI 3.1 document of the REST surface, generated from the contracts the API validates with. */
export function buildOpenApiDocument(version: string) {
  const error = { description: 'Error', content: { 'application/json': { schema: schemaOf(ZApiError, 'output') } } };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    const { path, params } = pathOf(route);
    const status = String(route.status ?? 200);
    paths[path] ??= {};
    paths[path][route.method] = {
      tags: [route.tag],
      summary: route.summary,
      description: `Who: ${route.who}`,
      parameters: [
        ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } })),
        ...queryParameters(route.query),
      ],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } } } : {}),
      responses: {
        [status]: route.response
          ? { description: 'OK', content: { 'application/json': { schema: schemaOf(route.response, 'output') } } }
          : { description: 'OK' },
        '4XX': error,
      },
      ...(route.who === 'anyone' || route.who.startsWith('anyone') ? { security: [] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'learnweek API', version, description: '全民终身学习推进周 — plans, approvals, activities, check-ins, summaries.' },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT or kiosk device token' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
