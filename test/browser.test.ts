/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';

import { MultiDirectedGraph } from 'graphology';
import { parse as parseGraphML } from 'graphology-graphml';
import type { Core } from 'cytoscape';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { chromiumPath, docShot, explorerBed, localPage, shot, SHOTS } from './browser/browser.js';
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

interface ScaleWindow {
  explorer: {
    cy: Core;
    state: {
      busy: number;
      labelled: number;
      chains: { nodes: { id: string }[]; relationships: { id: string }[] }[];
    };
  };
}

// Chromium comes from Debian (apt-get install chromium); see test/browser/browser.ts.
// Each step waits for an event in the page; the generous timeouts only bound a run that would hang.
describe.skipIf(!chromiumPath)('in the browser', { timeout: 300_000 }, () => {
  const bed = explorerBed();
  const { base } = bed;

  const idle = (page: Page): Promise<unknown> =>
    page.waitForFunction(() => (window as unknown as ExplorerWindow).explorer.state.busy === 0);
  const nodeIds = (page: Page): Promise<string[]> =>
    page.evaluate(() => (window as unknown as ExplorerWindow).explorer.cy.nodes().map((n) => n.id()));
  const highlighted = (page: Page): Promise<string[]> =>
    page.evaluate(() => (window as unknown as ExplorerWindow).explorer.cy.$('.highlighted').map((e) => e.id()));

  /**
   * Clicks an element with the mouse where Cytoscape's own hit test finds it (a node or another
   * link may lie over its centre in a dense drawing).
   */
  const clickElement = async (page: Page, id: string): Promise<void> => {
    const point = await page.evaluate((target) => {
      const { cy } = (window as unknown as ScaleWindow).explorer;
      const ele = cy.getElementById(target);
      const node = cy.nodes().getElementById(target);
      const renderer = (
        cy as unknown as { renderer(): { findNearestElement(x: number, y: number, t: boolean, d: boolean): unknown } }
      ).renderer();
      const candidates: { x: number; y: number }[] = [];
      if (ele.isEdge()) {
        const [s, t] = [ele.renderedSourceEndpoint(), ele.renderedTargetEndpoint()];
        candidates.push(ele.renderedMidpoint());
        for (const f of [0.4, 0.6, 0.3, 0.7, 0.2, 0.8])
          candidates.push({ x: s.x + f * (t.x - s.x), y: s.y + f * (t.y - s.y) });
      } else {
        // A grid over the node's body: concave shapes (vee, star) are not hit at every point.
        const p = node.renderedPosition();
        const [w, h] = [node.renderedWidth(), node.renderedHeight()];
        for (const fy of [0, 0.2, -0.2, 0.35, -0.35])
          for (const fx of [0, 0.2, -0.2, 0.35, -0.35]) candidates.push({ x: p.x + fx * w, y: p.y + fy * h });
      }
      return candidates.find((c) => {
        // The renderer hit-tests in model coordinates, as it does for a real click.
        const [pan, zoom] = [cy.pan(), cy.zoom()];
        const hit = renderer.findNearestElement((c.x - pan.x) / zoom, (c.y - pan.y) / zoom, true, false) as
          { id(): string } | undefined;
        return hit?.id() === target;
      });
    }, id);
    if (!point) throw new Error(`${id} is covered everywhere`);
    const box = await page.locator('#cy').boundingBox();
    await page.mouse.click((box?.x ?? 0) + point.x, (box?.y ?? 0) + point.y);
  };

  describe('the playground', () => {
    it('opens offline with the schema and every example as a tab, and runs a query', async () => {
      const { page, external, errors } = await localPage(bed.browser);
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
      ({ page, external, errors } = await localPage(bed.browser));
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

    it('shows a link’s role, since, until, level and evidence sentence when it is clicked', async () => {
      const edgeId = await page.evaluate(() => {
        const { cy } = (window as unknown as ScaleWindow).explorer;
        const edges = cy.edges('[type = "STATIONED_IN"]');
        cy.fit(edges.connectedNodes(), 150);
        return edges.first().id();
      });
      expect(edgeId).toMatch(/^STATIONED_IN:/);
      await clickElement(page, edgeId);
      await page.waitForSelector('#edge-properties');
      const keys = await page.$$eval('#edge-properties dt', (dts) => dts.map((d) => (d as HTMLElement).dataset.key));
      expect(keys).toEqual(expect.arrayContaining(['level', 'since', 'until']));
      const dd = await page.$$eval('#edge-properties dd', (dds) => dds.map((d) => d.textContent));
      expect(dd.some((t) => /^\d{4}(-\d{2})?/.test(t))).toBe(true);
      // The evidence is its sentence and document, not an id.
      await page.waitForSelector('#details blockquote');
      const quote = (await page.textContent('#details blockquote')) ?? '';
      expect(quote).not.toContain('Sentence:');
      expect(quote).toMatch(/—.+\(\d{4}-\d{2}-\d{2}\)/);
      // Its type is drawn on the selected link only; the ten reserve cadres are one group node.
      const labelled = await page.evaluate(() =>
        (window as unknown as ScaleWindow).explorer.cy
          .edges()
          .filter((e) => String(e.style('label')) !== '')
          .map((e) => e.id()),
      );
      expect(labelled).toEqual([edgeId]);
      const groups = await page.evaluate(() =>
        (window as unknown as ScaleWindow).explorer.cy.nodes('[?group]').map((g) => String(g.data('display'))),
      );
      expect(groups).toContain('后备干部 ×10');
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

      const { page: shared } = await localPage(bed.browser);
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
      expect(count).toBe(Number((await page.textContent('#chain-count'))?.split(' ')[0]));
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
      const hops = Number(/(\d+) hops/.exec((await page.textContent('#path-result')) ?? '')?.[1]);
      expect(hops).toBeGreaterThan(0);
      const lit = await highlighted(page);
      expect(lit).toHaveLength(2 * hops + 1);
      expect(lit).toContain('Village:620423101203');
      expect(lit).toContain('Village:620423203201');
      await shot(page, '07-explorer-path');
    });

    it('restores a path view from its URL: the same path is drawn, along the chosen relations only', async () => {
      await page.selectOption('#path-relations', ['PART_OF', 'GOVERNS', 'LOCATED_IN', 'HOLDS_POST']);
      await page.click('#find-path');
      await page.waitForFunction(() => document.querySelector('#paths li')?.getAttribute('aria-current') === 'true');
      await idle(page);
      const lit = (await highlighted(page)).sort();
      const types = await page.evaluate(
        (ids) =>
          ids
            .map((id) => (window as unknown as ScaleWindow).explorer.cy.getElementById(id))
            .filter((e) => e.isEdge())
            .map((e) => String(e.data('type'))),
        lit,
      );
      expect(types.length).toBeGreaterThan(0);
      for (const t of types) expect(['PART_OF', 'GOVERNS', 'LOCATED_IN', 'HOLDS_POST']).toContain(t);
      const url = new URL(page.url());
      expect(url.searchParams.get('from')).toBe('Village:620423101203');
      expect(url.searchParams.get('to')).toBe('Village:620423203201');

      const { page: shared, errors: sharedErrors } = await localPage(bed.browser);
      await shared.goto(url.toString());
      await shared.waitForSelector('body[data-ready="true"]');
      expect((await highlighted(shared)).sort()).toEqual(lit);
      expect(await shared.textContent('#path-result')).toBe(await page.textContent('#path-result'));
      expect(sharedErrors).toEqual([]);
      await shared.context().close();
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
      // GraphML holds the entities (also those folded into group nodes) and their links.
      const entities = await page.evaluate(() => {
        const { cy } = (window as unknown as ScaleWindow).explorer;
        return { nodes: cy.nodes('[!group]').length, edges: cy.edges('[!group]').length };
      });
      expect(graph.order).toBe(entities.nodes);
      expect(graph.size).toBe(entities.edges);
      expect(graph.getNodeAttribute('Village:620423101203', 'label')).toBe('城北村');
    });
  });

  describe('the explorer at scale', () => {
    let page: Page;
    let external: string[];
    let errors: string[];
    let townships: string[];

    /** Labels drawn in the viewport, and how many pairs of their rendered boxes overlap. */
    const labelOverlaps = (p: Page): Promise<{ shown: string[]; pairs: number }> =>
      p.evaluate(() => {
        const { cy } = (window as unknown as ScaleWindow).explorer;
        const shown = cy
          .nodes(':visible')
          .filter((n) => String(n.style('label')) !== '')
          .map((n) => ({
            id: n.id(),
            box: n.renderedBoundingBox({
              includeNodes: false,
              includeEdges: false,
              includeLabels: true,
              includeOverlays: false,
            }),
          }))
          .filter(({ box }) => box.x2 > 0 && box.y2 > 0 && box.x1 < cy.width() && box.y1 < cy.height());
        let pairs = 0;
        shown.forEach(({ box: a }, i) => {
          for (const { box: b } of shown.slice(i + 1)) {
            if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) pairs += 1;
          }
        });
        return { shown: shown.map((s) => s.id), pairs };
      });

    beforeAll(async () => {
      ({ page, external, errors } = await localPage(bed.browser));
      await page.goto(`${base()}/explore`);
      await page.waitForSelector('body[data-ready="true"]');
      townships = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLOptionElement>('#chain-within option'), (o) => o.value).filter(
          Boolean,
        ),
      );
    });
    afterAll(async () => {
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it('keeps nine expanded townships (300+ nodes) readable: labels that fit, groups, no edge labels', async () => {
      expect(townships.length).toBeGreaterThanOrEqual(9);
      await page.goto(`${base()}/explore?ids=${townships.slice(0, 9).join(',')}`);
      await page.waitForSelector('body[data-ready="true"]');
      const view = await page.evaluate(() => {
        const { cy } = (window as unknown as ScaleWindow).explorer;
        return {
          entities: cy.nodes('[!group]').length,
          groups: cy.nodes('[?group]').map((g) => ({
            label: String(g.data('display')),
            count: Number(g.data('count')),
            hidden: (g.data('members') as string[]).filter((id) => !cy.getElementById(id).visible()).length,
          })),
          edgeLabels: cy.edges(':visible').filter((e) => String(e.style('label')) !== '').length,
        };
      });
      expect(view.entities).toBeGreaterThanOrEqual(300);
      // Many same-kind leaves become one group node with a count, its members not drawn.
      expect(view.groups.length).toBeGreaterThan(0);
      for (const g of view.groups) {
        expect(g.label).toMatch(new RegExp(`×${String(g.count)}$`));
        expect(g.hidden).toBe(g.count);
      }
      expect(view.edgeLabels).toBe(0);
      const { shown, pairs } = await labelOverlaps(page);
      expect(pairs).toBeLessThan(5);
      // Not readable by showing nothing: every expanded township keeps its name on screen.
      for (const id of townships.slice(0, 9)) expect(shown).toContain(id);
      expect(shown.length).toBeGreaterThanOrEqual(20);
      await shot(page, '08-explorer-300-nodes');
      await docShot(page, 'explorer-300-nodes');

      // Zooming in reveals names that had no room, still without overlaps.
      const before = await page.evaluate(() => (window as unknown as ScaleWindow).explorer.state.labelled);
      await page.evaluate(() => {
        const { cy } = (window as unknown as ScaleWindow).explorer;
        cy.zoom({ level: cy.zoom() * 3, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
      });
      await page.waitForFunction((n) => (window as unknown as ScaleWindow).explorer.state.labelled > n, before);
      const zoomed = await labelOverlaps(page);
      expect(zoomed.pairs).toBeLessThan(5);
      expect(zoomed.shown.filter((id) => !shown.includes(id)).length).toBeGreaterThan(0);
    });

    it('opens a group node into its members when clicked', async () => {
      const group = await page.evaluate(() => {
        const { cy } = (window as unknown as ScaleWindow).explorer;
        const g = cy.nodes('[?group]').first();
        cy.fit(g, 200);
        return { id: g.id(), members: g.data('members') as string[] };
      });
      await page.waitForFunction(() => (window as unknown as ScaleWindow).explorer.state.busy === 0);
      await clickElement(page, group.id);
      await page.waitForFunction(
        (id) => (window as unknown as ScaleWindow).explorer.cy.getElementById(id).length === 0,
        group.id,
      );
      const visible = await page.evaluate(
        (ids) => ids.filter((id) => (window as unknown as ScaleWindow).explorer.cy.getElementById(id).visible()).length,
        group.members,
      );
      expect(visible).toBe(group.members.length);
      // Undo folds them again.
      await page.click('#undo');
      expect(
        await page.evaluate((id) => (window as unknown as ScaleWindow).explorer.cy.getElementById(id).length, group.id),
      ).toBe(1);
    });

    it('draws the hierarchy top down: county above townships above their villages', async () => {
      await page.selectOption('#layout-mode', 'hierarchy');
      const ys = await page.evaluate((town) => {
        const { cy } = (window as unknown as ScaleWindow).explorer;
        const t = cy.getElementById(town);
        const village = t.neighborhood().nodes('[kind = "VILLAGE"]').first();
        const county = t.neighborhood().nodes('[kind = "COUNTY"]');
        return { county: county.map((c) => c.position().y), township: t.position().y, village: village.position().y };
      }, String(townships[0]));
      expect(ys.county).toHaveLength(1);
      expect(ys.county[0]).toBeLessThan(ys.township);
      expect(ys.township).toBeLessThan(ys.village);
      expect(new URL(page.url()).searchParams.get('layout')).toBe('hierarchy');
    });

    it('hides kinds and synthetic entities from the legend and provenance filter, and undoes it', async () => {
      const visibleOf = (selector: string): Promise<number> =>
        page.evaluate(
          (s) => (window as unknown as ScaleWindow).explorer.cy.nodes(s).filter((n) => n.visible()).length,
          selector,
        );
      const villages = await visibleOf('[kind = "VILLAGE"]');
      expect(villages).toBeGreaterThan(0);
      await page.uncheck('#legend input[data-kind="VILLAGE"]');
      expect(await visibleOf('[kind = "VILLAGE"]')).toBe(0);
      expect(new URL(page.url()).searchParams.get('hide')).toBe('VILLAGE');
      await page.click('#undo');
      expect(await visibleOf('[kind = "VILLAGE"]')).toBe(villages);
      expect(await page.isChecked('#legend input[data-kind="VILLAGE"]')).toBe(true);
      await page.click('#redo');
      expect(await visibleOf('[kind = "VILLAGE"]')).toBe(0);
      await page.click('#undo');

      expect(await visibleOf('[?synthetic][!group]')).toBeGreaterThan(0);
      await page.selectOption('#provenance', 'real');
      expect(await visibleOf('[?synthetic]')).toBe(0);
      expect(await visibleOf('[!synthetic]')).toBeGreaterThan(0);
      await page.selectOption('#provenance', 'all');
    });

    it('dismisses a lasso-selected set, keeps only a selection, and undoes both', async () => {
      const count = (): Promise<number> =>
        page.evaluate(() => (window as unknown as ScaleWindow).explorer.cy.nodes('[!group]').length);
      const total = await count();
      // Shift + drag draws a free-hand lasso: a triangle over the upper left of the canvas.
      const box = await page.locator('#cy').boundingBox();
      if (!box) throw new Error('no canvas');
      const triangle: [number, number][] = [
        [5, 5],
        [box.width * 0.6, 5],
        [5, box.height * 0.6],
      ];
      await page.evaluate(() => (window as unknown as ScaleWindow).explorer.cy.nodes().unselect());
      await page.keyboard.down('Shift');
      await page.mouse.move(box.x + 5, box.y + 5);
      await page.mouse.down();
      for (const [x, y] of [...triangle.slice(1), triangle[0] as [number, number]]) {
        await page.mouse.move(box.x + x, box.y + y, { steps: 8 });
      }
      await page.mouse.up();
      await page.keyboard.up('Shift');
      const { selected, inside } = await page.evaluate((polygon) => {
        const { cy } = (window as unknown as ScaleWindow).explorer;
        // Ray casting: whether a rendered position lies inside the drawn triangle.
        const within = ({ x, y }: { x: number; y: number }): boolean => {
          let inTriangle = false;
          for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
            const [xi, yi] = polygon[i] as [number, number];
            const [xj, yj] = polygon[j] as [number, number];
            if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inTriangle = !inTriangle;
          }
          return inTriangle;
        };
        return {
          selected: cy
            .nodes(':selected')
            .map((n) => n.id())
            .sort(),
          inside: cy
            .nodes()
            .filter((n) => n.selectable() && within(n.renderedPosition()))
            .map((n) => n.id())
            .sort(),
        };
      }, triangle);
      // The lasso's outline, not its bounding rectangle: exactly the nodes inside the triangle.
      expect(selected).toEqual(inside);
      expect(selected.length).toBeGreaterThan(1);
      await page.click('#dismiss');
      expect(await count()).toBeLessThan(total);
      const ids = await page.evaluate(() => (window as unknown as ScaleWindow).explorer.cy.nodes().map((n) => n.id()));
      expect(ids.filter((id) => selected.includes(id))).toEqual([]);
      await page.click('#undo');
      expect(await count()).toBe(total);

      await page.evaluate((id) => {
        const { cy } = (window as unknown as ScaleWindow).explorer;
        cy.nodes().unselect();
        cy.getElementById(id).select();
      }, String(townships[0]));
      await page.click('#dismiss-others');
      expect(
        await page.evaluate(() => (window as unknown as ScaleWindow).explorer.cy.nodes('[!group]').map((n) => n.id())),
      ).toEqual([townships[0]]);
      await page.click('#undo');
      expect(await count()).toBe(total);
    });

    it('leaves program hubs out unless asked, and pages past the first 60 neighbours', async () => {
      const village = 'Village:620423101203';
      const program = 'Program:one-village-one-plan';
      await page.goto(`${base()}/explore?ids=${village}`);
      await page.waitForSelector('body[data-ready="true"]');
      expect(await nodeIds(page)).not.toContain(program);
      await page.goto(`${base()}/explore?ids=${program}&sel=${program}&programs=1`);
      await page.waitForSelector('body[data-ready="true"]');
      const first = await page.evaluate(() => (window as unknown as ScaleWindow).explorer.cy.nodes('[!group]').length);
      expect(first).toBe(61);
      await page.waitForSelector('#next-page');
      await page.click('#next-page');
      await page.waitForFunction(
        (n) => (window as unknown as ScaleWindow).explorer.cy.nodes('[!group]').length > n,
        first,
      );
      await idle(page);
      expect(await page.evaluate(() => (window as unknown as ScaleWindow).explorer.cy.nodes('[!group]').length)).toBe(
        121,
      );
      expect(new URL(page.url()).searchParams.get('pages')).toBe(`${program}~1`);
    });

    it('lays the chains out in columns, one row each, with only the selected chain at full opacity', async () => {
      await page.click('#clear');
      await page.click('button[data-mode="chains"]');
      await page.click('#load-chains');
      await page.waitForSelector('#chains li');
      await page.waitForFunction(() => (window as unknown as ScaleWindow).explorer.state.busy === 0);
      const total = Number((await page.textContent('#chain-count'))?.split(' ')[0]);
      // Every chain is listed, past the API's page of 100.
      expect(await page.locator('#chains li').count()).toBe(total);
      await page.selectOption('#layout-mode', 'layered');
      await page.click('#chains li >> nth=3');
      const chains = await page.evaluate(() => {
        const { cy, state } = (window as unknown as ScaleWindow).explorer;
        return state.chains.map((c) => {
          const ids = [...c.nodes.map((n) => n.id), ...c.relationships.map((r) => r.id)];
          return {
            full: ids.every((id) => cy.getElementById(id).effectiveOpacity() === 1),
            x: c.nodes.map((n) => cy.getElementById(n.id).position().x),
          };
        });
      });
      expect(chains.map((c, i) => (c.full ? i : -1)).filter((i) => i >= 0)).toEqual([3]);
      // Branch → enterprise → base left to right, for every chain.
      for (const c of chains) {
        expect(c.x[0]).toBeLessThan(c.x[1] ?? 0);
        expect(c.x[1]).toBeLessThan(c.x[2] ?? 0);
      }
      expect(new URL(page.url()).searchParams.get('chain')).toBe('3');
      await shot(page, '09-explorer-layered-chains');
      await docShot(page, 'explorer-layered-chains');
    });
  });
});
