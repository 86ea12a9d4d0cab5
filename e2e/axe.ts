import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { animationsFinished } from './animations.js';

/** The page, once nothing on it is moving, passes axe-core with no serious or critical violation (each listed with where it is). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await animationsFinished(page);
  const { violations } = await new AxeBuilder({ page }).analyze();
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
