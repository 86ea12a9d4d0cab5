import ExcelJS from 'exceljs';
import {
  fieldMessage,
  UNIT_KIND_LABELS,
  UNIT_KINDS,
  unsafeTextReason,
  ZEmail,
  ZPhone,
  type TFieldError,
  type TLocale,
  type TUnitKind,
} from '@learnweek/contracts';
import { printLayout } from '../../core/xlsx/print-layout.js';
import { cellPath, cellText, headerColumns, missingColumns, readSheet } from '../../core/xlsx/workbook.js';

export interface TUnitRow {
  /** The sheet's row number, for errors found later (an account taken by another unit). */
  line: number;
  code: string;
  name: string;
  kind: TUnitKind;
  town: string;
  address: string;
  head: string;
  contactPerson: string;
  phone: string;
  coordinator: string;
  coordinatorName: string;
  /** Where the coordinator's notices are also emailed ('' : none given). */
  coordinatorEmail: string;
}

/** The columns of the bureau's unit list: header names (zh first, en accepted; matched without spaces), required or not. */
const COLUMNS: readonly { key: Exclude<keyof TUnitRow, 'line'>; header: string; en: string; re: RegExp; required?: boolean }[] = [
  { key: 'code', header: '单位编码', en: 'code', re: /^(单位编码|编码|代码|code)$/i, required: true },
  { key: 'name', header: '单位名称', en: 'name', re: /^(单位名称|名称|单位|name)$/i, required: true },
  { key: 'kind', header: '单位类别', en: 'kind', re: /^(单位类别|类别|单位类型|类型|kind)$/i, required: true },
  { key: 'town', header: '镇（街道）', en: 'town', re: /^(镇（街道）|镇\(街道\)|镇街|镇\/街道|所属镇街|town)$/i, required: true },
  { key: 'address', header: '地址', en: 'address', re: /^(地址|address)$/i },
  { key: 'head', header: '负责人', en: 'head', re: /^(负责人|单位负责人|head)$/i },
  { key: 'contactPerson', header: '联系人', en: 'contact', re: /^(联系人|contact)$/i },
  { key: 'phone', header: '联系电话', en: 'phone', re: /^(联系电话|电话|手机|phone)$/i },
  { key: 'coordinator', header: '联络员账号', en: 'coordinator username', re: /^(联络员账号|账号|coordinator ?(username)?)$/i },
  { key: 'coordinatorName', header: '联络员姓名', en: 'coordinator name', re: /^(联络员姓名|联络员|coordinator ?name)$/i },
  {
    key: 'coordinatorEmail',
    header: '联络员邮箱',
    en: 'coordinator email',
    re: /^(联络员邮箱|邮箱|电子邮箱|e-?mail|coordinator ?e-?mail)$/i,
  },
];
/** The bureau's list has hundreds of units; a longer table is refused before it is read. */
export const UNITS_MAX_ROWS = 5_000;

export const UNIT_IMPORT_HEADERS = COLUMNS.map((c) => `${c.header}${c.required ? '*' : ''}`);

const KINDS = new Map<string, TUnitKind>(
  (Object.entries(UNIT_KIND_LABELS) as [TUnitKind, Record<TLocale, string>][]).flatMap(([k, l]) => [
    [l['zh-CN'], k],
    [l.en.toLowerCase(), k],
    [k.toLowerCase(), k],
  ]),
);

/**
 * Reads the unit list (first sheet, a header row naming the columns). Every row is checked
 * against the known towns and itself (codes and accounts unique in the file); errors name the
 * row and the column in the caller's language, and no row is taken when any is wrong.
 */
export async function readUnits(
  buffer: Buffer,
  towns: ReadonlySet<string>,
  locale: TLocale,
): Promise<{ rows: TUnitRow[]; errors: TFieldError[] }> {
  const en = locale === 'en';
  const read = await readSheet(buffer, { maxRows: UNITS_MAX_ROWS }, locale);
  if ('error' in read) return { rows: [], errors: [read.error] };
  const { sheet } = read;
  const at = headerColumns(sheet, (h) => COLUMNS.find((x) => x.re.test(h))?.key);
  const missing = COLUMNS.filter((c) => c.required && at[c.key] === undefined);
  if (missing.length > 0)
    return {
      rows: [],
      errors: [
        missingColumns(
          locale,
          missing.map((c) => (en ? c.en : c.header)),
        ),
      ],
    };
  const rows: TUnitRow[] = [];
  const errors: TFieldError[] = [];
  const codes = new Set<string>();
  const accounts = new Set<string>();
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const get = (k: Exclude<keyof TUnitRow, 'line'>) => (at[k] ? cellText(row.getCell(at[k]).value) : '');
    const r = Object.fromEntries(COLUMNS.map((c) => [c.key, get(c.key)])) as Record<Exclude<keyof TUnitRow, 'line'>, string>;
    if (Object.values(r).every((v) => v === '')) return; // a blank line
    const err = (key: Exclude<keyof TUnitRow, 'line'>, zh: string, english: string) => {
      const c = COLUMNS.find((x) => x.key === key)!;
      errors.push({ path: cellPath(locale, n, en ? c.en : c.header), message: en ? english : zh });
    };
    for (const c of COLUMNS) if (c.required && r[c.key] === '') err(c.key, '不能为空', 'Must not be blank');
    // A sheet's cells are text a person sent, like any request string (see safeText).
    for (const c of COLUMNS) {
      const reason = unsafeTextReason(r[c.key]);
      if (reason) err(c.key, fieldMessage(reason, 'zh-CN'), fieldMessage(reason, 'en'));
    }
    const code = r.code.toUpperCase();
    if (code && !/^[A-Z0-9-]{1,30}$/.test(code)) err('code', '编码只能是字母、数字和“-”', 'Letters, digits and "-" only');
    else if (codes.has(code)) err('code', `编码 ${code} 在表中重复`, `Code ${code} repeats in the file`);
    codes.add(code);
    if (r.name.length > 100) err('name', '不能超过 100 个字', 'At most 100 characters');
    const kind = KINDS.get(r.kind) ?? KINDS.get(r.kind.toLowerCase());
    if (r.kind && !kind)
      err(
        'kind',
        `应为以下之一：${[...new Set(Object.values(UNIT_KIND_LABELS).map((l) => l['zh-CN']))].join('、')}`,
        `One of: ${Object.values(UNIT_KIND_LABELS)
          .map((l) => l.en)
          .join(', ')}`,
      );
    if (r.town && !towns.has(r.town)) err('town', `没有名为“${r.town}”的镇（街道）`, `No town named "${r.town}"`);
    if (r.phone && !ZPhone.safeParse(r.phone).success) err('phone', '请输入有效的手机号或座机号', 'Enter a valid phone number');
    const account = r.coordinator;
    if (account && !/^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/.test(account))
      err('coordinator', '账号为 3–40 位字母、数字、“.”、“_”或“-”', '3–40 letters, digits, ".", "_" or "-"');
    else if (account && accounts.has(account)) err('coordinator', `账号 ${account} 在表中重复`, `Username ${account} repeats in the file`);
    if (account) accounts.add(account);
    if (r.coordinatorEmail && !ZEmail.safeParse(r.coordinatorEmail).success)
      err('coordinatorEmail', fieldMessage('lw.email', 'zh-CN'), fieldMessage('lw.email', 'en'));
    else if (r.coordinatorEmail && !account)
      err('coordinatorEmail', '填写邮箱时须同时填写联络员账号', 'Give the coordinator username with the email');
    if (kind) rows.push({ ...r, line: n, code, kind, coordinator: account, coordinatorName: r.coordinatorName || `${r.name}联络员` });
  });
  if (rows.length === 0 && errors.length === 0)
    errors.push({ path: cellPath(locale, 2), message: en ? 'The table has no units' : '表中没有单位' });
  return errors.length > 0 ? { rows: [], errors } : { rows, errors };
}

/**
 * The import template: the bureau's headers (required ones marked *), one example row, pick lists
 * of the unit kinds and towns, and a sheet that says how to fill it in.
 */
export async function writeUnitTemplate(towns: readonly string[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'learnweek';
  const sheet = book.addWorksheet('单位名单', { views: [{ state: 'frozen', ySplit: 1 }], ...printLayout({ titleRows: 1, keyColumns: 2 }) });
  sheet.columns = COLUMNS.map((c) => ({
    header: `${c.header}${c.required ? '*' : ''}`,
    key: c.key,
    width: c.key === 'name' || c.key === 'address' ? 28 : 16,
  }));
  sheet.getRow(1).font = { bold: true };
  const example: Record<Exclude<keyof TUnitRow, 'line'>, string> = {
    code: 'XB-001',
    name: '新北区示范小学',
    kind: UNIT_KIND_LABELS.school['zh-CN'],
    town: towns[0] ?? '春江镇',
    address: '春江镇人民路 1 号',
    head: '王校长',
    contactPerson: '李老师',
    phone: '0519-85123456',
    coordinator: 'xb-001',
    coordinatorName: '李老师',
    coordinatorEmail: 'xb-001@example.cn',
  };
  sheet.addRow(example);
  const col = (k: keyof typeof example) => COLUMNS.findIndex((c) => c.key === k) + 1;
  const kinds = `"${UNIT_KINDS.map((k) => UNIT_KIND_LABELS[k]['zh-CN']).join(',')}"`;
  // Pick lists on the sheet's model (as the schedule template): cell.dataValidation would add empty rows.
  const validations = (sheet as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  const townList = towns.length > 0 && towns.join(',').length < 250 ? `"${towns.join(',')}"` : undefined;
  for (let r = 2; r <= 500; r++) {
    validations.add(sheet.getCell(r, col('kind')).address, { type: 'list', allowBlank: true, formulae: [kinds] });
    if (townList) validations.add(sheet.getCell(r, col('town')).address, { type: 'list', allowBlank: true, formulae: [townList] });
  }
  const help = book.addWorksheet('填写说明', printLayout({}));
  help.columns = [{ width: 16 }, { width: 90 }];
  help.addRows([
    ['示例', '第 2 行是示例，导入前请改为本单位信息或删除'],
    ['带 * 的列', '必填'],
    ['单位编码', '字母、数字和“-”，全区唯一；再次导入同一编码即更新该单位'],
    ['单位类别', UNIT_KINDS.map((k) => UNIT_KIND_LABELS[k]['zh-CN']).join('、')],
    ['镇（街道）', towns.join('、') || '请先在“单位名单”页添加镇（街道）'],
    ['联络员账号', '3–40 位字母、数字、“.”、“_”或“-”；新账号的初始密码在导入后显示一次'],
    ['联络员邮箱', '选填：通知（退回、审核通过、催报、逾期）也发送到此邮箱'],
    ['导入', '任何一行有误时不导入任何一行'],
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
