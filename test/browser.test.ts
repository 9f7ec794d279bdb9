/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';

import { MultiDirectedGraph } from 'graphology';
import { parse as parseGraphML } from 'graphology-graphml';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { chromiumPath, ensureWebBuilt, launch, localPage, shot, SHOTS } from './browser/browser.js';
import { startTestServer, type TestServer } from './helpers.js';
import { waitUntil } from './wait.js';

interface ExplorerWindow {
  explorer: {
    cy: {
      nodes(): { length: number; map<T>(fn: (n: { id(): string; data(key: string): unknown }) => T): T[] };
      edges(): { length: number };
      getElementById(id: string): {
        renderedPosition(): { x: number; y: number };
        data(key: string): unknown;
        length: number;
      };
      $(selector: string): { length: number; map<T>(fn: (e: { id(): string }) => T): T[] };
    };
    state: { expanded: Set<string>; busy: number; mode: string };
  };
}

// Chromium comes from Debian (apt-get install chromium); see test/browser/browser.ts.
// Each step waits for an event in the page; the generous timeouts only bound a run that would hang.
describe.skipIf(!chromiumPath)('in the browser', { timeout: 300_000 }, () => {
  let t: TestServer;
  let browser: Browser;
  const base = (): string => t.server.url.replace(/\/graphql$/, '');

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
    await t.close();
  });

  const idle = (page: Page): Promise<unknown> =>
    page.waitForFunction(() => (window as unknown as ExplorerWindow).explorer.state.busy === 0);
  const nodeIds = (page: Page): Promise<string[]> =>
    page.evaluate(() => (window as unknown as ExplorerWindow).explorer.cy.nodes().map((n) => n.id()));
  const highlighted = (page: Page): Promise<string[]> =>
    page.evaluate(() => (window as unknown as ExplorerWindow).explorer.cy.$('.highlighted').map((e) => e.id()));

  describe('the playground', () => {
    it('opens offline with the schema and every example as a tab, and runs a query', async () => {
      const { page, external, errors } = await localPage(browser);
      const examples = fs
        .readdirSync(path.join(process.cwd(), 'web', 'examples'))
        .filter((f) => f.endsWith('.graphql'));
      // Browsers asking /graphql for a page get the playground too.
      const res = await page.goto(`${base()}/graphql`);
      expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
      await page.waitForSelector('.graphiql-tab');
      await page.waitForFunction((n) => document.querySelectorAll('.graphiql-tab').length === n, examples.length);
      // Monaco starts its editors after the tabs render: wait until the query is in the editor.
      await page.waitForFunction(() =>
        document.querySelector('.graphiql-query-editor')?.textContent.includes('BRANCH_ENTERPRISE_BASE'),
      );
      // A click that lands while GraphiQL still loads the schema is dropped: click again whenever
      // the button offers to execute (never while it offers to stop the running query) until the
      // answer shows, however long a loaded machine takes.
      await waitUntil(
        'GraphiQL to show the answer to the example query',
        async () => {
          const shown = await page.evaluate(
            () => document.querySelector('.graphiql-response')?.textContent.includes('totalCount') === true,
          );
          if (shown) return true;
          const label = await page.getAttribute('.graphiql-execute-button', 'aria-label');
          if (label?.startsWith('Execute')) await page.click('.graphiql-execute-button');
          return false;
        },
        { everyMs: 1_000 },
      );
      const response = await page.textContent('.graphiql-response');
      expect(response).toContain('PARTNERS_WITH');
      expect(response).toContain('PARTY_ORGANIZATION');
      await shot(page, '01-playground');
      // The schema documentation is there, offline.
      await page.click('[aria-label="Show Documentation Explorer"]');
      await page.waitForSelector('.graphiql-doc-explorer');
      await shot(page, '02-playground-docs');
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  });

  describe('the network explorer', () => {
    let page: Page;
    let external: string[];
    let errors: string[];

    beforeAll(async () => {
      ({ page, external, errors } = await localPage(browser));
      await page.goto(`${base()}/explore`);
      await page.waitForSelector('body[data-ready="true"]');
    });
    afterAll(async () => {
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('finds 城北村 from pinyin and draws its neighbourhood, with its properties in the side panel', async () => {
      await page.keyboard.press('/');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
      await page.keyboard.type('chengbei');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#results li');
      expect(await page.getAttribute('#results li', 'data-id')).toBe('Village:620423101203');
      await page.focus('#results li');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() =>
        (window as unknown as ExplorerWindow).explorer.state.expanded.has('Village:620423101203'),
      );
      await idle(page);
      const ids = await nodeIds(page);
      expect(ids).toContain('Village:620423101203');
      expect(ids).toContain('PartyOrganization:village-620423101203');
      expect(ids.length).toBeGreaterThan(10);
      await page.waitForFunction(() => document.querySelector('#details h3')?.textContent === '城北村');
      expect(await page.textContent('#details')).toContain('620423101203');
      await shot(page, '03-explorer-search');
    });

    it('expands a node when it is clicked', async () => {
      const before = (await nodeIds(page)).length;
      const target = 'PartyOrganization:village-620423101203';
      const box = await page.locator('#cy').boundingBox();
      const pos = await page.evaluate(
        (id) => (window as unknown as ExplorerWindow).explorer.cy.getElementById(id).renderedPosition(),
        target,
      );
      await page.mouse.click((box?.x ?? 0) + pos.x, (box?.y ?? 0) + pos.y);
      await page.waitForFunction((id) => (window as unknown as ExplorerWindow).explorer.state.expanded.has(id), target);
      await idle(page);
      expect((await nodeIds(page)).length).toBeGreaterThan(before);
      await page.waitForFunction(() => document.querySelector('#details h3')?.textContent === '城北村党组织');
      expect(await page.textContent('#details')).toContain('synthetic');
      expect(await page.textContent('#details blockquote')).toContain('一肩挑');
      await shot(page, '04-explorer-expanded');
    });

    it('switches labels to pinyin and keeps the view in the URL', async () => {
      await page.selectOption('#label-mode', 'pinyin');
      const label = await page.evaluate(() =>
        (window as unknown as ExplorerWindow).explorer.cy.getElementById('Village:620423101203').data('display'),
      );
      expect(label).toBe('chéng běi cūn');
      const url = new URL(page.url());
      expect(url.searchParams.get('ids')?.split(',')).toEqual([
        'Village:620423101203',
        'PartyOrganization:village-620423101203',
      ]);
      expect(url.searchParams.get('label')).toBe('pinyin');

      const { page: shared } = await localPage(browser);
      await shared.goto(url.toString());
      await shared.waitForSelector('body[data-ready="true"]');
      expect((await nodeIds(shared)).sort()).toEqual((await nodeIds(page)).sort());
      expect(await shared.inputValue('#label-mode')).toBe('pinyin');
      await shared.context().close();
      await page.selectOption('#label-mode', 'zh');
    });

    it('lists and highlights the 支部+龙头企业+基地 chains', async () => {
      await page.click('button[data-mode="chains"]');
      await page.click('#load-chains');
      await page.waitForSelector('#chains li');
      await idle(page);
      const count = await page.locator('#chains li').count();
      expect(await page.textContent('#chain-count')).toMatch(/^\d+ chains$/);
      expect(count).toBe(Math.min(100, Number((await page.textContent('#chain-count'))?.split(' ')[0])));
      expect((await highlighted(page)).length).toBeGreaterThan(count);
      await shot(page, '05-explorer-chains');
      await page.click('#chains li >> nth=0');
      const one = await highlighted(page);
      expect(one).toHaveLength(5);
      expect(one.filter((id) => id.startsWith('Enterprise:'))).toHaveLength(1);
      await shot(page, '06-explorer-one-chain');
    });

    it('highlights the shortest path between two picked entities', async () => {
      await page.fill('#search', '城北村');
      await page.press('#search', 'Enter');
      await page.waitForFunction(() => document.querySelector('#status')?.textContent.includes('results for “城北村”'));
      await page.waitForSelector('#results li[data-id="Village:620423101203"]');
      await page.click('#results li[data-id="Village:620423101203"] >> text=From');
      await page.fill('#search', '三道埫村');
      await page.press('#search', 'Enter');
      await page.waitForSelector('#results li[data-id="Village:620423203201"]');
      await page.click('#results li[data-id="Village:620423203201"] >> text=To');
      expect(await page.getAttribute('button[data-mode="path"]', 'aria-pressed')).toBe('true');
      await page.click('#find-path');
      await page.waitForFunction(() => document.querySelector('#path-result')?.textContent.includes('hops'));
      const hops = Number(/^(\d+) hops/.exec((await page.textContent('#path-result')) ?? '')?.[1]);
      expect(hops).toBeGreaterThan(0);
      const lit = await highlighted(page);
      expect(lit).toHaveLength(2 * hops + 1);
      expect(lit).toContain('Village:620423101203');
      expect(lit).toContain('Village:620423203201');
      await shot(page, '07-explorer-path');
    });

    it('exports the view as PNG, Cytoscape JSON and GraphML that parse', async () => {
      fs.mkdirSync(SHOTS, { recursive: true });
      const save = async (button: string, name: string): Promise<Buffer> => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
        const file = path.join(SHOTS, name);
        await download.saveAs(file);
        return fs.readFileSync(file);
      };
      const drawn = await nodeIds(page);
      const png = await save('#export-png', 'export.png');
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      const json = JSON.parse((await save('#export-json', 'export.json')).toString('utf8')) as {
        elements: { nodes: unknown[]; edges: unknown[] };
      };
      expect(json.elements.nodes).toHaveLength(drawn.length);
      const graph = parseGraphML(
        MultiDirectedGraph,
        (await save('#export-graphml', 'export.graphml')).toString('utf8'),
      );
      expect(graph.order).toBe(drawn.length);
      expect(graph.size).toBe(
        await page.evaluate(() => (window as unknown as ExplorerWindow).explorer.cy.edges().length),
      );
      expect(graph.getNodeAttribute('Village:620423101203', 'label')).toBe('城北村');
    });
  });
});
