import { Inject, Injectable } from '@nestjs/common';
import { ZLocale, ZRole, type TLoginRequest, type TLoginResponse } from '@learnweek/contracts';
import { verifyPassword } from '@learnweek/db';
import { z } from 'zod';
import { AuthRepository } from '../../core/auth/auth.repository.js';
import { TokenService } from '../../core/auth/token.service.js';
import { Clock } from '../../core/clock/clock.js';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { ApiException } from '../../core/errors/api.exception.js';

// A hash of a random password, verified when the user does not exist so that the
// answer takes as long as for a wrong password (no user enumeration by timing).
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$sPQUQdcgHeKmlYOXKua6nw$T2JxhHk/wu0oR3UFRyjRdp0qpyRxWGPeN1B901lBH4Y';

@Injectable()
export class AuthService {
  constructor(
    private readonly repo: AuthRepository,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  async login(req: TLoginRequest): Promise<TLoginResponse> {
    const user = await this.repo.findUserByUsername(req.username);
    const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, req.password).catch(() => false);
    if (!user || !ok || !user.active) throw new ApiException(401, 'badCredentials');
    const session = {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: z.array(ZRole).parse(user.roles),
      unitId: user.unitId,
      locale: ZLocale.catch('zh-CN').parse(user.locale),
    };
    await this.repo.touchLogin(user.id, this.clock.now());
    return { ...this.tokens.sign(session, this.options.config.jwtTtlSeconds), user: session };
  }
}
