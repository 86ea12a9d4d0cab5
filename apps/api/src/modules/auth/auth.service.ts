import { Inject, Injectable } from '@nestjs/common';
import type { TLoginRequest, TLoginResponse } from '@learnweek/contracts';
import { verifyPassword } from '@learnweek/db';
import { AuthRepository } from '../../core/auth/auth.repository.js';
import { sessionUserOf } from '../../core/auth/principal.js';
import { principalOf, TokenService } from '../../core/auth/token.service.js';
import { Clock } from '../../core/clock/clock.js';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { ApiException } from '../../core/errors/api.exception.js';
import { SignInLimiter } from './sign-in-limiter.js';

// A hash of a random password, verified when the user does not exist so that the
// answer takes as long as for a wrong password (no user enumeration by timing).
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$sPQUQdcgHeKmlYOXKua6nw$T2JxhHk/wu0oR3UFRyjRdp0qpyRxWGPeN1B901lBH4Y';

@Injectable()
export class AuthService {
  constructor(
    private readonly repo: AuthRepository,
    private readonly tokens: TokenService,
    private readonly limiter: SignInLimiter,
    private readonly clock: Clock,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  /** `address`: the client's, as far as the configured proxies tell (see TRUST_PROXY). */
  async login(req: TLoginRequest, address: string): Promise<TLoginResponse> {
    // Counted before the password is checked; refused (429) once the account or the address failed too often.
    const attempt = await this.limiter.begin(req.username, address);
    let user: Awaited<ReturnType<AuthRepository['findUserByUsername']>>;
    let ok: boolean;
    try {
      user = await this.repo.findUserByUsername(req.username);
      ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, req.password).catch(() => false);
    } catch (err) {
      await this.limiter.undecided(attempt);
      throw err;
    }
    // A deactivated account answers like a wrong password, and counts as one.
    if (!user || !ok || !user.active) throw new ApiException(401, 'badCredentials');
    await this.limiter.succeeded(attempt);
    // The right password for an account of a deactivated unit: say why it cannot sign in.
    if (user.unit && !user.unit.active) throw new ApiException(403, 'unitInactive');
    await this.repo.touchLogin(user.id, this.clock.now());
    return { ...this.tokens.sign(user, this.options.config.jwtTtlSeconds), user: sessionUserOf(principalOf({ ...user, unitActive: true })) };
  }
}
