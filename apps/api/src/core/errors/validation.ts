import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { fieldMessage, type TFieldError, type TLocale } from '@learnweek/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiException } from './api.exception.js';
import { localeOf } from './locale.js';

const zodLocales = { 'zh-CN': z.locales.zhCN(), en: z.locales.en() };

/** Parses with zod's messages in the caller's language. */
export const safeParseIn = <T extends z.ZodType>(schema: T, input: unknown, locale: TLocale) => schema.safeParse(input, { error: zodLocales[locale].localeError });

/** Parses with a contract's schema; a failure is a 400 naming each field in the caller's language. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, locale: TLocale): z.output<T> {
  const r = safeParseIn(schema, input, locale);
  if (r.success) return r.data;
  const errors: TFieldError[] = r.error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(body)',
    message: fieldMessage(i.message, locale),
  }));
  throw new ApiException(400, 'validationFailed', { errors });
}

// The schema travels wrapped: Nest would take a bare zod schema (it has `transform`) for a pipe, and `{ schema }` for its own options.
const part = (source: 'body' | 'query' | 'params', key?: string) =>
  createParamDecorator(({ contract }: { contract: z.ZodType }, ctx: ExecutionContext) => {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    let value: unknown = key === undefined ? req[source] : (req[source] as Record<string, unknown>)[key];
    // `?lang=` chooses the language of the answer on every route (localeOf); it is no filter of the contract's.
    if (source === 'query' && key === undefined && value && typeof value === 'object' && 'lang' in value) {
      const rest = { ...(value as Record<string, unknown>) };
      delete rest.lang;
      value = rest;
    }
    return parseOrThrow(contract, value ?? (source === 'body' ? undefined : {}), localeOf(req));
  });

/** `@ValidBody(ZXRequest) body: TXRequest` — the contract is the validator. */
export const ValidBody = (schema: z.ZodType) => part('body')({ contract: schema });
export const ValidQuery = (schema: z.ZodType) => part('query')({ contract: schema });
export const ValidParam = (name: string, schema: z.ZodType = z.uuid()) => part('params', name)({ contract: schema });
