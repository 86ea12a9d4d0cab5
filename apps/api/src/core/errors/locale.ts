import type { TLocale } from '@learnweek/contracts';

interface TLocaleSource {
  headers: Record<string, string | string[] | undefined>;
  query?: unknown;
  user?: { locale?: TLocale };
}

/** zh-CN unless the request asks for English (`?lang=en`, Accept-Language) or the user chose it. */
export function localeOf(req: TLocaleSource): TLocale {
  const q = req.query as Record<string, unknown> | undefined;
  if (q?.lang === 'en' || q?.lang === 'zh-CN') return q.lang;
  const header = req.headers['accept-language'];
  const accept = Array.isArray(header) ? header[0] : header;
  if (accept) return /^\s*en\b/i.test(accept) ? 'en' : 'zh-CN';
  return req.user?.locale ?? 'zh-CN';
}
