import {
  applyDecorators,
  createParamDecorator,
  Delete,
  type ExecutionContext,
  Get,
  HttpCode,
  Post,
  Put,
  SetMetadata,
} from '@nestjs/common';
import { ZId, type TEndpoint, type TResponse } from '@learnweek/contracts';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AllowDesk, AllowKiosk, Public, Roles } from '../auth/auth.decorators.js';
import { parseRequestPart } from '../errors/validation.js';

const ENDPOINT = 'learnweek:endpoint';
const READS = 'learnweek:reads';

/** The declaration a handler serves (`@Endpoint`), or undefined for a function that is no route handler. */
export const endpointOf = (handler: ReturnType<ExecutionContext['getHandler']>): TEndpoint | undefined =>
  Reflect.getMetadata(ENDPOINT, handler) as TEndpoint | undefined;

const MAPPINGS = { get: Get, post: Post, put: Put, delete: Delete } as const;

/** What a handler may return for its route: the declared answer where there is one (as the server sends it). */
type THandlerOf<R extends TEndpoint> = R extends { response: z.ZodType }
  ? (...args: never[]) => TResponse<R> | Promise<TResponse<R>>
  : (...args: never[]) => unknown;

/**
 * What the handler's parameters must read, by the declaration: its JSON body, its query, an upload's
 * text fields, each path parameter. A declared schema nobody reads would let that input through
 * unchecked; a read of something undeclared would have no schema.
 */
function expectedReads(route: TEndpoint): string[] {
  return [
    ...(route.body ? ['body'] : []),
    ...(route.query ? ['query'] : []),
    ...(route.upload?.kind === 'multipart' && route.upload.fields ? ['fields'] : []),
    ...[...route.path.matchAll(/:(\w+)/g)].map((m) => `:${m[1]!}`),
  ].sort();
}

/** Fails at start-up (when the class is defined) when the handler's parameters and the declaration disagree. */
const checkReads =
  (route: TEndpoint): MethodDecorator =>
  (target, key) => {
    // Parameter decorators are applied before the method's, so every read is known here.
    const reads = ((Reflect.getMetadata(READS, target, key) as string[] | undefined) ?? []).slice().sort();
    const expected = expectedReads(route);
    if (reads.join() !== expected.join()) {
      throw new Error(
        `${target.constructor.name}.${String(key)} (${route.method.toUpperCase()} ${route.path}) reads [${reads.join(', ')}], its declaration [${expected.join(', ')}]`,
      );
    }
  };

/**
 * Serves a route of the declared REST surface (`@Endpoint(ROUTES.participations.updatePlan)`,
 * packages/contracts/src/<area>/<area>.routes.ts): its method and path (under the global prefix
 * /api), its success status (always set: Nest would answer 201 to any POST), who may call it
 * (`access`, `roles`: the AuthGuard), and the declaration itself, which the campaign guard reads for
 * `writes` and the parameter decorators below for their schemas. The handler's parameters must read
 * exactly what the route declares, and where the route declares an answer the handler returns it.
 * Per-route extras that are no part of the declaration (throttling, upload interceptors, upload
 * guards) stay beside it as Nest decorators.
 */
export function Endpoint<const R extends TEndpoint>(route: R) {
  const decorators: MethodDecorator[] = [
    SetMetadata(ENDPOINT, route),
    MAPPINGS[route.method](route.path),
    HttpCode(route.status ?? 200),
    checkReads(route),
  ];
  if (route.access === 'public') decorators.push(Public());
  if (route.access === 'kiosk') decorators.push(AllowKiosk());
  if (route.desk) decorators.push(AllowDesk());
  if (route.roles) decorators.push(Roles(...route.roles));
  return applyDecorators(...decorators) as <H extends THandlerOf<R>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ) => void;
}

type TRead = 'body' | 'query' | 'fields' | `:${string}`;

/** A parameter decorator that reads part of the request, recorded for `checkReads`. */
function reading(read: TRead, decorator: ParameterDecorator): ParameterDecorator {
  return (target, key, index) => {
    if (key === undefined) throw new Error(`@Route… on a constructor parameter of ${target.constructor.name}`);
    decorator(target, key, index);
    const reads = (Reflect.getMetadata(READS, target, key) as string[] | undefined) ?? [];
    Reflect.defineMetadata(READS, [...reads, read], target, key);
  };
}

const routeOf = (ctx: ExecutionContext): TEndpoint => {
  const route = endpointOf(ctx.getHandler());
  if (!route) throw new Error(`${ctx.getClass().name}.${ctx.getHandler().name} reads its route's schemas without @Endpoint`);
  return route;
};

const fromRoute = createParamDecorator((read: 'body' | 'query' | 'fields', ctx: ExecutionContext): unknown => {
  const route = routeOf(ctx);
  const req = ctx.switchToHttp().getRequest<FastifyRequest>();
  const schema =
    read === 'body' ? route.body : read === 'query' ? route.query : route.upload?.kind === 'multipart' ? route.upload.fields : undefined;
  // checkReads makes sure at start-up that the route declares what its handler reads.
  if (!schema) throw new Error(`${route.method.toUpperCase()} ${route.path} declares no ${read}`);
  return parseRequestPart(req, { source: read === 'query' ? 'query' : 'body' }, schema);
});

const pathParam = createParamDecorator((name: string, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest>();
  return parseRequestPart(req, { source: 'params', name }, ZId);
});

/** `@RouteBody() body: TBody<typeof ROUTES.x.y, 'output'>`: the JSON body, validated with the route's `body` schema (400 naming each field). */
export const RouteBody = () => reading('body', fromRoute('body'));
/** The query, validated with the route's `query` schema (`?lang=` aside: it picks the answer's language). */
export const RouteQuery = () => reading('query', fromRoute('query'));
/** A multipart upload's text fields (read by SingleFileInterceptor), validated with the route's `upload.fields`. */
export const RouteFields = () => reading('fields', fromRoute('fields'));
/** A path parameter of the route (`:id`): every one is a uuid, a malformed one a 400. */
export const RouteParam = (name: string) => reading(`:${name}`, pathParam(name));
