import { Injectable } from '@nestjs/common';
import {
  accountDistricts,
  districtOf,
  inCity,
  inDistrict,
  scopedQuery,
  setCity,
  setDistrict,
  userCities,
  userDistricts,
} from '@learnweek/db';
import { Batcher } from '../batch/batcher.js';
import { Clock } from '../clock/clock.js';
import { isTransientDbError } from '../errors/db-errors.js';
import { PrismaService } from '../prisma/prisma.service.js';

/** What a signed-in request may do is read from here, not from the token's claims. */
export interface AuthAccount {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  unitId: string | null;
  locale: string;
  active: boolean;
  /** The active flag of the account's unit (null: no unit). */
  unitActive: boolean | null;
  /** Signed in with an initial or reset password: only the change of password is open. */
  mustChangePassword: boolean;
  /** Tokens signed for another generation were ended by a change or reset of the password. */
  sessionGeneration: number;
  /** The account's district (null: the city office's). */
  districtId: string | null;
  /** The city office's accounts: their city (null for a district's). */
  cityId: string | null;
}

/** How long an account read for one request also answers the next ones (this process only). */
export const ACCOUNT_CACHE_MS = 2_000;
const ACCOUNT_CACHE_MAX = 10_000;

@Injectable()
export class AuthRepository {
  /** Concurrent requests share one lookup (see Batcher): still read after each request arrived. */
  private readonly accountLookup = new Batcher<string, AuthAccount | null>(
    'account lookup',
    async (ids) => {
      // Each account is read in its own district (docs/ARCHITECTURE.md, "Tenancy"): the districts first,
      // past the policies by a look-up that returns them only, then the accounts under the policies.
      const unique = [...new Set(ids)];
      const districts = await userDistricts(this.prisma.pool, unique);
      const byDistrict = new Map<string | null, string[]>();
      for (const id of unique) {
        if (!districts.has(id)) continue;
        const d = districts.get(id) ?? null;
        byDistrict.set(d, [...(byDistrict.get(d) ?? []), id]);
      }
      const read = (some: string[]) =>
        scopedQuery<AuthAccount>(
          this.prisma.pool,
          `SELECT u."id", u."username", u."displayName", u."roles", u."unitId", u."locale", u."active", un."active" AS "unitActive", u."mustChangePassword", u."sessionGeneration", u."districtId", u."cityId"
           FROM "User" u LEFT JOIN "Unit" un ON un."id" = u."unitId"
          WHERE u."id" = ANY($1::uuid[])`,
          [some],
        );
      const rows: AuthAccount[] = [];
      // An account of no district is the city office's: read in its city (app.city_id, city_read).
      const cities = await userCities(this.prisma.pool, byDistrict.get(null) ?? []);
      for (const [d, some] of byDistrict) {
        if (d) rows.push(...(await inDistrict(d, () => read(some))).rows);
        else for (const id of some) if (cities.has(id)) rows.push(...(await inCity(cities.get(id)!, () => read([id]))).rows);
      }
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
      // A database that timed out or is down fails every lookup of the batch alike: at once, not one by one.
    },
    { failsAll: isTransientDbError },
  );
  /** Accounts read in the last ACCOUNT_CACHE_MS (by the service's clock); null: no such user. */
  private readonly cache = new Map<string, { at: number; account: AuthAccount | null }>();
  /** Moves on every `forget()`: a lookup that started before a change does not refill the cache. */
  private generation = 0;

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  /**
   * Which of these names are accounts of the district of the work (row-level security), lower-cased:
   * the sign-in throttles are kept by name before any district is known, and each district sees its own.
   */
  async accountsNamed(names: string[]): Promise<Set<string>> {
    if (names.length === 0) return new Set();
    const rows = await this.prisma.client.user.findMany({
      where: { username: { in: names, mode: 'insensitive' } },
      select: { username: true },
    });
    return new Set(rows.map((r) => r.username.toLowerCase()));
  }

  /**
   * The account of a sign-in name, in its district (found past the policies by a look-up that returns the
   * district only), which the rest of the sign-in then runs in; the city office's, in its city.
   */
  async findUserByUsername(username: string) {
    const account = (await accountDistricts(this.prisma.pool, username)).find((a) => a.byName);
    if (account?.districtId) setDistrict(account.districtId);
    else if (account) {
      const city = (await userCities(this.prisma.pool, [account.id])).get(account.id);
      if (city) setCity(city);
    }
    return this.prisma.client.user.findUnique({ where: { username }, include: { unit: { select: { active: true } } } });
  }

  /**
   * The account behind a token, on every signed-in request: roles, unit and both active flags as
   * the database has them at most ACCOUNT_CACHE_MS ago, so that a change of role, a deactivated
   * account or unit takes effect within seconds on every instance (at once on this one, which
   * `forget()`s on change).
   */
  async account(id: string): Promise<AuthAccount | null> {
    const now = this.clock.now().getTime();
    const hit = this.cache.get(id);
    if (hit && now >= hit.at && now - hit.at < ACCOUNT_CACHE_MS) return hit.account;
    const generation = this.generation;
    const account = await this.accountLookup.push(id);
    if (generation === this.generation) {
      if (this.cache.size >= ACCOUNT_CACHE_MAX) this.cache.clear();
      this.cache.set(id, { at: now, account });
    }
    return account;
  }

  /** Drops every cached account: called when a user or a unit changes in this process. */
  forget(): void {
    this.generation += 1;
    this.cache.clear();
  }

  /** The time of an account's sign-in (the city office's account is read-only to itself: not recorded). */
  async touchLogin(id: string, at: Date): Promise<void> {
    await this.prisma.client.user.updateMany({ where: { id }, data: { lastLoginAt: at } });
  }

  /**
   * A screen or desk link by its token's hash, revoked ones included (a revoked desk is told so), with its
   * venue: read in its district (found past the policies by a look-up that returns the district only).
   */
  async findKioskByTokenHash(tokenHash: string) {
    const d = await districtOf(this.prisma.pool, 'device', tokenHash);
    if (!d) return null;
    return inDistrict(d, () =>
      this.prisma.client.kioskDevice.findUnique({ where: { tokenHash }, include: { session: { select: { venue: true } } } }),
    );
  }
}
