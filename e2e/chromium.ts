import type { BrowserContext, BrowserContextOptions } from 'playwright-core';
import { chromium, selectors } from 'playwright-core';

// The apps mark what tests look for with data-test.
selectors.setTestIdAttribute('data-test');

/** What a phone emulation sets; fixed when the browser starts (isMobile cannot change later). */
export type TDevice = Pick<BrowserContextOptions, 'viewport' | 'isMobile' | 'hasTouch' | 'deviceScaleFactor'>;

/** A 390×844 touch phone, as coordinators, approvers and residents use the pages. */
export const PHONE: TDevice = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** A fresh headless Chromium with its profile in `dir`; the people using it are in China: it shows and types China time. */
export function launchChromium(dir: string, device?: TDevice): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, {
    ...device,
    timezoneId: 'Asia/Shanghai',
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
