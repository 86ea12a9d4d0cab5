/**
 * Requests generated from the served OpenAPI document: a valid-shaped value for a JSON Schema,
 * and the hostile variants of it. Deterministic: every choice comes from a seeded generator.
 */

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenContext {
  random: () => number;
  /** A real id for a uuid field, by its name (`activityId`, `unitId`, `userIds`…), or undefined for a fresh one. */
  idFor(name: string): string | undefined;
  /** A string for a named field that has a meaning (`phone`, `idempotencyKey`…), or undefined. */
  textFor(name: string): string | undefined;
  /** An instant for a named date field (`opensAt`, `weekStartsAt`…). */
  instantFor(name: string): string;
}

export function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)]!;
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type);

/** A value the schema accepts, shaped like what a client would send. */
export function generate(schema: JsonSchema, ctx: GenContext, name = ''): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return pick(ctx.random, schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return generate(alternatives.find((a) => a.type !== 'null') ?? alternatives[0]!, ctx, name);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => generate(s, ctx, name) as object)) as unknown;
  switch (typeOf(schema)) {
    case 'string': {
      if (schema.format === 'uuid') return ctx.idFor(name) ?? uuidFrom(ctx.random);
      if (schema.format === 'date-time') return ctx.instantFor(name);
      const text = ctx.textFor(name) ?? `测试${name}`;
      const min = schema.minLength ?? 0;
      const padded = text.length >= min ? text : text.padEnd(min, 'x');
      return schema.maxLength !== undefined ? padded.slice(0, schema.maxLength) : padded;
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
      const max = schema.maximum ?? min + 100;
      return Math.max(min, Math.min(max, min + Math.floor(ctx.random() * Math.min(10, max - min + 1))));
    }
    case 'boolean':
      return ctx.random() < 0.5;
    case 'array': {
      const n = Math.max(1, schema.minItems ?? 0);
      const singular = name.endsWith('s') ? name.slice(0, -1) : name;
      return Array.from({ length: Math.min(n, schema.maxItems ?? n) }, () =>
        generate(schema.items ?? {}, ctx, name.endsWith('Ids') ? name : singular),
      );
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(schema.properties ?? {})) out[k] = generate(s, ctx, k);
      if (!schema.properties && typeof schema.additionalProperties === 'object') {
        const key = schema.propertyNames?.enum ? String(pick(ctx.random, schema.propertyNames.enum)) : '事迹典型性';
        out[key] = generate(schema.additionalProperties, ctx, key);
      }
      return out;
    }
    default:
      return schema.default ?? 'x';
  }
}

/** Strings no request may carry, and one that is merely huge. */
export const HOSTILE_STRINGS: readonly [string, string][] = [
  ['nul', 'a\u0000b'],
  ['lone surrogate', '\ud800x'],
  ['low surrogate', 'x\udc00'],
  ['bidi override', 'abc\u202etxt.exe'],
  ['isolate', '\u2066x\u2069'],
  ['escape sequence', '\u001b[31mred'],
  ['c1 control', 'a\u0085b'],
  ['zero-width only', '\u200b\u200c\u200d'],
  ['100 kB', 'x'.repeat(100_000)],
  ['sql', '\'; DROP TABLE "User"; --'],
];
/** Values of the wrong type for any field. */
export const WRONG_TYPES: readonly [string, unknown][] = [
  ['number', 123456789012],
  ['array', ['x']],
  ['object', { x: 1 }],
  ['null', null],
  ['boolean', true],
  ['huge number', 1e308],
];
/** Path segments where a uuid is expected (already percent-encoded). */
export const HOSTILE_SEGMENTS: readonly [string, string][] = [
  ['not a uuid', 'not-a-uuid'],
  ['nul', '%00'],
  ['invalid utf-8 (lone surrogate)', '%ED%A0%80'],
  ['bidi override', '%E2%80%AE'],
  ['long', 'x'.repeat(5_000)],
  ['traversal', '..%2F..%2Fetc%2Fpasswd'],
  ['bare percent', '%'],
  ['nil uuid', '00000000-0000-0000-0000-000000000000'],
];

/** Every leaf of a value with its path, for replacing one at a time. */
export function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leafPaths(v, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]));
  return path.length ? [path] : [];
}

export function getAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
}

export function setAt<T>(value: T, path: (string | number)[], replacement: unknown): T {
  const copy = structuredClone(value);
  let node = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = replacement;
  return copy;
}

/** Percent-encodes any string, an unpaired surrogate included (as the bytes a careless client would send). */
export function encodeQueryValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value].map((c) => (/[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c))).join('');
  }
}
