import type { Page } from 'playwright-core';

/**
 * Waits until dialogs, tabs, tags and toasts have finished moving (looping spinners aside): a
 * screenshot mid-transition shows ghosts, and axe reads a fading element's contrast as it is
 * mid-fade.
 */
export async function animationsFinished(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}
