import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { getStorageToken, type ThrottlerStorage } from '@nestjs/throttler';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { ApiException } from '../../core/errors/api.exception.js';
import { CheckinRepository } from './checkin.repository.js';

/** People one phone may check in at one venue: a family, a couple with grandparents (docs/PRODUCT.md, 签到). */
export const PEOPLE_PER_DEVICE = 6;

/** A name as a person key takes it: spaces and width variants do not make another person. */
const nameKey = (name: string) => name.normalize('NFKC').replace(/\s+/g, '');

/**
 * The person a self check-in without a phone number counts: the device and the name, so that a
 * family sharing one phone is each counted once, and the same name from the same phone is one.
 */
export const devicePersonKey = (deviceKey: string, name: string) => `device:${deviceKey}:${nameKey(name)}`;

/**
 * The rules that make a self check-in count a person rather than a request (docs/PRODUCT.md, 签到):
 * - one phone checks in at most PEOPLE_PER_DEVICE people at a venue (429 beyond, in words a resident reads);
 * - one client address sending more new people a minute than a venue's queue does (a whole venue
 *   behind one Wi-Fi included: `checkinHoldAfterPerMinute`, 30 by default) has the rest held for the
 *   organiser's review instead of counted. The count is kept where the request limits are (Redis
 *   when set: the whole deployment), per session and address.
 * The device key is the client's own: the address rule is the one a script cannot step around
 * (the address is the proxy's X-Forwarded-For only when TRUST_PROXY names that proxy).
 */
@Injectable()
export class SelfCheckinPolicy {
  constructor(
    private readonly repo: CheckinRepository,
    @Inject(getStorageToken()) private readonly storage: ThrottlerStorage,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  /** 429 when this device has checked in PEOPLE_PER_DEVICE others at this session already. */
  async assertDeviceRoom(sessionId: string, deviceKey: string, personKey: string): Promise<void> {
    const keys = await this.repo.devicePeople(sessionId, `device:${deviceKey}:`, PEOPLE_PER_DEVICE + 1);
    if (keys.length >= PEOPLE_PER_DEVICE && !keys.includes(personKey)) throw new ApiException(429, 'checkinDeviceFull');
  }

  /**
   * Counts a self check-in from this address in the minute of `now` (the injected clock's: a
   * fixed window per session, address and minute, kept under the session's district:
   * docs/ARCHITECTURE.md, "Tenancy"); true when it is past the minute's allowance.
   */
  async isBurst(session: { id: string; districtId: string }, address: string, now: Date): Promise<boolean> {
    const limit = this.options.checkinHoldAfterPerMinute;
    const minute = Math.floor(now.getTime() / 60_000);
    const key = `${session.districtId}:${session.id}:${address}:${minute}`;
    const { totalHits } = await this.storage.increment(key, 120_000, limit, 0, 'checkin-people');
    return totalHits > limit;
  }
}

/** An address as the review shows it: a short keyed hash (holds from one address share it; the address itself is not kept). */
export const addressTag = (secret: string, address: string) => createHmac('sha256', secret).update(address).digest('hex').slice(0, 8);
