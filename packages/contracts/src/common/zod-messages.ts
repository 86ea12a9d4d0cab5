import { z } from 'zod';
import type { TLocale } from './domain.js';
import { FIELD_MESSAGES } from './messages.js';

type TIssue = z.core.$ZodRawIssue;

/** A type zod names, as a person filling in a form reads it. */
const KIND: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '“是”或“否”',
  date: '日期',
  array: '列表',
  object: '一组内容',
  file: '文件',
  set: '列表',
  map: '一组内容',
};

/** What a format check of zod's wants, in Chinese. */
const FORMAT: Record<string, string> = {
  email: '有效的电子邮箱地址（如 name@example.com）',
  url: '有效的网址',
  uuid: '有效的编号',
  guid: '有效的编号',
  datetime: '有效的日期时间（如 2026-10-24 09:00）',
  date: '有效的日期（如 2026-10-24）',
  time: '有效的时间（如 09:00）',
  regex: '规定的格式',
  starts_with: '规定的格式',
  ends_with: '规定的格式',
  includes: '规定的格式',
  base64: '有效的编码',
  jwt: '有效的令牌',
};

const n = (v: number | bigint) =>
  typeof v === 'bigint' ? v.toString() : Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/\.?0+$/, '');
const day = (v: number | bigint | Date) => new Date(typeof v === 'bigint' ? Number(v) : v).toISOString().slice(0, 10);

/** A size limit of a string, a list or a file: 最多 20 个字符 / 至少 1 项. */
function sized(origin: string, limit: number | bigint, most: boolean): string | undefined {
  switch (origin) {
    case 'string':
      return most ? `最多 ${n(limit)} 个字符` : Number(limit) === 1 ? '不能为空' : `至少 ${n(limit)} 个字符`;
    case 'array':
    case 'set':
    case 'map':
      return most ? `最多 ${n(limit)} 项` : Number(limit) === 1 ? '至少选择或填写 1 项' : `至少 ${n(limit)} 项`;
    case 'file':
      return most ? `文件不能超过 ${n(limit)} 字节` : `文件至少 ${n(limit)} 字节`;
    default:
      return undefined;
  }
}

function tooBig(i: Extract<TIssue, { code: 'too_big' }>): string {
  const origin = String(i.origin ?? '');
  const size = sized(origin, i.maximum as number | bigint, true);
  if (size) return size;
  if (origin === 'date') return i.inclusive ? `不能晚于 ${day(i.maximum as number)}` : `须早于 ${day(i.maximum as number)}`;
  return i.inclusive ? `不能大于 ${n(i.maximum as number)}` : `须小于 ${n(i.maximum as number)}`;
}

function tooSmall(i: Extract<TIssue, { code: 'too_small' }>): string {
  const origin = String(i.origin ?? '');
  const size = sized(origin, i.minimum as number | bigint, false);
  if (size) return size;
  if (origin === 'date') return i.inclusive ? `不能早于 ${day(i.minimum as number)}` : `须晚于 ${day(i.minimum as number)}`;
  const min = Number(i.minimum);
  if (min === 0) return i.inclusive ? '不能为负数' : '须大于 0';
  return i.inclusive ? `不能小于 ${n(i.minimum as number)}` : `须大于 ${n(i.minimum as number)}`;
}

/**
 * zod's issues in Simplified Chinese as a form shows them beside a field: "最多 20 个字符", "不能为负数",
 * "应为整数". zod's own zh-CN locale names types and bounds in English ("期望 string <=20 字符"), and
 * lists an enum's codes; these never name a type, a key or a code, only what the person should type.
 */
export function zhCnIssueMessage(i: TIssue): string {
  switch (i.code) {
    case 'invalid_type': {
      if (i.input === undefined) return '此项必填';
      if (i.input === null) return '此项不能为空';
      const kind = KIND[String(i.expected)];
      return kind ? `应为${kind}` : '此项的值无效';
    }
    case 'invalid_value':
      return i.values.length === 1 ? '此项的值无效' : '请从可选项中选择';
    case 'too_big':
      return tooBig(i);
    case 'too_small':
      return tooSmall(i);
    case 'invalid_format': {
      const format = FORMAT[String(i.format)];
      return format ? `请填写${format}` : '格式不正确';
    }
    case 'not_multiple_of':
      return `须为 ${n(i.divisor as number)} 的倍数`;
    case 'unrecognized_keys':
      return `含有 ${i.keys.length} 个无法识别的项`;
    case 'invalid_key':
      return '含有无效的项名';
    case 'invalid_element':
      return '含有无效的值';
    case 'invalid_union':
      return '此项的值无效';
    case 'custom':
      return '此项的值无效';
    default:
      return '此项的值无效';
  }
}

const en = z.locales.en().localeError;

/**
 * The error map a schema is parsed with in `locale` (`schema.safeParse(input, { error })`). A
 * refinement's own message (an `lw.*` key) is kept: the caller translates it with `fieldMessage`.
 */
export function zodErrorMap(locale: TLocale): z.core.$ZodErrorMap {
  if (locale === 'en') return en;
  return (issue) => {
    // A message the schema itself gives (our refinements' lw.* keys) is not replaced.
    if (issue.code === 'custom' && typeof issue.message === 'string' && issue.message in FIELD_MESSAGES) return undefined;
    return zhCnIssueMessage(issue);
  };
}
