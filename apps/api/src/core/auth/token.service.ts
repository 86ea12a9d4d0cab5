import { Inject, Injectable } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { type TRole, ZLocale, ZRole } from '@learnweek/contracts';
import { isDemoKioskToken, sha256 } from '@learnweek/db';
import { z } from 'zod';
import { Clock } from '../clock/clock.js';
import { APP_OPTIONS, type AppOptions } from '../config/app-options.js';
import { ApiException } from '../errors/api.exception.js';
import { type AuthAccount, AuthRepository } from './auth.repository.js';
import type { Principal, UserPrincipal } from './principal.js';

/**
 * A user token names its user, its lifetime and the account's session generation when it was
 * signed (`gen`, 0 when absent: tokens from before generations); everything else is read from the
 * database. A change or reset of the password moves the account's generation: older tokens end.
 */
const ZClaims = z.object({ sub: z.uuid(), iat: z.number().int(), exp: z.number().int(), gen: z.number().int().min(0).optional() });

/**
 * Tokens whose signature and claims were checked already, with their user and expiry: a desk sends
 * the same token with every check-in, and the HMAC and JSON of verifying it again were the largest
 * cost of a check-in after HTTP itself. The same string verifies the same way every time; only the
 * expiry depends on the moment, and it is checked on every use (an expired one goes through the full
 * check again, which refuses it as expired).
 */
const VERIFIED_MAX = 10_000;

/**
 * How far ahead of this server's clock a token's issue time may be (another instance's clock a
 * little ahead). Beyond it the token is refused: it was minted by a clock that ran ahead (a jump
 * later set back) or by someone holding the secret, and its expiry cannot be trusted either.
 */
export const ISSUED_AT_LEEWAY_SECONDS = 60;

/** Issues and reads access tokens (signed JWTs with expiry) and kiosk device tokens. */
@Injectable()
export class TokenService {
  private readonly verified = new Map<string, { sub: string; iat: number; exp: number; gen: number }>();
  /** No token lives longer than JWT_TTL: one signed for longer is refused. */
  private readonly maxTtlSeconds: number;

  constructor(
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    private readonly repo: AuthRepository,
    @Inject(APP_OPTIONS) private readonly options: Pick<AppOptions, 'config'>,
  ) {
    this.maxTtlSeconds = options.config.jwtTtlSeconds;
  }

  /** A token for `user` in its current session generation, valid for `ttlSeconds` (at most JWT_TTL). */
  sign(user: { id: string; sessionGeneration: number }, ttlSeconds: number) {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const exp = iat + Math.min(ttlSeconds, this.maxTtlSeconds);
    const accessToken = this.jwt.sign({ sub: user.id, iat, exp, gen: user.sessionGeneration });
    return { accessToken, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /**
   * A JWT (three dot-separated parts) is a user; anything else is looked up as a screen or desk-link token.
   * A refused credential is an ApiException (401); a database that cannot answer throws its own
   * error, which is not the caller's fault and must not pass for "anonymous".
   */
  async verify(token: string): Promise<Principal> {
    if (token.split('.').length === 3) {
      const claims = this.verifyUser(token);
      const account = await this.repo.account(claims.sub);
      // Roles, unit and active flags as the database has them now, not as when the token was issued.
      if (!account?.active) throw new ApiException(401, 'unauthorized');
      // The password was changed or reset since this token was signed: this session has ended.
      if (account.sessionGeneration !== claims.gen) throw new ApiException(401, 'sessionEnded');
      if (account.unitActive === false) throw new ApiException(401, 'unitInactive');
      return principalOf(account);
    }
    // Everyone knows the demo's screen tokens: accepted with DEMO=1 outside production only, whatever the database holds.
    if (isDemoKioskToken(token) && !this.options.config.wellKnownScreenTokens) throw new ApiException(401, 'unauthorized');
    const device = await this.repo.findKioskByTokenHash(sha256(token));
    if (!device) throw new ApiException(401, 'unauthorized');
    if (device.kind !== 'desk') {
      if (device.revokedAt) throw new ApiException(401, 'unauthorized');
      return {
        kind: 'kiosk',
        deviceId: device.id,
        campaignId: device.campaignId,
        sessionId: device.sessionId,
        districtId: device.districtId,
      };
    }
    // A desk link revoked or past the ceremony days: the desk says so and asks for a new link.
    if (device.revokedAt || !device.session || !device.expiresAt || device.expiresAt.getTime() <= this.clock.now().getTime())
      throw new ApiException(401, 'deskLinkEnded');
    return { kind: 'desk', deviceId: device.id, campaignId: device.campaignId, venue: device.session.venue, districtId: device.districtId };
  }

  /**
   * The user id of a well-signed, unexpired token that says when it was issued and when it expires,
   * issued no later than now (ISSUED_AT_LEEWAY_SECONDS) for no longer than JWT_TTL.
   */
  private verifyUser(token: string): { sub: string; gen: number } {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const known = this.verified.get(token);
    // jsonwebtoken's own rule: expired from the second `exp` on. A clock set back behind the issue
    // time makes the token's own check refuse it again.
    if (known && now < known.exp && known.iat <= now + ISSUED_AT_LEEWAY_SECONDS) return known;
    let payload: unknown;
    try {
      payload = this.jwt.verify(token, { clockTimestamp: now });
    } catch (err) {
      throw new ApiException(401, err instanceof TokenExpiredError ? 'tokenExpired' : 'unauthorized');
    }
    // jsonwebtoken accepts a token without `exp` as never expiring: we do not.
    const c = ZClaims.safeParse(payload);
    if (!c.success || c.data.iat > now + ISSUED_AT_LEEWAY_SECONDS || c.data.exp - c.data.iat > this.maxTtlSeconds)
      throw new ApiException(401, 'unauthorized');
    if (this.verified.size >= VERIFIED_MAX) this.verified.clear();
    const verified = { sub: c.data.sub, iat: c.data.iat, exp: c.data.exp, gen: c.data.gen ?? 0 };
    this.verified.set(token, verified);
    return verified;
  }
}

/** A role this version does not know (a newer one's, a typo in the database) grants nothing. */
const ROLES: ReadonlySet<string> = new Set(ZRole.options);
const isRole = (r: string): r is TRole => ROLES.has(r);
/** Made once: building a zod schema costs more than parsing with it (this runs on every request). */
const ZLocaleOrDefault = ZLocale.catch('zh-CN');

/** The principal the rest of the service sees: the database's account. */
export function principalOf(a: AuthAccount): UserPrincipal {
  return {
    kind: 'user',
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    roles: a.roles.filter(isRole),
    unitId: a.unitId,
    locale: ZLocaleOrDefault.parse(a.locale),
    mustChangePassword: a.mustChangePassword,
    sessionGeneration: a.sessionGeneration,
    districtId: a.districtId,
    cityId: a.cityId,
  };
}
