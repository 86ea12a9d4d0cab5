import { z } from 'zod';

/**
 * The one schema of text a person sends (OWASP ASVS 5.1: hostile input is a type). Every
 * request string of the contracts is built here, so that the database never sees a NUL or a
 * lone surrogate and no name hides behind direction overrides or zero-width characters.
 */
export interface SafeTextOptions {
  /** Characters (UTF-16 code units, as zod counts) after trimming; 0 unless said. Below a minimum of 1: `lw.blank`. */
  min?: number;
  max: number;
  /** Line breaks and tabs allowed (plans, summaries, comments); one line otherwise. */
  multiline?: boolean;
  /** Trim surrounding whitespace (default); off for secrets such as passwords. */
  trim?: boolean;
}

/** C0 and C1 controls and DEL; multi-line text keeps \t \n \r. */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;
/** A high surrogate not followed by a low one, or a low one without a high one before it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069): they reorder what a reader sees. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
/** Format characters (zero-width space, joiners, soft hyphen, BOM…), separators and the blank-looking fillers. */
const INVISIBLE_ONLY = /^[\p{Cf}\p{Z}\s\u115F\u1160\u3164\uFFA0\u2800]+$/u;
/**
 * Characters no text of ours needs and that hide or swamp what a reader sees: TAG characters
 * (U+E0000–E007F, invisible text riding along), the Hangul fillers (blank, yet letters to every
 * filter), Unicode's non-characters (U+FDD0–FDEF, U+xFFFE/xFFFF), and the single characters wider
 * than a line (U+FDFA, U+FDFB, U+FDFD, the three-em dash U+2E3B, cuneiform U+12219, U+1242B).
 */
const FORBIDDEN = /[\u{E0000}-\u{E007F}\u115F\u1160\u3164\uFFA0\p{Noncharacter_Code_Point}\uFDFA\uFDFB\uFDFD\u2E3B\u{12219}\u{1242B}]/u;
/** A subdivision flag (🏴 + tag letters + cancel tag, as England's and Scotland's): the TAG characters' one legitimate use. */
const FLAG_TAG_SEQUENCE = /\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{1,6}\u{E007F}/gu;

/** Why a text is refused, as the `lw.*` key of its field message; undefined when it is acceptable. */
export function unsafeTextReason(value: string, multiline = false): TSafeTextMessage | undefined {
  if (LONE_SURROGATE.test(value)) return 'lw.textSurrogate';
  if (CONTROL.test(value)) return 'lw.textControl';
  if (!multiline && LINE_BREAK.test(value)) return 'lw.textLineBreak';
  if (BIDI_CONTROL.test(value)) return 'lw.textBidi';
  if (value.length > 0 && INVISIBLE_ONLY.test(value)) return 'lw.textInvisible';
  if (FORBIDDEN.test(value.replace(FLAG_TAG_SEQUENCE, ''))) return 'lw.textForbidden';
  return undefined;
}
export type TSafeTextMessage =
  'lw.textSurrogate' | 'lw.textControl' | 'lw.textLineBreak' | 'lw.textBidi' | 'lw.textInvisible' | 'lw.textForbidden';

/**
 * A request string: trimmed, bounded, and free of NUL and other controls (line breaks and tabs
 * only in multi-line text), unpaired surrogates, bidi overrides and isolates, TAG characters,
 * fillers, non-characters and line-wide ligatures, and of being nothing but invisible characters. Refusals carry an `lw.text*` key, translated by `fieldMessage`.
 */
export function safeText(opts: SafeTextOptions) {
  const { min = 0, max, multiline = false, trim = true } = opts;
  let s = z.string();
  if (trim) s = s.trim();
  if (min === 1) s = s.min(1, 'lw.blank');
  else if (min > 1) s = s.min(min);
  return s.max(max).superRefine((value, ctx) => {
    const reason = unsafeTextReason(value, multiline);
    if (reason) ctx.addIssue({ code: 'custom', message: reason, input: value });
  });
}

/**
 * An email address a person types (a profile, the unit list): safe text of at most 254 characters
 * (RFC 5321's limit) in zod's email form; refusals carry `lw.email`.
 */
export const ZEmail = safeText({ min: 1, max: 254 }).pipe(z.email('lw.email'));
