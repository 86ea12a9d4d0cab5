import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { API_ROUTES } from '../routes.js';
import { fieldMessage } from './messages.js';
import { zodErrorMap } from './zod-messages.js';

/** A schema's definition as zod holds it (the parts the walk reads). */
type TDef = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
};
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: TDef } })._zod.def;

/** Wrong values of every kind: too long, too large, negative, fractional, of the wrong type, missing, malformed. */
const LEAVES: unknown[] = [
  'x'.repeat(100_001),
  '',
  '   ',
  -5,
  1.5,
  1e15,
  -1e15,
  0,
  'abc',
  '2026-13-45',
  'not-a-uuid',
  true,
  null,
  [],
  {},
  ['x'],
  'a@',
  Number.NaN,
];

/** Values for `schema` that each break it in one place, nested objects and lists walked a few levels deep. */
function breaking(schema: z.ZodType, depth: number): unknown[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const out: unknown[] = [undefined, 'x', {}];
      if (depth > 3) return out;
      for (const [key, field] of Object.entries(def.shape ?? {})) for (const bad of breaking(field, depth + 1)) out.push({ [key]: bad });
      return out;
    }
    case 'array': {
      const out: unknown[] = [...LEAVES, Array.from({ length: 2_001 }, () => 'x')];
      if (depth <= 3) for (const bad of breaking(def.element!, depth + 1)) out.push([bad]);
      return out;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return breaking(def.innerType!, depth);
    case 'pipe':
      return breaking(def.in!, depth);
    case 'lazy':
      return breaking(def.getter!(), depth);
    case 'union':
      return (def.options ?? []).flatMap((o) => breaking(o, depth + 1));
    case 'intersection':
      return [...breaking(def.left!, depth), ...breaking(def.right!, depth)];
    default:
      return LEAVES;
  }
}

/** Latin letters a Chinese message may hold: file types and units, an example address, a control character's name. */
const ALLOWED = /\b(?:JPEG|PNG|WebP|HEIC|MB|NUL|xlsx|name|example|com)\b/g;

describe('zod messages in zh-CN', () => {
  it('are Chinese only for every issue of every route’s body, query and upload fields', () => {
    const zh = zodErrorMap('zh-CN');
    const seen = new Map<string, string>();
    let parses = 0;
    for (const route of API_ROUTES) {
      const schemas = [route.body, route.query, route.upload?.kind === 'multipart' ? route.upload.fields : undefined].filter(
        (s): s is z.ZodType => s !== undefined,
      );
      for (const schema of schemas) {
        for (const value of breaking(schema, 0)) {
          parses += 1;
          const r = schema.safeParse(value, { error: zh });
          for (const issue of r.error?.issues ?? [])
            seen.set(fieldMessage(issue.message, 'zh-CN'), `${route.method} ${route.path} ${issue.code} ${issue.path.join('.')}`);
        }
      }
    }
    expect(parses).toBeGreaterThan(1_000);
    // The walk reaches the issue kinds a form meets.
    const messages = [...seen.keys()];
    for (const expected of ['此项必填', '应为文字', '应为整数', '不能为负数', '请从可选项中选择'])
      expect(messages, expected).toContain(expected);
    expect(messages.some((m) => /^最多 \d+ 个字符$/.test(m))).toBe(true);
    const english = messages.filter((m) => /[A-Za-z]{2,}/.test(m.replace(ALLOWED, '')) || /[<>=]/.test(m));
    expect(english.map((m) => `${m}  ← ${seen.get(m)}`)).toEqual([]);
  });

  it('names the limit as a person reads it', () => {
    const zh = zodErrorMap('zh-CN');
    const message = (schema: z.ZodType, value: unknown) => schema.safeParse(value, { error: zh }).error?.issues[0]?.message;
    expect(message(z.string().max(20), '1'.repeat(21))).toBe('最多 20 个字符');
    expect(message(z.string().min(1), '')).toBe('不能为空');
    expect(message(z.number().int().min(0), -5)).toBe('不能为负数');
    expect(message(z.number().int(), 1.5)).toBe('应为整数');
    expect(message(z.number().max(100), 101)).toBe('不能大于 100');
    expect(message(z.array(z.string()).max(3), ['a', 'b', 'c', 'd'])).toBe('最多 3 项');
    expect(message(z.enum(['a', 'b']), 'c')).toBe('请从可选项中选择');
    expect(message(z.object({ a: z.string() }), {})).toBe('此项必填');
    // English stays zod's own.
    expect(
      z
        .string()
        .max(20)
        .safeParse('1'.repeat(21), { error: zodErrorMap('en') }).error?.issues[0]?.message,
    ).toMatch(/20/);
  });
});
