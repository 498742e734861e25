/// <reference lib="dom" />
import { expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { SCREENSHOTS } from './chromium.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core on the page as it is: no serious or critical violation; screenshots of the whole page and
 * of its top as `<name>.png` and `<name>-top.png`. The page must bypass CSP (axe is injected inline).
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.addScriptTag({ content: AXE });
  const { passes, violations } = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<Record<string, Array<Record<string, unknown>>>> } })
      .axe;
    const result = await axe.run();
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) => ({ id: v.id, impact: v.impact })),
    };
  })) as { passes: number; violations: Array<{ id: string; impact: string }> };
  expect(passes).toBeGreaterThan(5);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-top.png`) });
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
}
