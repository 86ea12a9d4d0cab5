import type {
  TAccount,
  TImportUnitsResponse,
  TListAccountsResponse,
  TLoginResponse,
  TResetAccountPasswordResponse,
} from '@learnweek/contracts';
import ExcelJS from 'exceljs';
import { hashPassword } from '@learnweek/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountService, FORGOT_PER_ADDRESS, LINKS_PER_ACCOUNT_PER_HOUR } from '../src/modules/account/account.service.js';
import { bearer, PASSWORD, setup } from './harness.js';
import { startSmtp } from './smtp.js';

/**
 * Accounts (docs/PRODUCT.md §6, accounts and passwords): one's own change of password, a first
 * sign-in with an initial or reset password, the organiser's resets, edits and deactivations, and
 * the reset link of 忘记密码, against a real SMTP server.
 */
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let t: Awaited<ReturnType<typeof setup>>;
const PUBLIC_URL = 'https://learnweek.example.cn';
const NEW_PASSWORD = 'Chunjiang-2027';

beforeAll(async () => {
  smtp = await startSmtp();
  // TRUST_PROXY: each test asks from its own address (X-Forwarded-For), as the rate limit counts by address.
  t = await setup({ env: { SMTP_URL: `${smtp.url}?from=xxzx@example.cn`, PUBLIC_URL, TRUST_PROXY: 'loopback' } });
});
afterAll(async () => {
  await t?.teardown();
  await smtp?.close();
});

let people = 0;
/** A new person of the school's unit with PASSWORD (and an address when given), signed in nowhere yet. */
async function person(email: string | null = null): Promise<{ id: string; username: string }> {
  people += 1;
  const username = `person-${people}`;
  const u = await t.prisma.user.create({
    data: {
      username,
      displayName: `联络员${people}`,
      roles: ['coordinator'],
      unitId: t.fixture.units.school.id,
      passwordHash: await hashPassword(PASSWORD),
      email,
    },
  });
  return { id: u.id, username };
}

const signIn = (username: string, password: string, from = '10.0.0.1') =>
  t.http.post('/api/auth/login').set('X-Forwarded-For', from).send({ username, password });
async function token(username: string, password = PASSWORD): Promise<string> {
  const r = await signIn(username, password);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body as TLoginResponse).accessToken;
}
const me = (tok: string) => t.http.get('/api/auth/me').set(bearer(tok));
const change = (tok: string, currentPassword: string, newPassword: string, lang = 'zh-CN') =>
  t.http.post('/api/profile/password').set(bearer(tok)).set('Accept-Language', lang).send({ currentPassword, newPassword });
const forgot = (account: string, from: string) => t.http.post('/api/auth/password/forgot').set('X-Forwarded-For', from).send({ account });
const reset = (tok: string, newPassword: string) => t.http.post('/api/auth/password/reset').send({ token: tok, newPassword });
const organizer = () => t.as('organizer');

/** The link of the mail the server receives as its `n`-th delivery attempt. */
async function linkOfMail(n: number): Promise<{ to: string; token: string; text: string; subject: string }> {
  await smtp.waitForAttempts(n);
  const m = smtp.received[n - 1]!;
  const match = /https:\/\/learnweek\.example\.cn\/admin\/reset-password#([\w-]+)/.exec(m.text);
  expect(match, m.text).not.toBeNull();
  return { to: m.to, token: match![1]!, text: m.text, subject: m.subject };
}

describe('changing one’s password', () => {
  it('refuses a wrong current password and a new one against the policy, field by field in the caller’s language', async () => {
    const p = await person();
    const tok = await token(p.username);
    const cases: [string, string, string, string][] = [
      ['wrong-password-1', NEW_PASSWORD, 'currentPassword', '当前密码不正确'],
      [PASSWORD, 'short-1', 'newPassword', '密码至少 10 位'],
      [PASSWORD, 'onlyletterswithoutdigits', 'newPassword', '密码须包含字母、数字、符号中的至少两类'],
      [PASSWORD, `${p.username}-2027x`, 'newPassword', '密码不能包含账号名'],
      [PASSWORD, PASSWORD, 'newPassword', '新密码不能与当前密码相同'],
    ];
    for (const [current, next, path, message] of cases) {
      const r = await change(tok, current, next);
      expect(r.status, next).toBe(400);
      expect(r.body.errors, next).toEqual([{ path, message }]);
    }
    const en = await change(tok, PASSWORD, '1234567890', 'en');
    expect(en.body.errors).toEqual([{ path: 'newPassword', message: 'Use at least two of: letters, digits, symbols' }]);
    // Nothing changed: the password and the session are as they were.
    expect((await me(tok)).status).toBe(200);
    expect((await signIn(p.username, PASSWORD)).status).toBe(200);
  });

  it('ends every other session and keeps this one with the token answered; the old password stops working', async () => {
    const p = await person();
    const here = await token(p.username);
    const elsewhere = await token(p.username);
    const r = await change(here, PASSWORD, NEW_PASSWORD);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const next = r.body as TLoginResponse;
    expect(next.user).toMatchObject({ username: p.username, mustChangePassword: false });
    expect((await me(next.accessToken)).status).toBe(200);
    const ended = await me(elsewhere);
    expect(ended.status).toBe(401);
    expect(ended.body.message).toBe('密码已更改，请用新密码重新登录');
    expect((await me(here)).status).toBe(401);
    expect((await signIn(p.username, PASSWORD)).status).toBe(401);
    expect((await signIn(p.username, NEW_PASSWORD)).status).toBe(200);
  });
});

describe('a first sign-in with an initial password', () => {
  it('opens only the change of password, the profile and who is signed in, until a new one is set', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('单位名单');
    ws.addRow(['单位编码', '单位名称', '单位类别', '镇（街道）', '联络员账号', '联络员姓名']);
    ws.addRow(['X1', '春江实验小学', '中小学', '春江镇', 'coord-x1', '王老师']);
    const imported = await t.http
      .post('/api/units.xlsx')
      .set(await organizer())
      .set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(Buffer.from(await book.xlsx.writeBuffer()));
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const initial = (imported.body as TImportUnitsResponse).accounts[0]!.initialPassword;

    const login = await signIn('coord-x1', initial);
    expect(login.status).toBe(200);
    const first = login.body as TLoginResponse;
    expect(first.user.mustChangePassword).toBe(true);
    const auth = bearer(first.accessToken);
    expect((await t.http.get('/api/auth/me').set(auth)).body.mustChangePassword).toBe(true);
    expect((await t.http.get('/api/profile').set(auth)).status).toBe(200);
    for (const refused of [
      t.http.get('/api/campaigns'),
      t.http.get('/api/notifications'),
      t.http.put('/api/profile').send({ email: null, locale: 'zh-CN' }),
    ]) {
      const r = await refused.set(auth);
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ code: 'passwordChangeRequired', message: '请先设置新密码' });
    }
    const changed = await change(first.accessToken, initial, NEW_PASSWORD);
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const after = bearer((changed.body as TLoginResponse).accessToken);
    expect((changed.body as TLoginResponse).user.mustChangePassword).toBe(false);
    expect((await t.http.get('/api/campaigns').set(after)).status).toBe(200);
    expect((await signIn('coord-x1', NEW_PASSWORD)).body.user.mustChangePassword).toBe(false);
  });

  it('is not asked of accounts that were not given an initial password', async () => {
    expect((await signIn('approver', PASSWORD)).body.user.mustChangePassword).toBe(false);
  });
});

describe('the organiser', () => {
  const resetBy = async (id: string, by: 'password' | 'email', as = 'organizer') =>
    t.http
      .post(`/api/users/${id}/password-reset`)
      .set(await t.as(as))
      .send({ by });

  it('resets a password to a one-time one: the old one and every session end, the next sign-in sets a new one', async () => {
    const p = await person();
    const session = await token(p.username);
    const r = await resetBy(p.id, 'password');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const { temporaryPassword, emailedTo } = r.body as TResetAccountPasswordResponse;
    expect(emailedTo).toBeNull();
    expect(temporaryPassword).toMatch(/^[a-z2-9]{10}$/);
    expect((await me(session)).status).toBe(401);
    expect((await signIn(p.username, PASSWORD)).status).toBe(401);
    const again = await signIn(p.username, temporaryPassword!);
    expect(again.body.user.mustChangePassword).toBe(true);
    expect((await t.http.get('/api/campaigns').set(bearer(again.body.accessToken))).status).toBe(403);
  });

  it('resets by e-mail: a link to the account’s address, the old password stops working', async () => {
    const p = await person('reset-by-organizer@example.cn');
    const sent = smtp.attempts;
    const r = await resetBy(p.id, 'email');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ temporaryPassword: null, emailedTo: 'reset-by-organizer@example.cn' });
    const mail = await linkOfMail(sent + 1);
    expect(mail.to).toBe('reset-by-organizer@example.cn');
    expect(mail.text).toContain('组织办已重置您的账号');
    expect((await signIn(p.username, PASSWORD)).status).toBe(401);
    expect((await reset(mail.token, NEW_PASSWORD)).status).toBe(204);
    expect((await signIn(p.username, NEW_PASSWORD)).body.user.mustChangePassword).toBe(false);
  });

  it('may not reset by e-mail an account without an address, nor touch their own account; nobody else may reset', async () => {
    const p = await person();
    const noAddress = await resetBy(p.id, 'email');
    expect(noAddress.status).toBe(400);
    expect(noAddress.body.errors).toEqual([{ path: 'by', message: '该账号没有电子邮箱，或本系统未配置邮件发送，请改用一次性密码' }]);
    const self = (await t.prisma.user.findUniqueOrThrow({ where: { username: 'organizer' } })).id;
    expect((await resetBy(self, 'password')).status).toBe(409);
    expect(
      (
        await t.http
          .put(`/api/users/${self}/active`)
          .set(await organizer())
          .send({ active: false })
      ).status,
    ).toBe(409);
    expect((await resetBy(p.id, 'password', 'approver')).status).toBe(403);
    expect((await resetBy('00000000-0000-4000-8000-000000000000', 'password')).status).toBe(404);
    expect((await signIn(p.username, PASSWORD)).status).toBe(200);
  });

  it('edits a coordinator’s name, phone and e-mail, refusing a bad phone by field; a changed address is told to the old one', async () => {
    const p = await person();
    const sent = smtp.attempts;
    const put = async (body: object) =>
      t.http
        .put(`/api/users/${p.id}`)
        .set(await organizer())
        .send(body);
    const bad = await put({ displayName: '周老师', phone: '12', email: null });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'phone', message: '请输入有效的手机号或座机号（如 13812345678 或 0519-85123456）' }]);
    const ok = await put({ displayName: '周老师', phone: '13812345678', email: 'zhou@example.cn' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body as TAccount).toMatchObject({
      displayName: '周老师',
      phone: '13812345678',
      email: 'zhou@example.cn',
      unit: { code: 'S1' },
    });
    expect((await me(await token(p.username))).body.displayName).toBe('周老师');
    // Reset links follow the address: the old one hears of each change (a first address tells nobody).
    expect((await put({ displayName: '周老师', phone: '13812345678', email: 'zhou2@example.cn' })).status).toBe(200);
    const cleared = await put({ displayName: '周老师', phone: '', email: '' });
    expect(cleared.body).toMatchObject({ phone: null, email: null });
    await smtp.waitForAttempts(sent + 2);
    // Sent in the background, so in either order.
    const told = smtp.received.slice(sent).sort((a, b) => a.to.localeCompare(b.to));
    expect(told.map((m) => [m.to, m.subject])).toEqual([
      ['zhou@example.cn', `账号 ${p.username} 的邮箱已更改`],
      ['zhou2@example.cn', `账号 ${p.username} 的邮箱已更改`],
    ]);
    expect(told[0]!.text).toContain('更改为 zhou2@example.cn');
    expect(told[1]!.text).toContain('已删除您的账号');
    const list = await t.http.get('/api/users?q=%E5%91%A8%E8%80%81%E5%B8%88').set(await organizer());
    expect((list.body as TListAccountsResponse).items.map((a) => a.username)).toEqual([p.username]);
    expect((await t.http.get('/api/users').set(await t.as('approver'))).status).toBe(403);
  });

  it('deactivates an account (its session ends, it cannot sign in) and reactivates it', async () => {
    const p = await person();
    const session = await token(p.username);
    const off = await t.http
      .put(`/api/users/${p.id}/active`)
      .set(await organizer())
      .send({ active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await me(session)).status).toBe(401);
    expect((await signIn(p.username, PASSWORD)).status).toBe(401);
    expect(
      (
        await t.http
          .put(`/api/users/${p.id}/active`)
          .set(await organizer())
          .send({ active: true })
      ).status,
    ).toBe(200);
    expect((await signIn(p.username, PASSWORD)).status).toBe(200);
  });
});

describe('忘记密码', () => {
  it('answers the same whether or not the account exists, and mails a link only to one that does', async () => {
    const p = await person('forgot@example.cn');
    const sent = smtp.attempts;
    const known = await forgot(p.username, '10.1.0.1');
    const unknown = await forgot('nobody-here', '10.1.0.2');
    const byAddress = await forgot('nobody@example.cn', '10.1.0.3');
    for (const r of [known, unknown, byAddress]) {
      expect(r.status).toBe(202);
      expect(r.body).toEqual({ accepted: true });
    }
    const mail = await linkOfMail(sent + 1);
    expect(mail.to).toBe('forgot@example.cn');
    expect(mail.subject).toBe(`设置账号 ${p.username} 的新密码`);
    expect(mail.text).toContain('30 分钟');
    // By its e-mail address too.
    expect((await forgot('FORGOT@example.cn', '10.1.0.4')).status).toBe(202);
    await linkOfMail(sent + 2);
    expect(smtp.received.slice(sent).map((m) => m.to)).toEqual(['forgot@example.cn', 'forgot@example.cn']);
    // Only the hash is kept.
    await t.app.get(AccountService).idle();
    const stored = await t.prisma.passwordResetToken.findMany({ where: { userId: p.id } });
    expect(stored.map((s) => s.tokenHash)).not.toContain(mail.token);
  });

  it('takes a link once: the password is set, every session ends, the link is spent', async () => {
    const p = await person('single-use@example.cn');
    const session = await token(p.username);
    const sent = smtp.attempts;
    await forgot(p.username, '10.2.0.1').expect(202);
    const { token: link } = await linkOfMail(sent + 1);
    const weak = await reset(link, 'short');
    expect(weak.status).toBe(400);
    expect(weak.body.errors).toEqual([{ path: 'newPassword', message: '密码至少 10 位' }]);
    expect((await reset(link, PASSWORD)).body.errors).toEqual([{ path: 'newPassword', message: '新密码不能与当前密码相同' }]);
    expect((await reset(link, NEW_PASSWORD)).status).toBe(204);
    expect((await me(session)).status).toBe(401);
    expect((await signIn(p.username, NEW_PASSWORD)).status).toBe(200);
    const again = await reset(link, 'Another-pass-2028');
    expect(again.status).toBe(400);
    expect(again.body.errors).toEqual([{ path: 'token', message: '重置链接无效、已使用或已过期（有效期 30 分钟），请重新申请' }]);
    expect((await signIn(p.username, 'Another-pass-2028')).status).toBe(401);
  });

  it('takes a link for 30 minutes only', async () => {
    const p = await person('expiry@example.cn');
    const sent = smtp.attempts;
    await forgot(p.username, '10.3.0.1').expect(202);
    const { token: first } = await linkOfMail(sent + 1);
    await forgot(p.username, '10.3.0.1').expect(202);
    const { token: second } = await linkOfMail(sent + 2);
    t.clock.advance(30 * 60_000 - 1);
    expect((await reset(second, NEW_PASSWORD)).status).toBe(204);
    // Setting the password spent the other open link too.
    expect((await reset(first, 'Another-pass-2028')).status).toBe(400);
    await forgot(p.username, '10.3.0.2').expect(202);
    const { token: late } = await linkOfMail(sent + 3);
    t.clock.advance(30 * 60_000);
    expect((await reset(late, 'Another-pass-2028')).body.errors?.[0]?.path).toBe('token');
    expect((await signIn(p.username, NEW_PASSWORD)).status).toBe(200);
  });

  it(`refuses an address’s ${FORGOT_PER_ADDRESS + 1}th request in 15 minutes, whatever the account; sends one account ${LINKS_PER_ACCOUNT_PER_HOUR} links an hour at most`, async () => {
    const p = await person('limited@example.cn');
    const sent = smtp.attempts;
    for (let i = 0; i < FORGOT_PER_ADDRESS; i++) await forgot(i % 2 ? p.username : `nobody-${i}`, '10.4.0.1').expect(202);
    for (const account of [p.username, 'nobody-else']) {
      const r = await forgot(account, '10.4.0.1');
      expect(r.status).toBe(429);
      expect(r.body.message).toBe('操作过于频繁，请稍后再试');
    }
    // Another address is not held back.
    await forgot(p.username, '10.4.0.2').expect(202);
    await t.app.get(AccountService).idle();
    expect(await t.prisma.passwordResetToken.count({ where: { userId: p.id } })).toBe(LINKS_PER_ACCOUNT_PER_HOUR);
    // The account's cap answers the same and sends nothing.
    await forgot(p.username, '10.4.0.3').expect(202);
    await t.app.get(AccountService).idle();
    expect(await t.prisma.passwordResetToken.count({ where: { userId: p.id } })).toBe(LINKS_PER_ACCOUNT_PER_HOUR);
    t.clock.advance(60 * 60_000);
    await forgot(p.username, '10.4.0.1').expect(202);
    await t.app.get(AccountService).idle();
    expect(await t.prisma.passwordResetToken.count({ where: { userId: p.id } })).toBe(LINKS_PER_ACCOUNT_PER_HOUR + 1);
    await smtp.waitForAttempts(sent + LINKS_PER_ACCOUNT_PER_HOUR + 1);
    expect(smtp.received.slice(sent).map((m) => m.to)).toEqual(Array<string>(LINKS_PER_ACCOUNT_PER_HOUR + 1).fill('limited@example.cn'));
  });
});
