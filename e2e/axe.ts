import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { animationsFinished } from './animations.js';

/**
 * Holds or releases the toasts on the page as a pointer resting on them does (Element Plus stops a
 * message's close timer on mouseenter and restarts it on mouseleave): a toast that began to fade
 * while axe was reading the page read as a low-contrast one (a CI run saw 2.25:1 on a success toast).
 */
async function holdToasts(page: Page, hold: boolean): Promise<void> {
  await page.evaluate(
    (type) => {
      document.querySelectorAll('.el-message').forEach((toast) => toast.dispatchEvent(new MouseEvent(type)));
    },
    hold ? 'mouseenter' : 'mouseleave',
  );
}

/** The page, once nothing on it is moving, passes axe-core with no serious or critical violation (each listed with where it is). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await holdToasts(page, true);
  await animationsFinished(page);
  const { violations } = await new AxeBuilder({ page }).analyze();
  await holdToasts(page, false);
  const severe = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.nodes
          .slice(0, 4)
          .map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`)
          .join(' | ')}`,
    );
  expect(severe, what).toEqual([]);
}
