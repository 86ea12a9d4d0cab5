import { createSecretKey } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { ApiException } from '../errors/api.exception.js';
import type { AppOptions } from '../config/app-options.js';
import type { AuthAccount, AuthRepository } from './auth.repository.js';
import { ISSUED_AT_LEEWAY_SECONDS, TokenService } from './token.service.js';

const USER = '6f1c1b5e-8a51-4c0e-9a59-0d6b3f0d8c11';
const key = (s: string) => createSecretKey(Buffer.from(s));
const SECRET = 'a-secret-of-thirty-two-characters!';
/** JWT_TTL of these tests: 8 hours, the default. */
const TTL = 8 * 3_600;
const OPTIONS = { config: { jwtTtlSeconds: TTL } } as const;
const jwtWith = (secret: string) =>
  new JwtService({ secretOrKeyProvider: () => key(secret), signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } });

function setup(account: Partial<AuthAccount> = {}) {
  const clock = new ManualClock(new Date('2026-12-01T08:00:00Z'));
  const repo = {
    account: (id: string) =>
      Promise.resolve({
        id,
        username: 'staff',
        displayName: '签到员',
        roles: ['checkinStaff'],
        unitId: null,
        locale: 'zh-CN',
        active: true,
        unitActive: null,
        mustChangePassword: false,
        sessionGeneration: 0,
        ...account,
      }),
  } as unknown as AuthRepository;
  return { clock, tokens: new TokenService(jwtWith(SECRET), clock, repo, OPTIONS as never) };
}

const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiException);
  return { status: (err as ApiException).getStatus(), code: (err as ApiException).code };
};

describe('TokenService', () => {
  it('refuses a token of an older session generation (the password changed or was reset since)', async () => {
    const { tokens } = setup({ sessionGeneration: 1 });
    const older = tokens.sign({ id: USER, sessionGeneration: 0 }, 600).accessToken;
    const current = tokens.sign({ id: USER, sessionGeneration: 1 }, 600).accessToken;
    expect(await refusal(tokens.verify(older))).toEqual({ status: 401, code: 'sessionEnded' });
    expect(await tokens.verify(current)).toMatchObject({ id: USER, sessionGeneration: 1 });
  });

  it('answers a token it has verified before up to the second before it expires, and refuses it as expired from then on', async () => {
    const { clock, tokens } = setup();
    const { accessToken } = tokens.sign({ id: USER, sessionGeneration: 0 }, 60);
    expect(await tokens.verify(accessToken)).toMatchObject({ kind: 'user', id: USER, roles: ['checkinStaff'] });
    clock.advance(59_999);
    expect(await tokens.verify(accessToken)).toMatchObject({ id: USER });
    clock.advance(1);
    expect(await refusal(tokens.verify(accessToken))).toEqual({ status: 401, code: 'tokenExpired' });
    expect(await refusal(tokens.verify(accessToken))).toEqual({ status: 401, code: 'tokenExpired' });
  });

  it('refuses a token signed with another key, or altered, after the genuine one was accepted', async () => {
    const { clock, tokens } = setup();
    const { accessToken } = tokens.sign({ id: USER, sessionGeneration: 0 }, 600);
    await tokens.verify(accessToken);
    const forged = jwtWith('another-secret-of-thirty-two-chars').sign({
      sub: USER,
      iat: 1,
      exp: Math.floor(clock.now().getTime() / 1000) + 600,
    });
    expect(await refusal(tokens.verify(forged))).toEqual({ status: 401, code: 'unauthorized' });
    const [head, body, sig] = accessToken.split('.') as [string, string, string];
    const altered = `${head}.${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(await refusal(tokens.verify(altered))).toEqual({ status: 401, code: 'unauthorized' });
  });

  it('refuses the demo’s well-known screen tokens unless the configuration accepts them (DEMO=1, not production)', async () => {
    const clock = new ManualClock(new Date('2026-12-01T08:00:00Z'));
    const repo = { findKioskByTokenHash: () => Promise.resolve({ id: 'device', campaignId: 'campaign' }) } as unknown as AuthRepository;
    const withConfig = (wellKnownScreenTokens: boolean) =>
      new TokenService(jwtWith('a-secret-of-thirty-two-characters!'), clock, repo, {
        config: { ...OPTIONS.config, wellKnownScreenTokens },
      } as AppOptions);
    expect(await refusal(withConfig(false).verify('demo-kiosk-2026'))).toEqual({ status: 401, code: 'unauthorized' });
    expect(await refusal(setup().tokens.verify('demo-kiosk-2026'))).toEqual({ status: 401, code: 'unauthorized' });
    expect(await withConfig(true).verify('demo-kiosk-2026')).toEqual({ kind: 'kiosk', deviceId: 'device', campaignId: 'campaign' });
    // A screen an organizer issued is not concerned.
    expect(await withConfig(false).verify('kiosk_issued-by-the-organizer')).toEqual({
      kind: 'kiosk',
      deviceId: 'device',
      campaignId: 'campaign',
    });
  });

  it('reads the account on every use: a deactivated one is refused although its token was verified before', async () => {
    let active = true;
    const clock = new ManualClock(new Date('2026-12-01T08:00:00Z'));
    const repo = {
      account: (id: string) =>
        Promise.resolve({
          id,
          username: 'staff',
          displayName: '签到员',
          roles: ['checkinStaff'],
          unitId: null,
          locale: 'en',
          active,
          unitActive: null,
          mustChangePassword: false,
          sessionGeneration: 0,
        }),
    } as unknown as AuthRepository;
    const tokens = new TokenService(jwtWith(SECRET), clock, repo, OPTIONS as never);
    const { accessToken } = tokens.sign({ id: USER, sessionGeneration: 0 }, 600);
    expect(await tokens.verify(accessToken)).toMatchObject({ locale: 'en' });
    active = false;
    expect(await refusal(tokens.verify(accessToken))).toEqual({ status: 401, code: 'unauthorized' });
  });

  it('refuses a token signed with the real secret for longer than JWT_TTL, or issued in the future', async () => {
    const { clock, tokens } = setup();
    const now = Math.floor(clock.now().getTime() / 1000);
    const real = jwtWith(SECRET);
    expect(await tokens.verify(real.sign({ sub: USER, iat: now, exp: now + TTL }))).toMatchObject({ id: USER });
    const tenYears = real.sign({ sub: USER, iat: now, exp: now + 10 * 365 * 86_400 });
    expect(await refusal(tokens.verify(tenYears))).toEqual({ status: 401, code: 'unauthorized' });
    const oneSecondTooLong = real.sign({ sub: USER, iat: now - 10, exp: now - 10 + TTL + 1 });
    expect(await refusal(tokens.verify(oneSecondTooLong))).toEqual({ status: 401, code: 'unauthorized' });
    // Another instance's clock a little ahead is fine; a day ahead is not.
    expect(
      await tokens.verify(real.sign({ sub: USER, iat: now + ISSUED_AT_LEEWAY_SECONDS, exp: now + ISSUED_AT_LEEWAY_SECONDS + 60 })),
    ).toMatchObject({ id: USER });
    const future = real.sign({ sub: USER, iat: now + 86_400, exp: now + 86_400 + 60 });
    expect(await refusal(tokens.verify(future))).toEqual({ status: 401, code: 'unauthorized' });
  });

  it('signs for at most JWT_TTL whatever is asked', () => {
    const { clock, tokens } = setup();
    const { expiresAt } = tokens.sign({ id: USER, sessionGeneration: 0 }, 10 * TTL);
    expect(Date.parse(expiresAt) - clock.now().getTime()).toBe(TTL * 1000);
  });

  it('refuses a token minted while the clock had jumped ahead once the clock is back, even after it was accepted', async () => {
    const { clock, tokens } = setup();
    const before = clock.now();
    clock.advance(2 * 86_400_000);
    const { accessToken } = tokens.sign({ id: USER, sessionGeneration: 0 }, 600);
    expect(await tokens.verify(accessToken)).toMatchObject({ id: USER });
    clock.set(before);
    expect(await refusal(tokens.verify(accessToken))).toEqual({ status: 401, code: 'unauthorized' });
  });
});
