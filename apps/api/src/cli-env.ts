// What the operations commands (backup-cli.ts, restore-cli.ts) share: the service's configuration and the reader's language.
import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from './core/config/config.js';

/** The service's configuration as the commands need it (no JWT_SECRET is needed to back up or restore). */
export const commandConfig = (env: NodeJS.ProcessEnv = process.env): AppConfig =>
  loadConfig({ JWT_SECRET: randomBytes(32).toString('hex'), ...env });

/** English when the environment's locale says so, Chinese otherwise. */
const english = /^en\b|^en[_-]/i.test(process.env.LC_ALL ?? process.env.LC_MESSAGES ?? process.env.LANG ?? '');
export const say = (zh: string, en: string) => console.log(english ? en : zh);
export const fail = (zh: string, en: string, code = 1): never => {
  console.error(english ? en : zh);
  process.exit(code);
};
