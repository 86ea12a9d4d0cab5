import type { AppConfig } from './config.js';

export const APP_OPTIONS = Symbol('APP_OPTIONS');

/** What the service is started with: its configuration and the database it got. */
export interface AppOptions {
  config: AppConfig;
  databaseUrl: string;
  /** The tables' owner (backups dump every district as it); unset: databaseUrl. */
  databaseOwnerUrl?: string;
  poolMax: number;
  /** The embedded single-process database: no other instance can exist, so no advisory locks. */
  embedded: boolean;
  /** Failed sign-ins allowed per minute from one client address, whatever the accounts. */
  loginLimitPerMinute: number;
  /**
   * Failed sign-ins to one account, from anywhere, within an hour of the first: then it is under
   * attack (its owner is told; every address gets fewer free tries). It never locks the account.
   */
  loginFailuresPerAccount: number;
  /** Self check-ins allowed per minute per client address. */
  checkinLimitPerMinute: number;
  /** New people a minute one client address checks in before the rest are held for review (a venue's queue behind one Wi-Fi stays under it). */
  checkinHoldAfterPerMinute: number;
  /** Run the deadline tick at start-up and on its cron (off in tests that drive it). */
  scheduler: boolean;
}
