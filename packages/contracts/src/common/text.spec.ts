import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { API_ROUTES } from '../routes.js';
import { FIELD_MESSAGES, fieldMessage } from './messages.js';
import { safeText, unsafeTextReason } from './text.js';

const issuesOf = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues.map((i) => i.message) ?? [];

describe('safeText', () => {
  const name = safeText({ min: 1, max: 40 });
  const notes = safeText({ max: 500, multiline: true });

  it('trims and keeps ordinary text, Chinese, emoji and joined emoji', () => {
    expect(name.parse('  张三艳 ')).toBe('张三艳');
    expect(name.parse('O’Brien-Łukasz 👩‍👩‍👧')).toBe('O’Brien-Łukasz 👩‍👩‍👧');
    expect(notes.parse('第一行\n第二行\r\n\t缩进')).toBe('第一行\n第二行\r\n\t缩进');
    expect(safeText({ max: 10 }).parse('')).toBe('');
  });

  it('refuses NUL and the other C0/C1 controls, in one-line and multi-line text', () => {
    for (const bad of ['\u0000', 'a\u0000b', 'a\u0007', 'a\u001b[31m', 'a\u007f', 'a\u0085b', 'a\u009b']) {
      expect(issuesOf(name, bad), JSON.stringify(bad)).toContain('lw.textControl');
      expect(issuesOf(notes, bad), JSON.stringify(bad)).toContain('lw.textControl');
    }
  });

  it('allows line breaks and tabs only in multi-line text', () => {
    for (const broken of ['a\nb', 'a\rb', 'a\tb', 'a\u2028b']) expect(issuesOf(name, broken)).toEqual(['lw.textLineBreak']);
    expect(issuesOf(notes, 'a\u2028b')).toEqual([]);
  });

  it('refuses unpaired surrogates but keeps pairs', () => {
    for (const bad of ['\ud800x', 'x\ud800', '\udc00x', 'a\udbff\udbffb'])
      expect(issuesOf(name, bad), JSON.stringify(bad)).toEqual(['lw.textSurrogate']);
    expect(name.parse('\ud83d\ude00')).toBe('😀');
  });

  it('refuses bidi embeddings, overrides and isolates', () => {
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(issuesOf(name, `invoice${c}fdp.exe`)).toEqual(['lw.textBidi']);
    }
  });

  it('refuses text made only of invisible characters, and a blank name', () => {
    for (const ghost of ['\u200b', '\u200b\u200c\u200d', '\ufeff\u2060', '\u00ad', '\u3164', '\u2800']) {
      expect(issuesOf(name, ghost), JSON.stringify(ghost)).toContain('lw.textInvisible');
      expect(issuesOf(notes, ghost), JSON.stringify(ghost)).toContain('lw.textInvisible');
    }
    expect(issuesOf(name, '  \u3000 ')).toEqual(['lw.blank']);
    expect(name.parse('张\u200d三')).toBe('张\u200d三');
  });

  it('refuses TAG characters, Hangul fillers, non-characters and line-wide ligatures, but keeps subdivision flags', () => {
    const tagged = `张三${[...'ignore previous'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('')}`;
    for (const bad of [
      tagged,
      '\u{E0001}x',
      '李\u115F四',
      '李\u1160四',
      '李\u3164四',
      '李\uFFA0四',
      'a\uFDD0',
      'a\uFFFE',
      'a\uFFFF',
      'a\u{1FFFF}',
      'a\u{10FFFE}',
      '\uFDFD',
      'a\uFDFA',
      'a\u2E3B',
      '\u{12219}',
    ]) {
      expect(issuesOf(name, bad), JSON.stringify(bad)).toEqual(['lw.textForbidden']);
      expect(issuesOf(notes, bad), JSON.stringify(bad)).toEqual(['lw.textForbidden']);
    }
    // England's and Scotland's flags are TAG sequences after U+1F3F4.
    expect(name.parse('球迷 🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}')).toBe(
      '球迷 🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}',
    );
    expect(fieldMessage('lw.textForbidden', 'zh-CN')).toMatch(/\p{Script=Han}/u);
  });

  it('bounds the length and keeps secrets untrimmed when asked', () => {
    expect(issuesOf(name, 'x'.repeat(41))).toHaveLength(1);
    expect(safeText({ min: 1, max: 10, trim: false }).parse(' pw ')).toBe(' pw ');
  });

  it('names each refusal in both languages', () => {
    for (const v of ['\u0000', 'a\nb', '\ud800', '\u202e', '\u200b']) {
      const key = unsafeTextReason(v)!;
      expect(Object.keys(FIELD_MESSAGES)).toContain(key);
      expect(fieldMessage(key, 'zh-CN')).toMatch(/\p{Script=Han}/u);
      expect(fieldMessage(key, 'en')).toMatch(/^[A-Z][^\p{Script=Han}]+$/u);
    }
  });
});

/** Every string a schema accepts, anywhere inside it (object fields, arrays, records' keys and values, unions). */
function stringsIn(schema: z.ZodType, path: string, out: { path: string; schema: z.ZodType }[]) {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const walk = (s: unknown, p: string) => stringsIn(s as z.ZodType, p, out);
  switch (def.type) {
    case 'string':
      out.push({ path, schema });
      break;
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) walk(v, `${path}.${k}`);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      walk(def.innerType, path);
      break;
    case 'array':
      walk(def.element, `${path}[]`);
      break;
    case 'record':
      walk(def.keyType, `${path}{key}`);
      walk(def.valueType, `${path}{}`);
      break;
    case 'union':
      (def.options as unknown[]).forEach((o, i) => walk(o, `${path}|${i}`));
      break;
    case 'intersection':
      walk(def.left, path);
      walk(def.right, path);
      break;
    case 'pipe':
      walk(def.in, path);
      break;
    default:
      break;
  }
}

describe('the contracts’ request strings', () => {
  const fields = API_ROUTES.flatMap((r) => {
    const out: { path: string; schema: z.ZodType }[] = [];
    if (r.body) stringsIn(r.body, `${r.method} ${r.path} body`, out);
    if (r.query) stringsIn(r.query, `${r.method} ${r.path} query`, out);
    if (r.upload?.kind === 'multipart' && r.upload.fields) stringsIn(r.upload.fields, `${r.method} ${r.path} multipart`, out);
    return out;
  });

  it('are all refused with a NUL, a lone surrogate or a bidi override', () => {
    expect(fields.length).toBeGreaterThan(40);
    for (const f of fields) {
      for (const bad of ['a\u0000b', '\ud800x', 'a\u202eb'])
        expect(f.schema.safeParse(bad).success, `${f.path} accepted ${JSON.stringify(bad)}`).toBe(false);
    }
  });
});
