import { z } from 'zod';
import { safeText } from '../common/text.js';
import { ZId, ZInstant, type TUnitKind } from '../common/domain.js';
import type { TCampaign } from './campaign.contract.js';

/**
 * The campaign's notice (通知), as the bureau issues it (docs/ARCHITECTURE.md, "The notice"): its words are
 * the office's, its dates and its duties per kind of unit are the campaign's. A paragraph names them by
 * token — `{planDueAt}`, `{fourOnesUnits}`… (NOTICE_TOKENS) — so a date is typed once, in the timeline,
 * and the units that owe the “四个一” are the ones the plan checks. These are the tokens.
 */
export const NOTICE_TOKENS = [
  'year',
  'theme',
  'week',
  'launchAt',
  'launchVenue',
  'planDueAt',
  'summaryDueAt',
  'photosRequired',
  'fourOnesUnits',
  'freeClassUnits',
] as const;
export type TNoticeToken = (typeof NOTICE_TOKENS)[number];

/** The tokens a text names that are not NOTICE_TOKENS. */
export const unknownTokens = (text: string) =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((k) => !(NOTICE_TOKENS as readonly string[]).includes(k));

const line = (max: number) => safeText({ min: 1, max });
/** Text that may name tokens: only NOTICE_TOKENS. */
const tokenText = (min: number, max: number) => safeText({ min, max }).refine((t) => unknownTokens(t).length === 0, 'lw.noticeToken');
const paragraphs = z.array(tokenText(1, 2000)).max(20);

export const ZNoticePerson = z.object({ name: line(20), post: safeText({ max: 40 }).default('') });
export type TNoticePerson = z.infer<typeof ZNoticePerson>;

/** A numbered part of 活动内容 or 具体要求: its lead sentence (set in the body face) and what follows. */
export const ZNoticeItem = z.object({ lead: tokenText(0, 60).default(''), text: tokenText(1, 2000) });
export type TNoticeItem = z.infer<typeof ZNoticeItem>;

export const ZNotice = z.object({
  /** 发文机关 (the issuing body, on the red header and as the signature). */
  issuer: line(40),
  /** 机关代字 of the document number: 新教 in 新教〔2017〕12号. */
  issuerCode: line(10),
  /** 标题. */
  title: line(80),
  /** 主送机关. */
  addressees: line(200),
  /** 开头 (why and on what authority). */
  opening: paragraphs.min(1),
  /** 一、指导思想. */
  guidingIdea: paragraphs.min(1),
  /** 三、举办机构: the leading group and its office. */
  leader: ZNoticePerson,
  deputies: z.array(ZNoticePerson).max(6),
  members: safeText({ max: 400 }),
  office: paragraphs,
  /** 四（一）活动时间: the week and the launch, by token. */
  time: paragraphs.min(1),
  /** 四（二）活动内容 and （三）具体要求, numbered 1. 2. 3. */
  contents: z.array(ZNoticeItem).max(12),
  requirements: z.array(ZNoticeItem).max(12),
  /** 附件说明: the attachments' names; the first is the activity schedule the units fill in. */
  attachments: z.array(line(60)).max(5),
  /** 成文日期 (a calendar day, China time). */
  signedOn: z.iso.date().refine((d) => d >= '2000-01-01' && d <= '2100-12-31', 'lw.noticeYear'),
  /** 版记: 抄送 and 印发 (optional). */
  copyTo: safeText({ max: 200 }).default(''),
  printedBy: safeText({ max: 40 }).default(''),
  /** The red header is printed here (electronic 红头) or left blank for paper that carries it. */
  redHeader: z.boolean().default(true),
});
export type TNotice = z.output<typeof ZNotice>;
export type TNoticeInput = z.input<typeof ZNotice>;

/** 发文字号, once issued from the register: 新教〔2017〕12号. */
export const ZDocumentNumber = z.object({
  issuerCode: z.string(),
  year: z.number().int(),
  number: z.number().int().min(1),
  text: z.string(),
  issuedAt: ZInstant,
});
export type TDocumentNumber = z.infer<typeof ZDocumentNumber>;

export const ZRenderedNotice = z.object({
  title: z.string(),
  number: z.string(),
  addressees: z.string(),
  issuer: z.string(),
  /** The body in order: headings by level (1 一、 2 （一） 3 1.) and paragraphs. */
  body: z.array(z.object({ level: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]), lead: z.string(), text: z.string() })),
  attachments: z.array(z.string()),
  signedOn: z.string(),
  copyTo: z.string(),
  printedBy: z.string(),
});
export type TRenderedNotice = z.infer<typeof ZRenderedNotice>;

export const ZCampaignNotice = z.object({
  campaignId: ZId,
  notice: ZNotice.nullable(),
  documentNumber: ZDocumentNumber.nullable(),
  /** The paragraphs with the campaign's dates and rules put in: what the document prints. */
  rendered: ZRenderedNotice.nullable(),
});
export type TCampaignNotice = z.infer<typeof ZCampaignNotice>;

export const ZDocumentRegisterQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

/** The register of document numbers of a year. */
export const ZDocumentRegister = z.object({
  items: z.array(ZDocumentNumber.extend({ campaignId: ZId, title: z.string() })),
});
export type TDocumentRegister = z.infer<typeof ZDocumentRegister>;

/** How a notice names the units of a kind (主送 style). */
export const NOTICE_KIND_NAMES: Record<TUnitKind, string> = {
  school: '各中小学',
  communityCentre: '各镇（街道）社区教育中心',
  trainingCollege: '社区培训学院',
  nonDegree: '非学历教育机构',
  publicVenue: '图书馆、博物馆等公共文化场馆',
  other: '其他单位',
};

const WEEKDAYS = '日一二三四五六';
/** A deadline's day: one at midnight closes the day before (00:00 of the 11th is 24:00 of the 10th), as dueStatus reads it. */
const dueDay = (iso: string) => {
  const t = new Date(iso).getTime();
  return new Date((t + 8 * 3_600_000) % 86_400_000 === 0 ? t - 1 : t).toISOString();
};
/** China's calendar day of an instant. */
function chinaDay(iso: string): { y: number; m: number; d: number; w: number } {
  const t = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), w: t.getUTCDay() };
}
/** 10月10日（周二）: a day as the notice writes it, Arabic numerals without padding (GB/T 9704-2012, 7.3.5.1). */
export const noticeDay = (iso: string) => {
  const c = chinaDay(iso);
  return `${c.m}月${c.d}日（周${WEEKDAYS[c.w]}）`;
};
/** 2017年9月13日: 成文日期, the year in full, month and day unpadded. */
export const noticeDate = (isoDate: string) => {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};
/** 新教〔2017〕12号: 六角括号 around the year, no 第, no leading zeros (GB/T 9704-2012, 7.2.4). */
export const documentNumberText = (issuerCode: string, year: number, n: number) => `${issuerCode}〔${year}〕${n}号`;

/** Every token's value for `campaign`. */
export function noticeTokens(c: Pick<TCampaign, 'year' | 'theme' | 'timeline' | 'rules'>): Record<TNoticeToken, string> {
  const start = chinaDay(c.timeline.weekStartsAt);
  // The week ends at the midnight after its last day.
  const end = chinaDay(new Date(new Date(c.timeline.weekEndsAt).getTime() - 1).toISOString());
  const kinds = (ks: readonly TUnitKind[]) => ks.map((k) => NOTICE_KIND_NAMES[k]).join('、');
  return {
    year: String(c.year),
    theme: c.theme,
    week: `${start.y}年${start.m}月${start.d}日—${end.y === start.y ? '' : `${end.y}年`}${end.m}月${end.d}日`,
    launchAt: noticeDay(c.timeline.launchAt),
    launchVenue: c.timeline.launchVenue,
    planDueAt: noticeDay(dueDay(c.timeline.planDueAt)),
    summaryDueAt: noticeDay(dueDay(c.timeline.summaryDueAt)),
    photosRequired: String(c.rules.photosRequired),
    fourOnesUnits: kinds(c.rules.fourOnesKinds),
    freeClassUnits: kinds(c.rules.freeClassKinds),
  };
}

/** `text` with each `{token}` replaced; an unknown token is left as written (the editor flags it). */
export const fillTokens = (text: string, values: Record<TNoticeToken, string>) =>
  text.replace(/\{(\w+)\}/g, (all, k: string) => (Object.hasOwn(values, k) ? values[k as TNoticeToken] : all));

const NUMERALS = '一二三四五六七八九十';

/**
 * The notice as it reads: the fixed structure of the bureau's notice (一、指导思想 二、活动主题 三、举办机构
 * 四、活动时间与内容), the office's words, and the campaign's dates and duties put in.
 */
export function renderNotice(
  n: TNotice,
  c: Pick<TCampaign, 'year' | 'theme' | 'timeline' | 'rules'>,
  number: TDocumentNumber | null,
): TRenderedNotice {
  const v = noticeTokens(c);
  const fill = (s: string) => fillTokens(s, v);
  const body: TRenderedNotice['body'] = [];
  const p = (text: string) => body.push({ level: 0, lead: '', text: fill(text) });
  let h1 = 0;
  const heading = (text: string) => body.push({ level: 1, lead: `${NUMERALS[h1++]}、`, text });
  n.opening.forEach(p);
  heading('指导思想');
  n.guidingIdea.forEach(p);
  heading('活动主题');
  p(`“${c.theme}”。`);
  heading('举办机构');
  p('活动设全民终身学习活动周领导小组');
  const who = (x: TNoticePerson) => (x.post ? `${x.name}（${x.post}）` : x.name);
  p(`组\u3000长：${who(n.leader)}`);
  if (n.deputies.length) p(`副组长：${n.deputies.map(who).join('、')}`);
  if (n.members) p(`成\u3000员：${n.members}`);
  n.office.forEach(p);
  heading('活动时间与内容');
  const items = (title: string, index: number, list: TNoticeItem[]) => {
    body.push({ level: 2, lead: `（${NUMERALS[index]}）`, text: title });
    list.forEach((it, i) => body.push({ level: 3, lead: `${i + 1}. ${fill(it.lead)}`, text: fill(it.text) }));
  };
  body.push({ level: 2, lead: '（一）', text: '活动时间' });
  n.time.forEach(p);
  items('活动内容', 1, n.contents);
  items('具体要求', 2, n.requirements);
  return {
    title: n.title,
    number: number ? number.text : '',
    addressees: `${n.addressees}：`,
    issuer: n.issuer,
    body,
    attachments: n.attachments,
    signedOn: noticeDate(n.signedOn),
    copyTo: n.copyTo,
    printedBy: n.printedBy,
  };
}

/**
 * A cloned campaign's notice: the same words (their dates are tokens), the title's year and the
 * signing date moved by whole years (29 February to the 28th in a common year).
 */
export function noticeForYear(n: TNotice, from: number, to: number): TNotice {
  const [y, m, d] = n.signedOn.split('-').map(Number) as [number, number, number];
  const day = Math.min(d, new Date(Date.UTC(y + to - from, m, 0)).getUTCDate());
  const signedOn = `${y + to - from}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { ...n, title: n.title.replaceAll(String(from), String(to)), signedOn };
}
