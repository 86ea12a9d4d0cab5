import { Injectable } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { ZRole, type TLocale, type TRole } from '@learnweek/contracts';
import { sha256 } from '@learnweek/db';
import { z } from 'zod';
import { Clock } from '../clock/clock.js';
import { ApiException } from '../errors/api.exception.js';
import { AuthRepository } from './auth.repository.js';
import type { Principal, UserPrincipal } from './principal.js';

const ZClaims = z.object({
  sub: z.uuid(),
  username: z.string(),
  name: z.string(),
  roles: z.array(ZRole),
  unitId: z.uuid().nullable(),
  locale: z.enum(['zh-CN', 'en']),
});

/** Issues and reads access tokens (signed JWTs with expiry) and kiosk device tokens. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    private readonly repo: AuthRepository,
  ) {}

  sign(user: { id: string; username: string; displayName: string; roles: TRole[]; unitId: string | null; locale: TLocale }, ttlSeconds: number) {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const claims = { sub: user.id, username: user.username, name: user.displayName, roles: user.roles, unitId: user.unitId, locale: user.locale };
    const accessToken = this.jwt.sign({ ...claims, iat, exp: iat + ttlSeconds });
    return { accessToken, expiresAt: new Date((iat + ttlSeconds) * 1000).toISOString() };
  }

  /** A JWT (three dot-separated parts) is a user; anything else is looked up as a kiosk token. */
  async verify(token: string): Promise<Principal> {
    if (token.split('.').length === 3) {
      const user = this.verifyUser(token);
      // A deactivated account loses access at once, not when its token expires.
      if (!(await this.repo.isUserActive(user.id))) throw new ApiException(401, 'unauthorized');
      return user;
    }
    const device = await this.repo.findKioskByTokenHash(sha256(token));
    if (!device) throw new ApiException(401, 'unauthorized');
    return { kind: 'kiosk', deviceId: device.id, campaignId: device.campaignId };
  }

  private verifyUser(token: string): UserPrincipal {
    let payload: unknown;
    try {
      payload = this.jwt.verify(token, { clockTimestamp: Math.floor(this.clock.now().getTime() / 1000) });
    } catch (err) {
      throw new ApiException(401, err instanceof TokenExpiredError ? 'tokenExpired' : 'unauthorized');
    }
    const c = ZClaims.safeParse(payload);
    if (!c.success) throw new ApiException(401, 'unauthorized');
    return { kind: 'user', id: c.data.sub, username: c.data.username, displayName: c.data.name, roles: c.data.roles, unitId: c.data.unitId, locale: c.data.locale };
  }
}
