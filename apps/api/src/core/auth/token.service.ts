import { Injectable } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { type TRole, ZLocale, ZRole } from '@learnweek/contracts';
import { sha256 } from '@learnweek/db';
import { z } from 'zod';
import { Clock } from '../clock/clock.js';
import { ApiException } from '../errors/api.exception.js';
import { type AuthAccount, AuthRepository } from './auth.repository.js';
import type { Principal, UserPrincipal } from './principal.js';

/** A user token names its user and its lifetime; everything else is read from the database. */
const ZClaims = z.object({ sub: z.uuid(), iat: z.number().int(), exp: z.number().int() });

/** Issues and reads access tokens (signed JWTs with expiry) and kiosk device tokens. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    private readonly repo: AuthRepository,
  ) {}

  sign(user: { id: string }, ttlSeconds: number) {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const accessToken = this.jwt.sign({ sub: user.id, iat, exp: iat + ttlSeconds });
    return { accessToken, expiresAt: new Date((iat + ttlSeconds) * 1000).toISOString() };
  }

  /**
   * A JWT (three dot-separated parts) is a user; anything else is looked up as a kiosk token.
   * A refused credential is an ApiException (401); a database that cannot answer throws its own
   * error, which is not the caller's fault and must not pass for "anonymous".
   */
  async verify(token: string): Promise<Principal> {
    if (token.split('.').length === 3) {
      const account = await this.repo.account(this.verifyUser(token));
      // Roles, unit and active flags as the database has them now, not as when the token was issued.
      if (!account?.active) throw new ApiException(401, 'unauthorized');
      if (account.unitActive === false) throw new ApiException(401, 'unitInactive');
      return principalOf(account);
    }
    const device = await this.repo.findKioskByTokenHash(sha256(token));
    if (!device) throw new ApiException(401, 'unauthorized');
    return { kind: 'kiosk', deviceId: device.id, campaignId: device.campaignId };
  }

  /** The user id of a well-signed, unexpired token that says when it expires. */
  private verifyUser(token: string): string {
    let payload: unknown;
    try {
      payload = this.jwt.verify(token, { clockTimestamp: Math.floor(this.clock.now().getTime() / 1000) });
    } catch (err) {
      throw new ApiException(401, err instanceof TokenExpiredError ? 'tokenExpired' : 'unauthorized');
    }
    // jsonwebtoken accepts a token without `exp` as never expiring: we do not.
    const c = ZClaims.safeParse(payload);
    if (!c.success) throw new ApiException(401, 'unauthorized');
    return c.data.sub;
  }
}

/** A role this version does not know (a newer one's, a typo in the database) grants nothing. */
const isRole = (r: unknown): r is TRole => ZRole.safeParse(r).success;

/** The principal the rest of the service sees: the database's account. */
export function principalOf(a: AuthAccount): UserPrincipal {
  return {
    kind: 'user',
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    roles: a.roles.filter(isRole),
    unitId: a.unitId,
    locale: ZLocale.catch('zh-CN').parse(a.locale),
  };
}
