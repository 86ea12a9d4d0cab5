import { dueText, NOTICE_OWED, type TDeadline, type TLocale } from '@learnweek/contracts';

/** One late unit of a digest: what it owes since when, and whom to call. */
export interface TLateUnit {
  unit: string;
  contactPerson: string;
  phone: string;
  owes: readonly { deadline: TDeadline; dueAt: Date }[];
}

/** What a digest says: its town, its campaign, the late units, the list's link, at the moment it is written. */
export interface TDigestFacts {
  campaign: string;
  town: string;
  units: readonly TLateUnit[];
  link: string;
  now: Date;
}

/** A due date as the bureau writes it, with the year (China Standard Time). */
const dueDate = (d: Date, locale: TLocale) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);

/** One unit's line: each deliverable it owes with how late (the console's wording), then its contact. */
function unitLine(u: TLateUnit, now: Date, locale: TLocale): string {
  const en = locale === 'en';
  const owes = u.owes.map((o) =>
    en
      ? `${NOTICE_OWED[o.deadline].en} ${dueText(o.dueAt, now, 'en')} (due ${dueDate(o.dueAt, 'en')})`
      : `${NOTICE_OWED[o.deadline]['zh-CN']}${dueText(o.dueAt, now, 'zh-CN')}（截止 ${dueDate(o.dueAt, 'zh-CN')}）`,
  );
  const person = u.contactPerson.trim();
  const phone = u.phone.trim();
  const contact = en
    ? person || phone
      ? `contact: ${[person, phone].filter(Boolean).join(', ')}`
      : 'no contact person registered'
    : person || phone
      ? `联系人：${[person, phone].filter(Boolean).join('，')}`
      : '未登记联系人';
  return en ? `${u.unit}: ${owes.join('; ')}; ${contact}` : `${u.unit}：${owes.join('；')}；${contact}`;
}

/**
 * The day's escalation digest to a town's community education centre (督办汇总), in the recipient's
 * language: the bell's title, its body (a line per late unit with contact person and phone), and the
 * e-mail with a link to the town's list.
 */
export function townDigestText(
  f: TDigestFacts,
  locale: TLocale,
  recipient: string,
): { title: string; body: string; subject: string; email: string } {
  const en = locale === 'en';
  const n = f.units.length;
  const title = en
    ? `Follow-up: ${n} unit${n === 1 ? '' : 's'} of ${f.town} overdue; please chase them`
    : `督办：${f.town}有 ${n} 家单位逾期未交，请督促提交`;
  const lines = f.units.map((u) => unitLine(u, f.now, locale));
  const body = lines.join('\n');
  const subject = en ? `[${f.campaign}] ${title}` : `【${f.campaign}】${title}`;
  const email = en
    ? [
        `Dear ${recipient},`,
        '',
        title,
        '',
        ...lines.map((l) => `- ${l}`),
        '',
        `Campaign: ${f.campaign}`,
        `The units of ${f.town}: ${f.link}`,
        '',
        '-- Sent by the lifelong learning week service; replies are not read.',
      ]
    : [
        `${recipient}：`,
        '',
        title,
        '',
        ...lines.map((l) => `· ${l}`),
        '',
        `活动：${f.campaign}`,
        `本镇（街道）单位：${f.link}`,
        '',
        '—— 本邮件由终身学习活动周管理平台自动发送，请勿直接回复。',
      ];
  return { title, body, subject, email: email.join('\n') };
}
