import { describe, expect, it } from 'vitest';

import { chromiumPath, explorerBed } from './browser/browser.js';

// The explorer on a small screen: 800 × 600 is the smallest the README promises.
describe.skipIf(!chromiumPath)('the explorer at 800 × 600', { timeout: 300_000 }, () => {
  const bed = explorerBed();

  it('fits: no sideways scrolling, the canvas on screen, every toolbar control within the width', async () => {
    const context = await bed.browser.newContext({ viewport: { width: 800, height: 600 } });
    const page = await context.newPage();
    await page.goto(`${bed.base()}/explore`);
    await page.waitForSelector('#cy canvas');
    const layout = await page.evaluate(() => {
      interface Shown {
        id: string;
        offsetParent: unknown;
        getBoundingClientRect(): { top: number; right: number; width: number; height: number };
      }
      const box = (selector: string) => (document.querySelector(selector) as unknown as Shown).getBoundingClientRect();
      const controls = Array.from(document.querySelectorAll('header button, header input, header select'))
        .map((e) => e as unknown as Shown)
        .filter((e) => e.offsetParent !== null)
        .map((e) => ({ id: e.id, right: e.getBoundingClientRect().right }));
      const { top, right, width, height } = box('#cy');
      return {
        scrollWidth: document.documentElement.scrollWidth,
        canvas: { top, right, width, height },
        search: { width: box('#search').width },
        controls,
      };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(800);
    expect(layout.canvas.width).toBeGreaterThanOrEqual(300);
    expect(layout.canvas.height).toBeGreaterThanOrEqual(250);
    expect(layout.canvas.top).toBeLessThan(600);
    expect(layout.canvas.right).toBeLessThanOrEqual(800);
    expect(layout.search.width).toBeGreaterThan(0);
    expect(layout.controls.length).toBeGreaterThan(5);
    expect(layout.controls.filter((c) => c.right > 800).map((c) => c.id)).toEqual([]);
    await context.close();
  });
});
