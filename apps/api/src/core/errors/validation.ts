import { fieldMessage, zodErrorMap, type TFieldError, type TLocale } from '@learnweek/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiException } from './api.exception.js';
import { localeOf } from './locale.js';

const zodMessages = { 'zh-CN': zodErrorMap('zh-CN'), en: zodErrorMap('en') };

/** Parses with zod's messages in the caller's language (zh-CN: ours, in Chinese only; contracts common/zod-messages.ts). */
export const safeParseIn = <T extends z.ZodType>(schema: T, input: unknown, locale: TLocale) =>
  schema.safeParse(input, { error: zodMessages[locale] });

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

/** A part of a request a handler reads: the JSON body (or an upload's text fields), the query, or one path parameter. */
export type TRequestPart = { source: 'body' } | { source: 'query' } | { source: 'params'; name: string };

/**
 * Parses a part of a request with the contract's schema (the route's declaration names it:
 * core/http/endpoint.decorator.ts); a failure is a 400 naming each field in the caller's language.
 */
export function parseRequestPart<T extends z.ZodType>(req: FastifyRequest, part: TRequestPart, schema: T): z.output<T> {
  let value: unknown;
  if (part.source === 'params') value = (req.params as Record<string, unknown>)[part.name] ?? {};
  else if (part.source === 'body') value = req.body;
  else {
    value = req.query ?? {};
    // `?lang=` chooses the language of the answer on every route (localeOf); it is no filter of the contract's.
    if (value && typeof value === 'object' && 'lang' in value) {
      const rest = { ...(value as Record<string, unknown>) };
      delete rest.lang;
      value = rest;
    }
  }
  return parseOrThrow(schema, value, localeOf(req));
}
