import type { TLocale } from '@learnweek/contracts';

/** An email's parts, in the recipient's language: rendered once as plain text and once as HTML. */
export interface TMailLayout {
  /** "王老师：" / "Dear Ms Wang,". */
  greeting: string;
  /** What happened: the notice's title. */
  lead: string;
  /** Labelled texts worth reading: the reviewer's comments, the dates that moved. */
  notes: readonly { label: string; text: string }[];
  /** What it is about: campaign, unit… */
  facts: readonly { label: string; value: string }[];
  link?: { label: string; url: string };
  footer: string;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const lines = (s: string) => escape(s).replace(/\r?\n/g, '<br>');
const sep = (locale: TLocale) => (locale === 'en' ? ': ' : '：');

/** The signature every email ends with. */
export const mailFooter = (locale: TLocale) =>
  locale === 'en'
    ? '-- Sent by the lifelong learning week service; replies are not read.'
    : '—— 本邮件由终身学习活动周管理平台自动发送，请勿直接回复。';

/**
 * The text: greeting, blank, lead, the notes, the facts and link, blank, footer. A digest takes the
 * part between the greeting and the footer (mailCore), so this shape is kept for every notice.
 */
export function renderMail(m: TMailLayout, locale: TLocale): { text: string; html: string } {
  const s = sep(locale);
  const text = [
    m.greeting,
    '',
    m.lead,
    ...(m.notes.length ? ['', ...m.notes.map((n) => `${n.label}${s}${n.text}`)] : []),
    '',
    ...m.facts.map((f) => `${f.label}${s}${f.value}`),
    ...(m.link ? [`${m.link.label}${s}${m.link.url}`] : []),
    '',
    m.footer,
  ].join('\n');
  const notes = m.notes.length
    ? `<table role="presentation" cellpadding="6" style="border-collapse:collapse;background:#fff7ed;border-left:3px solid #f59e0b;margin:12px 0">${m.notes
        .map(
          (n) =>
            `<tr><td style="vertical-align:top;white-space:nowrap;color:#92400e"><b>${escape(n.label)}</b></td><td>${lines(n.text)}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  const facts = m.facts
    .map((f) => `<tr><td style="color:#6b7280;padding-right:12px">${escape(f.label)}</td><td>${escape(f.value)}</td></tr>`)
    .join('');
  const link = m.link
    ? `<p><a href="${escape(m.link.url)}" style="display:inline-block;padding:8px 16px;background:#2563eb;color:#fff;text-decoration:none;border-radius:4px">${escape(m.link.label)}</a></p><p style="color:#6b7280;font-size:12px">${escape(m.link.url)}</p>`
    : '';
  return {
    text,
    html: page(
      locale,
      `<p>${escape(m.greeting)}</p><p style="font-size:16px"><b>${lines(m.lead)}</b></p>${notes}<table role="presentation">${facts}</table>${link}<hr style="border:0;border-top:1px solid #e5e7eb"><p style="color:#6b7280;font-size:12px">${escape(m.footer)}</p>`,
    ),
  };
}

function page(locale: TLocale, body: string): string {
  return `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"></head><body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;font-size:14px;line-height:1.6;color:#111827;max-width:640px">${body}</body></html>`;
}

/** The HTML of an email written as plain text (an account's notice): its lines, web addresses as links. */
export function textToHtml(text: string, locale: TLocale): string {
  const linked = lines(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
  return page(locale, `<p>${linked}</p>`);
}

/**
 * A notice written as plain text (its body and link): greeting, blank, body, blank, footer — the
 * shape every notice keeps, so that a digest takes its body (mailCore) and not its first lines.
 */
export function plainMail(recipient: string, body: string, locale: TLocale): { text: string; html: string } {
  const text = [locale === 'en' ? `Dear ${recipient},` : `${recipient}：`, '', body, '', mailFooter(locale)].join('\n');
  return { text, html: textToHtml(text, locale) };
}

/** A rendered notice's text between its greeting and its footer. */
export const mailCore = (text: string) => text.split('\n').slice(2, -2).join('\n').trim();

/**
 * One email for several held ones of a recipient (a daily digest, or a burst of submissions): each
 * notice's subject and core, in the order they came.
 */
export function renderDigest(
  recipient: string,
  parts: readonly { subject: string; text: string }[],
  locale: TLocale,
): { subject: string; text: string; html: string } {
  const en = locale === 'en';
  const subject = en ? `${parts.length} notices from the lifelong learning week service` : `终身学习活动周：您有 ${parts.length} 条新通知`;
  const greeting = en ? `Dear ${recipient},` : `${recipient}：`;
  const intro = en ? `${parts.length} notices, gathered in one email as you chose:` : `以下 ${parts.length} 条通知合并为一封邮件发送：`;
  const text = [
    greeting,
    '',
    intro,
    ...parts.flatMap((p, i) => ['', `${i + 1}. ${p.subject}`, mailCore(p.text)]),
    '',
    mailFooter(locale),
  ].join('\n');
  const items = parts
    .map(
      (p) =>
        `<li style="margin-bottom:16px"><b>${escape(p.subject)}</b><br>${lines(mailCore(p.text)).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)}</li>`,
    )
    .join('');
  return {
    subject,
    text,
    html: page(
      locale,
      `<p>${escape(greeting)}</p><p>${escape(intro)}</p><ol>${items}</ol><hr style="border:0;border-top:1px solid #e5e7eb"><p style="color:#6b7280;font-size:12px">${escape(mailFooter(locale))}</p>`,
    ),
  };
}
