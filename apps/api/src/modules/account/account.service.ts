import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  passwordProblem,
  ZLocale,
  ZRole,
  type TAccount,
  type TChangePasswordRequest,
  type TListAccountsResponse,
  type TLoginResponse,
  type TResetAccountPasswordResponse,
  type TResetPasswordRequest,
  type TRole,
  type ZListAccountsQuery,
} from '@learnweek/contracts';
import { hashPassword, inDistrict, sha256, verifyPassword } from '@learnweek/db';
import type { z } from 'zod';
import { AuthRepository } from '../../core/auth/auth.repository.js';
import { initialPassword } from '../../core/auth/initial-password.js';
import { sessionUserOf, type UserPrincipal } from '../../core/auth/principal.js';
import { TokenService } from '../../core/auth/token.service.js';
import { Clock } from '../../core/clock/clock.js';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { ApiException, fieldError, notFound } from '../../core/errors/api.exception.js';
import { noteForAudit } from '../../core/http/request-context.js';
import { LiveEvents } from '../../core/live/live-events.js';
import { MailSender } from '../notification/mail-sender.js';
import { AccountRepository, type TAccountRow } from './account.repository.js';
import { emailChangedMail, passwordResetMail, RESET_LINK_MINUTES } from './password-reset-mail.js';

/** Requests for reset links one address may make in FORGOT_WINDOW_MS, whatever the accounts: then 429. */
export const FORGOT_PER_ADDRESS = 5;
export const FORGOT_WINDOW_MS = 15 * 60_000;
/** Links one account is sent in an hour at most: more requests answer the same and send nothing. */
export const LINKS_PER_ACCOUNT_PER_HOUR = 3;
const HOUR_MS = 3_600_000;

const ROLE_SET: ReadonlySet<string> = new Set(ZRole.options);

const toAccount = (u: TAccountRow): TAccount => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  roles: u.roles.filter((r): r is TRole => ROLE_SET.has(r)),
  unit: u.unit,
  email: u.email,
  phone: u.phone,
  active: u.active,
  mustChangePassword: u.mustChangePassword,
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
});

/**
 * Passwords and accounts (docs/PRODUCT.md §6, accounts and passwords): one's own change of password,
 * the reset link asked for on the sign-in page, the organiser's resets, edits and deactivations.
 * Every change or reset of a password moves the account's session generation: every token signed
 * before it is refused (TokenService), at once on this instance and within ACCOUNT_CACHE_MS on the others.
 */
@Injectable()
export class AccountService {
  private readonly logger = new Logger('accounts');
  /** The reset links being made and sent after their answers (forgotPassword). */
  private background = Promise.resolve();

  constructor(
    private readonly repo: AccountRepository,
    private readonly auth: AuthRepository,
    private readonly tokens: TokenService,
    private readonly mail: MailSender,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  /** Changes the caller's password: every other session ends, this one goes on with the token answered. */
  async changePassword(caller: UserPrincipal, req: TChangePasswordRequest): Promise<TLoginResponse> {
    const account = await this.repo.credentials(caller.id);
    if (!account) throw notFound();
    if (!(await verifyPassword(account.passwordHash, req.currentPassword).catch(() => false)))
      throw fieldError(400, 'currentPassword', 'lw.currentPasswordWrong');
    const problem = passwordProblem(req.newPassword, account.username);
    if (problem) throw fieldError(400, 'newPassword', problem);
    if (req.newPassword === req.currentPassword) throw fieldError(400, 'newPassword', 'lw.passwordSameAsCurrent');
    const sessionGeneration = await this.repo.setPassword(
      caller.id,
      { passwordHash: await hashPassword(req.newPassword), mustChangePassword: false },
      this.clock.now(),
    );
    this.auth.forget();
    // The other sessions' live feeds too (this one reconnects with the token answered).
    await this.live.disconnectUser(caller.id);
    return {
      ...this.tokens.sign({ id: caller.id, sessionGeneration }, this.options.config.jwtTtlSeconds),
      user: sessionUserOf({ ...caller, mustChangePassword: false }),
    };
  }

  /**
   * A reset link by e-mail for the account named by username or address. The answer is the same
   * whether or not it exists, has an address, or was sent one lately; only an address asking too
   * often is refused (429), whatever it asks for.
   */
  async forgotPassword(account: string, address: string): Promise<void> {
    const now = this.clock.now();
    const asked = await this.repo.countRequest(
      address,
      now,
      new Date(now.getTime() - FORGOT_WINDOW_MS),
      new Date(now.getTime() - 24 * HOUR_MS),
    );
    if (asked > FORGOT_PER_ADDRESS) throw new ApiException(429, 'tooManyRequests');
    if (!this.mail.enabled) return;
    // Not awaited: the answer must not take longer for an account that exists (its lookup, its link,
    // its mail). One after another, so that an account's hourly cap holds.
    this.background = this.background
      .then(() => this.sendLinks(account, now))
      .catch((err: unknown) => this.logger.warn(`cannot send a reset link: ${(err as Error).message}`));
  }

  /** Settles when the reset links asked for so far are made and sent (tests). */
  idle(): Promise<void> {
    return this.background;
  }

  private async sendLinks(account: string, now: Date): Promise<void> {
    // The name or address may be accounts of several districts: each is served in its own (found past the
    // policies, the district only).
    for (const d of await this.repo.districtsOfAccount(account))
      await inDistrict(d, async () => {
        for (const user of await this.repo.byUsernameOrEmail(account)) {
          if ((await this.repo.linksSince(user.id, new Date(now.getTime() - HOUR_MS))) >= LINKS_PER_ACCOUNT_PER_HOUR) continue;
          await this.sendLink(user, await this.newLink(user.id, now), 'forgot');
        }
      });
  }

  /** Sets a new password with a reset link: the link is spent, every session of the account ends. */
  async resetPassword(req: TResetPasswordRequest): Promise<void> {
    const now = this.clock.now();
    // Public: the link's district (found past the policies, the district only), which the reset runs in.
    await this.repo.enterDistrictOfLink(sha256(req.token));
    const link = await this.repo.openLink(sha256(req.token), now);
    if (!link) throw fieldError(400, 'token', 'lw.resetLinkInvalid');
    const problem = passwordProblem(req.newPassword, link.user.username);
    if (problem) throw fieldError(400, 'newPassword', problem);
    if (await verifyPassword(link.user.passwordHash, req.newPassword).catch(() => false))
      throw fieldError(400, 'newPassword', 'lw.passwordSameAsCurrent');
    const used = await this.repo.useLink(
      link.id,
      link.user.id,
      { passwordHash: await hashPassword(req.newPassword), mustChangePassword: false },
      now,
    );
    if (!used) throw fieldError(400, 'token', 'lw.resetLinkInvalid');
    noteForAudit({ target: link.user.username });
    this.auth.forget();
    await this.live.disconnectUser(link.user.id);
  }

  async list(q: z.output<typeof ZListAccountsQuery>): Promise<TListAccountsResponse> {
    const { total, items } = await this.repo.list(q);
    return { total, page: q.page, pageSize: q.pageSize, items: items.map(toAccount) };
  }

  /**
   * The organiser's edit of a person's contact. A changed e-mail address is told to the old one: reset
   * links go to the new address, so the person learns at once if somebody else moved their account's mail.
   */
  async update(id: string, data: { displayName: string; phone: string | null; email: string | null }): Promise<TAccount> {
    const before = await this.repo.credentials(id);
    const row = await this.repo.update(id, data);
    if (!before || !row) throw notFound();
    noteForAudit({ target: row.username });
    // The name is read with the account on every request.
    this.auth.forget();
    if (before.email && before.email !== row.email) this.tellOldAddress(before, row.email);
    return toAccount(row);
  }

  /** In the background: the edit is saved whether or not the old address can be reached. */
  private tellOldAddress(user: { username: string; displayName: string; email: string | null; locale: string }, to: string | null): void {
    const m = emailChangedMail(ZLocale.catch('zh-CN').parse(user.locale), user, to);
    this.mail.sendNow({ to: user.email!, ...m }).catch((err: unknown) => {
      this.logger.warn(`cannot tell ${user.username}'s old address of its change: ${(err as Error).message}`);
    });
  }

  /** Deactivates or reactivates an account (not the caller's own): a deactivated one is shut out from its next request on. */
  async setActive(caller: UserPrincipal, id: string, active: boolean): Promise<TAccount> {
    if (id === caller.id) throw fieldError(409, 'id', 'lw.notYourself');
    const row = await this.repo.setActive(id, active);
    if (!row) throw notFound();
    noteForAudit({ target: row.username });
    this.auth.forget();
    if (!active) await this.live.disconnectUser(id);
    return toAccount(row);
  }

  /**
   * The organiser resets a password (not their own): a one-time password, to be changed at the
   * next sign-in, or a reset link by e-mail (the old password stops working either way). Every
   * session of the account ends.
   */
  async resetUserPassword(caller: UserPrincipal, id: string, by: 'password' | 'email'): Promise<TResetAccountPasswordResponse> {
    if (id === caller.id) throw fieldError(409, 'id', 'lw.notYourself');
    const user = await this.repo.credentials(id);
    if (!user) throw notFound();
    noteForAudit({ target: user.username });
    if (by === 'email' && (!this.mail.enabled || !user.email)) throw fieldError(400, 'by', 'lw.resetNeedsEmail');
    const now = this.clock.now();
    // By e-mail, the old password is replaced by one nobody knows: the link is the way back in.
    const password = initialPassword();
    await this.repo.setPassword(
      id,
      {
        passwordHash: await hashPassword(by === 'password' ? password : randomBytes(32).toString('base64url')),
        mustChangePassword: by === 'password',
      },
      now,
    );
    this.auth.forget();
    await this.live.disconnectUser(id);
    if (by === 'password') return { temporaryPassword: password, emailedTo: null };
    const link = await this.newLink(id, now);
    try {
      await this.sendLink(user, link, 'organizer');
    } catch (err) {
      this.logger.warn(`cannot send a reset link to ${user.username}: ${(err as Error).message}`);
      throw new ApiException(503, 'serviceUnavailable');
    }
    return { temporaryPassword: null, emailedTo: user.email };
  }

  /** A new single-use link, valid RESET_LINK_MINUTES; only its sha256 is stored. Returns the token. */
  private async newLink(userId: string, now: Date): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.repo.createLink(userId, sha256(token), now, new Date(now.getTime() + RESET_LINK_MINUTES * 60_000));
    return token;
  }

  private async sendLink(
    user: { username: string; displayName: string; email: string | null; locale: string },
    token: string,
    by: 'forgot' | 'organizer',
  ): Promise<void> {
    if (!user.email) return;
    // The token in the fragment: never sent to a server, not in a proxy's log nor a Referer.
    const link = `${this.options.config.publicUrl ?? ''}/admin/reset-password#${token}`;
    const m = passwordResetMail(ZLocale.catch('zh-CN').parse(user.locale), user, link, by);
    await this.mail.sendNow({ to: user.email, ...m });
  }
}
