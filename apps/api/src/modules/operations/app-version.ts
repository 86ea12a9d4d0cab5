import { readFileSync } from 'node:fs';

/** The API package's version (src and dist are at the same depth), recorded in every backup. */
export const APP_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
