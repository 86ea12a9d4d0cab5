import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  TClearSignInThrottleRequest,
  TClearSignInThrottleResponse,
  TLoginRequest,
  TLoginResponse,
  TSignInThrottles,
} from '@learnweek/contracts';
import { verifyPassword } from '@learnweek/db';
import { AuthRepository } from '../../core/auth/auth.repository.js';
import { sessionUserOf } from '../../core/auth/principal.js';
import { principalOf, TokenService } from '../../core/auth/token.service.js';
import { Clock } from '../../core/clock/clock.js';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { ApiException, notFound } from '../../core/errors/api.exception.js';
import { AuditService } from '../audit/audit.service.js';
import { NotificationService } from '../notification/notification.service.js';
import { signInFailureNotice } from './sign-in-notice.js';
import { SignInLimiter, type SignInAttempt } from './sign-in-limiter.js';

// A hash of a random password, verified when the user does not exist so that the
// answer takes as long as for a wrong password (no user enumeration by timing).
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$sPQUQdcgHeKmlYOXKua6nw$T2JxhHk/wu0oR3UFRyjRdp0qpyRxWGPeN1B901lBH4Y';

@Injectable()
export class AuthService {
  private readonly logger = new Logger('sign-in');

  constructor(
    private readonly repo: AuthRepository,
    private readonly tokens: TokenService,
    private readonly limiter: SignInLimiter,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  /** `address`: the client's, as far as the configured proxies tell (see TRUST_PROXY). */
  async login(req: TLoginRequest, address: string): Promise<TLoginResponse> {
    // Counted before the password is checked; refused (429) while this address waits on this account, or is full.
    const attempt = await this.limiter.begin(req.username, address);
    let user: Awaited<ReturnType<AuthRepository['findUserByUsername']>>;
    let ok: boolean;
    try {
      // The account's district is found first (past the policies, the district only): the look-up and the rest
      // of the sign-in (its audit entry, notices) run in it.
      user = await this.repo.findUserByUsername(req.username);
      ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, req.password).catch(() => false);
    } catch (err) {
      await this.limiter.undecided(attempt);
      throw err;
    }
    // A deactivated account, or one of a deactivated unit, answers like a wrong password and counts as
    // one: a different answer for the right password would tell whoever guessed it that it is right.
    if (!user || !ok || !user.active || user.unit?.active === false) {
      await this.failed(attempt, user);
      // Nobody is signed in: the entry names the username given and the address. It is the account's
      // district's; a name no account has is in no district: an entry of the installation, which no
      // district's log shows (docs/ARCHITECTURE.md, "Tenancy"); the sign-in throttles count it either way.
      await this.audit.record({
        kind: 'signIn.failed',
        actor: { kind: 'anonymous', label: req.username.trim() },
        target: `${req.username.trim()} @ ${address}`,
        ...(user?.districtId ? {} : { installation: true as const }),
      });
      throw new ApiException(401, 'badCredentials');
    }
    await this.limiter.succeeded(attempt);
    await this.repo.touchLogin(user.id, this.clock.now());
    // The audit log is a district's: the city office's sign-ins (no district) have none to go to yet.
    if (user.districtId)
      await this.audit.record({
        kind: 'signIn.succeeded',
        actor: { kind: 'user', id: user.id, label: user.displayName },
        unitId: user.unitId,
        target: `${user.username} @ ${address}`,
      });
    return {
      ...this.tokens.sign(user, this.options.config.jwtTtlSeconds),
      user: sessionUserOf(principalOf({ ...user, unitActive: true })),
    };
  }

  /**
   * The sign-in throttles now (the organiser's 登录保护). They are kept by name and address, before any
   * district is known (installation-wide): a district's organiser sees those on its own accounts' names
   * and those on an address alone, not another district's names, nor names no account has.
   */
  async throttles(): Promise<TSignInThrottles> {
    const all = await this.limiter.list();
    const ours = await this.repo.accountsNamed(all.flatMap((e) => (e.username === null ? [] : [e.username])));
    const items = all.filter((e) => e.username === null || ours.has(e.username.toLowerCase()));
    return { items: items.map((e) => ({ ...e, until: e.until === null ? null : new Date(e.until).toISOString() })) };
  }

  /** Clears throttles of an account and/or an address, audited. */
  async clearThrottle(req: TClearSignInThrottleRequest): Promise<TClearSignInThrottleResponse> {
    // Another district's account (or a name no account has) is not the caller's to clear: as if unknown.
    const name = req.username?.trim().toLowerCase();
    if (name && !(await this.repo.accountsNamed([name])).has(name)) throw notFound();
    const cleared = await this.limiter.clear(req);
    const target = [req.username && `${req.username.trim().toLowerCase()}`, req.address].filter(Boolean).join(' @ ');
    await this.audit.record({ kind: 'signIn.throttleCleared', target, counts: { cleared } });
    return { cleared };
  }

  /** A failure stays counted; an account just under attack tells its owner (once per window, whatever the instance). */
  private async failed(attempt: SignInAttempt, user: { id: string; username: string } | null): Promise<void> {
    const report = await this.limiter.failed(attempt);
    if (!user || !report?.notice) return;
    const notice = signInFailureNotice(user.id, user.username, { failures: report.failures, notice: report.notice });
    await this.notifications.notifyAccount(user.id, notice, this.clock.now()).catch((err: unknown) => {
      // The answer to the attempt does not wait on, nor fail with, the notice.
      this.logger.warn(`cannot tell ${user.username} of failed sign-ins: ${(err as Error).message}`);
    });
  }
}
