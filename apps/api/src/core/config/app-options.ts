import type { AppConfig } from './config.js';

export const APP_OPTIONS = Symbol('APP_OPTIONS');

/** What the service is started with: its configuration and the database it got. */
export interface AppOptions {
  config: AppConfig;
  databaseUrl: string;
  poolMax: number;
  /** The embedded single-process database: no other instance can exist, so no advisory locks. */
  embedded: boolean;
  /** Sign-in attempts allowed per minute per address and username. */
  loginLimitPerMinute: number;
  /** Self check-ins allowed per minute per client address. */
  checkinLimitPerMinute: number;
  /** Run the deadline tick at start-up and on its cron (off in tests that drive it). */
  scheduler: boolean;
}
