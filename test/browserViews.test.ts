/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';

import { parse as parseCsv } from 'csv-parse/sync';
import type { Core, NodeSingular } from 'cytoscape';
import { MultiDirectedGraph } from 'graphology';
import { parse as parseGraphML } from 'graphology-graphml';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { chromiumPath, docShot, explorerBed, localPage, shot, SHOTS } from './browser/browser.js';
import { waitUntil } from './wait.js';

interface ExplorerWindow {
  explorer: {
    cy: Core;
    state: { busy: number; asOf: string | null; expanded: Set<string> };
  };
}

const VILLAGE = 'Village:620423101203';
const TOWNSHIP = 'Township:620423101000';

/** The first and last day a stored partial date ("2019", "2019-07", "2019-07-15") covers. */
const firstDay = (d: string): string => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);
const lastDay = (d: string): string => (d.length === 4 ? `${d}-12-31` : d.length === 7 ? `${d}-31` : d);

// The explorer's views over time and their sharing: the time slider, filters, saved views, exports.
// Chromium comes from Debian (see test/browser/browser.ts); each step waits for an event in the page.
describe.skipIf(!chromiumPath)('the explorer over time', { timeout: 300_000 }, () => {
  const bed = explorerBed();
  const { base } = bed;
  let page: Page;
  let external: string[];
  let errors: string[];

  beforeAll(async () => {
    ({ page, external, errors } = await localPage(bed.browser));
  });
  // Runs before the bed closes (after-hooks run in the reverse order of their registration).
  afterAll(() => {
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
  });

  const idle = (p: Page): Promise<unknown> =>
    p.waitForFunction(() => (window as unknown as ExplorerWindow).explorer.state.busy === 0);

  /** The posts and stationings drawn, with their time span. */
  const timedEdges = (p: Page): Promise<{ id: string; target: string; since: string | null; until: string | null }[]> =>
    p.evaluate(() =>
      (window as unknown as ExplorerWindow).explorer.cy
        .edges('[type = "HOLDS_POST"][!group], [type = "STATIONED_IN"][!group]')
        .map((e) => {
          const props = e.data('properties') as { since?: string; until?: string };
          return { id: e.id(), target: e.target().id(), since: props.since ?? null, until: props.until ?? null };
        }),
    );

  const setDay = async (p: Page, day: string): Promise<void> => {
    await p.fill('#as-of', day);
    await p.dispatchEvent('#as-of', 'change');
    await p.waitForFunction((d) => document.querySelector('#status')?.textContent.startsWith(`As of ${d}`), day);
    await idle(p);
  };

  it('draws the posts and stationings active on the day picked, and more of them later', async () => {
    await page.goto(`${base()}/explore?ids=${VILLAGE}`);
    await page.waitForSelector('body[data-ready="true"]');
    const timeless = await timedEdges(page);

    await setDay(page, '2017-06-30');
    const early = await timedEdges(page);
    for (const e of early) {
      expect(e.since === null || firstDay(e.since) <= '2017-06-30').toBe(true);
      expect(e.until === null || lastDay(e.until) >= '2017-06-30').toBe(true);
    }
    // Only links active then; and every active post or stationing in the village is there (links
    // between the people reached are drawn when both ends were reached by an active link).
    const activeThen = timeless.filter(
      (e) =>
        (e.since === null || firstDay(e.since) <= '2017-06-30') &&
        (e.until === null || lastDay(e.until) >= '2017-06-30'),
    );
    const earlyIds = early.map((e) => e.id);
    expect(activeThen.map((e) => e.id)).toEqual(expect.arrayContaining(earlyIds));
    const inVillage = activeThen.filter((e) => e.target === VILLAGE).map((e) => e.id);
    expect(inVillage.length).toBeGreaterThan(0);
    expect(earlyIds).toEqual(expect.arrayContaining(inVillage));
    expect(early.length).toBeLessThan(timeless.length);
    expect(new URL(page.url()).searchParams.get('asOf')).toBe('2017-06-30');

    // The slider's last month, December 2020: the reserve cadres (后备干部, from 2018 on) are there.
    await page.locator('#time-slider').fill('47');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent.startsWith('As of 2020-12-31'));
    await idle(page);
    const late = await timedEdges(page);
    expect(late.length).toBeGreaterThan(early.length);
    for (const e of late) expect(e.since === null || firstDay(e.since) <= '2020-12-31').toBe(true);
    expect(await page.inputValue('#as-of')).toBe('2020-12-31');

    // Undo goes back to the earlier day; "All times" to the timeless network.
    await page.click('#undo');
    expect(await page.evaluate(() => (window as unknown as ExplorerWindow).explorer.state.asOf)).toBe('2017-06-30');
    expect((await timedEdges(page)).map((e) => e.id).sort()).toEqual(early.map((e) => e.id).sort());
    await page.click('#time-all');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent.startsWith('All times'));
    await idle(page);
    expect((await timedEdges(page)).map((e) => e.id).sort()).toEqual(timeless.map((e) => e.id).sort());
    expect(new URL(page.url()).searchParams.has('asOf')).toBe(false);
  });

  it('plays 2017–2020 marking 一肩挑 villages as the API says for each year, and restores the time from the URL', async () => {
    // 芦阳镇, the township of 城北村.
    await page.goto(`${base()}/explore?ids=${TOWNSHIP}&asOf=2016-12-31`);
    await page.waitForSelector('body[data-ready="true"]');
    const marked = (): Promise<{ villages: string[]; marked: string[] }> =>
      page.evaluate(() => {
        const { cy } = (window as unknown as ExplorerWindow).explorer;
        return {
          villages: cy.nodes('[kind = "VILLAGE"]').map((n) => n.id()),
          // Marked in the drawing, not only in the data: the red ring is drawn.
          marked: cy
            .nodes('[kind = "VILLAGE"]')
            .filter(
              (n) =>
                Number.parseFloat(String(n.style('outline-width'))) > 0 &&
                n.style('outline-color') === 'rgb(207,34,46)',
            )
            .map((n) => n.id()),
        };
      });
    const truth = async (ids: string[], asOf: string): Promise<string[]> => {
      const res = await bed.t.gql<{ nodes: { id: string; oneShoulder: boolean }[] }>(
        'query ($ids: [ID!]!, $asOf: String) { nodes(ids: $ids) { ... on Village { id oneShoulder(asOf: $asOf) } } }',
        { ids, asOf },
      );
      return (res.body.data?.nodes ?? [])
        .filter((v) => v.oneShoulder)
        .map((v) => v.id)
        .sort();
    };
    const start = await marked();
    expect(start.villages.length).toBeGreaterThan(5);
    expect(start.marked.sort()).toEqual(await truth(start.villages, '2016-12-31'));
    expect(await page.inputValue('#as-of')).toBe('2016-12-31');

    const years: Record<string, string[]> = {};
    await page.click('#time-play');
    // Each year in turn: the status line names it once its redraw is done.
    for (const year of ['2017', '2018', '2019', '2020']) {
      await page.waitForFunction(
        (y) => document.querySelector('#status')?.textContent.startsWith(`As of ${y}-12-31`),
        year,
      );
      const now = await marked();
      years[year] = now.marked.sort();
      expect(years[year]).toEqual(await truth(now.villages, `${year}-12-31`));
    }
    await page.waitForSelector('body[data-playing="false"]');
    // 一肩挑 spread over these years (the article's model): more villages at the end than at the start.
    expect(years['2020']?.length).toBeGreaterThan(start.marked.length);
    expect(new URL(page.url()).searchParams.get('asOf')).toBe('2020-12-31');
    await shot(page, '10-explorer-time-slider');
    await docShot(page, 'explorer-time-slider');

    const { page: shared } = await localPage(bed.browser);
    await shared.goto(page.url());
    await shared.waitForSelector('body[data-ready="true"]');
    expect(await shared.inputValue('#as-of')).toBe('2020-12-31');
    expect(await shared.inputValue('#time-slider')).toBe('47');
    const ids = (p: Page): Promise<string[]> =>
      p.evaluate(() =>
        (window as unknown as ExplorerWindow).explorer.cy
          .elements('[!group]')
          .map((e) => e.id())
          .sort(),
      );
    expect(await ids(shared)).toEqual(await ids(page));
    await shared.context().close();
  });

  it('exports the view as SVG, CSV and GraphML with positions, colours and link properties', async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    // A township and a village with its posts and stationings.
    await page.goto(`${base()}/explore?ids=${TOWNSHIP},${VILLAGE}`);
    await page.waitForSelector('body[data-ready="true"]');
    // One button may offer several files: each download event in turn, in the order offered.
    const save = async (button: string, ...names: string[]): Promise<string[]> => {
      const downloads: Download[] = [];
      const collect = (d: Download): number => downloads.push(d);
      page.on('download', collect);
      await page.click(button);
      await waitUntil(`${String(names.length)} downloads from ${button}`, () => downloads.length >= names.length);
      page.off('download', collect);
      const files: string[] = [];
      for (const [i, download] of downloads.entries()) {
        expect(download.suggestedFilename()).toMatch(/^jingtai-/);
        const file = path.join(SHOTS, names[i] ?? download.suggestedFilename());
        await download.saveAs(file);
        files.push(fs.readFileSync(file, 'utf8'));
      }
      return files;
    };
    const drawn = await page.evaluate(() => {
      const { cy } = (window as unknown as ExplorerWindow).explorer;
      const node = cy.getElementById('Township:620423101000');
      return {
        township: { label: String(node.data('label')), ...node.position() },
        colour: String(node.style('background-color')),
      };
    });

    const [svg = ''] = await save('#export-svg', 'export.svg');
    expect(svg).toMatch(/<svg[^>]*>/);
    // Drawn text, not a raster: the township's name is in the document.
    expect(svg).toContain(drawn.township.label);

    const [nodesCsv = '', edgesCsv = ''] = await save('#export-csv', 'nodes.csv', 'edges.csv');
    const nodes = parseCsv<Record<string, string>>(nodesCsv, { columns: true });
    const edges = parseCsv<Record<string, string>>(edgesCsv, { columns: true });
    const ids = await page.evaluate(() => {
      const { cy } = (window as unknown as ExplorerWindow).explorer;
      return { nodes: cy.nodes('[!group]').map((n) => n.id()), edges: cy.edges('[!group]').map((e) => e.id()) };
    });
    expect(nodes.map((n) => n.id).sort()).toEqual(ids.nodes.sort());
    expect(edges.map((e) => e.id).sort()).toEqual(ids.edges.sort());
    const town = nodes.find((n) => n.id === TOWNSHIP);
    expect(Number(town?.x)).toBeCloseTo(drawn.township.x, 0);
    expect(Number(town?.y)).toBeCloseTo(drawn.township.y, 0);
    expect(Object.keys(edges[0] ?? {})).toEqual(expect.arrayContaining(['source', 'target', 'type', 'since', 'role']));
    expect(edges.some((e) => e.type === 'HOLDS_POST' && e.role !== '' && /^\d{4}/.test(e.since ?? ''))).toBe(true);

    const [graphml = ''] = await save('#export-graphml', 'export.graphml');
    const graph = parseGraphML(MultiDirectedGraph, graphml);
    expect(graph.order).toBe(ids.nodes.length);
    expect(graph.size).toBe(ids.edges.length);
    const attrs = graph.getNodeAttributes(TOWNSHIP);
    expect(attrs.x).toBeCloseTo(drawn.township.x, 0);
    expect(attrs.y).toBeCloseTo(drawn.township.y, 0);
    // Gephi's r, g, b (graphology reads them back as one hex `color`) and the same colour in hex.
    const hex = `#${(drawn.colour.match(/\d+/g) ?? []).map((c) => Number(c).toString(16).padStart(2, '0')).join('')}`;
    expect(hex).toMatch(/^#[0-9a-f]{6}$/);
    expect(String(attrs.color).toLowerCase()).toBe(hex);
    expect(attrs.colour).toBe(hex);
    const posts = graph.filterEdges((_e, a) => a.type === 'HOLDS_POST');
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.some((e) => typeof graph.getEdgeAttribute(e, 'role') === 'string')).toBe(true);
    expect(posts.some((e) => /^\d{4}/.test(String(graph.getEdgeAttribute(e, 'since'))))).toBe(true);
  });

  it('opens a node in the playground with a ready query that runs', async () => {
    await page.goto(`${base()}/explore?ids=${VILLAGE}&sel=${VILLAGE}&asOf=2019-12-31`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('#open-playground');
    const [playground] = await Promise.all([page.context().waitForEvent('page'), page.click('#open-playground')]);
    await playground.waitForFunction(
      (id) => document.querySelector('.graphiql-query-editor')?.textContent.includes(id) === true,
      VILLAGE,
    );
    // Monaco draws spaces as no-break spaces.
    const editor = (await playground.textContent('.graphiql-query-editor'))?.replace(/\u00a0/g, ' ');
    expect(editor).toContain('oneShoulder(asOf: "2019-12-31")');
    // Run it (a click while GraphiQL still loads the schema is dropped: click until it answers).
    await playground.waitForFunction(
      () => {
        if (document.querySelector('.graphiql-response')?.textContent.includes('城北村')) return true;
        const button = document.querySelector<HTMLButtonElement>('.graphiql-execute-button');
        if (button?.getAttribute('aria-label')?.startsWith('Execute')) button.click();
        return false;
      },
      undefined,
      { polling: 1000 },
    );
    const response = (await playground.textContent('.graphiql-response')) ?? '';
    expect(response).toContain('"oneShoulder"');
    expect(response).not.toContain('"errors"');
    await playground.close();
  });

  it('filters by township, stationing level and industry, and a shared link restores the filtered view', async () => {
    const SITAN = 'Township:620423203000';
    await page.goto(`${base()}/explore?ids=${TOWNSHIP},${SITAN},${VILLAGE}`);
    await page.waitForSelector('body[data-ready="true"]');
    const visible = (selector: string): Promise<string[]> =>
      page.evaluate(
        (sel) =>
          (window as unknown as ExplorerWindow).explorer.cy
            .nodes(sel)
            .filter((n) => n.visible())
            .map((n) => n.id()),
        selector,
      );
    const villagesBefore = await visible('[kind = "VILLAGE"]');
    expect(villagesBefore.some((id) => id.startsWith('Village:620423203'))).toBe(true);
    expect(villagesBefore.some((id) => id.startsWith('Village:620423101'))).toBe(true);

    await page.selectOption('#filter-township', SITAN);
    const villages = await visible('[kind = "VILLAGE"]');
    expect(villages.length).toBeGreaterThan(0);
    for (const id of villages) expect(id).toMatch(/^Village:620423203/);
    // 城北村's people go with their village.
    const villagePeople = await page.evaluate(
      (id) =>
        (window as unknown as ExplorerWindow).explorer.cy
          .getElementById(id)
          .neighborhood('[kind = "PERSON"]')
          .map((n) => ({ id: n.id(), visible: n.visible() })),
      VILLAGE,
    );
    expect(villagePeople.length).toBeGreaterThan(0);
    expect(villagePeople.filter((p) => p.visible)).toEqual([]);
    expect(new URL(page.url()).searchParams.get('town')).toBe(SITAN);
    await page.selectOption('#filter-township', '');

    // Stationing level: the people stationed (驻村) by another level are hidden, the others stay.
    const levels = await page.$$eval('#filter-level option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    const level = levels.find(Boolean);
    expect(level).toBeTruthy();
    await page.selectOption('#filter-level', String(level));
    const stationed = await page.evaluate(() => {
      const { cy } = (window as unknown as ExplorerWindow).explorer;
      return cy
        .nodes('[kind = "PERSON"]')
        .filter((n: NodeSingular) => n.connectedEdges('[type = "STATIONED_IN"]').nonempty())
        .map((n: NodeSingular) => ({
          visible: n.visible(),
          levels: n
            .connectedEdges('[type = "STATIONED_IN"]')
            .map((e) => String((e.data('properties') as { level?: string }).level)),
        }));
    });
    expect(stationed.length).toBeGreaterThan(0);
    for (const p of stationed) expect(p.visible).toBe(p.levels.includes(String(level)));
    expect(new URL(page.url()).searchParams.get('level')).toBe(level);

    const url = page.url();
    const shown = (await visible('[!group]')).sort();
    const { page: shared } = await localPage(bed.browser);
    await shared.goto(url);
    await shared.waitForSelector('body[data-ready="true"]');
    expect(await shared.inputValue('#filter-level')).toBe(level);
    const sharedShown = await shared.evaluate(() =>
      (window as unknown as ExplorerWindow).explorer.cy
        .nodes('[!group]')
        .filter((n) => n.visible())
        .map((n) => n.id())
        .sort(),
    );
    expect(sharedShown).toEqual(shown);
    await shared.context().close();
    await page.selectOption('#filter-level', '');

    // Industry, on the county's chains: only the bases and cooperatives of that industry stay.
    await page.click('button[data-mode="chains"]');
    await page.click('#load-chains');
    await page.waitForSelector('#chains li');
    await idle(page);
    const industries = await page.$$eval('#filter-industry option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value).filter(Boolean),
    );
    expect(industries.length).toBeGreaterThan(1);
    await page.selectOption('#filter-industry', industries[0] ?? '');
    const bases = await page.evaluate(() =>
      (window as unknown as ExplorerWindow).explorer.cy.nodes('[kind = "BASE"]').map((n) => ({
        visible: n.visible(),
        industry: (n.data('properties') as { industry?: string }).industry,
      })),
    );
    expect(bases.filter((b) => b.visible).length).toBeGreaterThan(0);
    expect(bases.filter((b) => !b.visible).length).toBeGreaterThan(0);
    for (const b of bases) expect(b.visible).toBe(b.industry === industries[0]);
    expect(new URL(page.url()).searchParams.get('industry')).toBe(industries[0]);
    await page.click('#undo');
    expect((await visible('[kind = "BASE"]')).length).toBe(bases.length);
  });

  it('sizes nodes by degree or collective income, and saves and reopens a view with its positions, filters and styles', async () => {
    await page.goto(`${base()}/explore?ids=${TOWNSHIP},${VILLAGE}`);
    await page.waitForSelector('body[data-ready="true"]');
    const sizes = (): Promise<{ id: string; width: number; degree: number; income: number | null }[]> =>
      page.evaluate(() =>
        (window as unknown as ExplorerWindow).explorer.cy.nodes('[!group]').map((n) => {
          const income = (n.data('properties') as { collectiveIncome?: number }).collectiveIncome;
          return { id: n.id(), width: n.width(), degree: n.degree(false), income: income ?? null };
        }),
      );
    await page.selectOption('#size-by', 'degree');
    const byDegree = await sizes();
    // The size grows with the value: order by degree is order by width.
    for (const a of byDegree)
      for (const b of byDegree) if (a.degree > b.degree) expect(a.width).toBeGreaterThanOrEqual(b.width);
    expect(new Set(byDegree.map((n) => n.width)).size).toBeGreaterThan(1);

    await page.selectOption('#size-by', 'income');
    const byIncome = (await sizes()).filter((n) => n.income !== null);
    expect(byIncome.length).toBeGreaterThan(3);
    for (const a of byIncome)
      for (const b of byIncome) if ((a.income ?? 0) > (b.income ?? 0)) expect(a.width).toBeGreaterThanOrEqual(b.width);
    expect(new Set(byIncome.map((n) => n.width)).size).toBeGreaterThan(1);
    expect(new URL(page.url()).searchParams.get('size')).toBe('income');

    // Move a node by hand, hide a kind, then save the view.
    await page.evaluate(
      (id) => (window as unknown as ExplorerWindow).explorer.cy.getElementById(id).position({ x: 4321, y: -1234 }),
      VILLAGE,
    );
    await page.uncheck('#legend input[data-kind="PERSON"]');
    const positions = (p: Page): Promise<Record<string, { x: number; y: number }>> =>
      p.evaluate(() =>
        Object.fromEntries(
          (window as unknown as ExplorerWindow).explorer.cy.nodes().map((n) => [n.id(), n.position()] as const),
        ),
      );
    const saved = await positions(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-view')]);
    const file = path.join(SHOTS, 'view.json');
    await download.saveAs(file);
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { format: string; view: { hiddenKinds: string[] } };
    expect(json.format).toBe('jingtai-kg explorer view');
    expect(json.view.hiddenKinds).toEqual(['PERSON']);

    // A fresh explorer opens it: the same elements at the same places, the filter and the sizes.
    const { page: other, errors: otherErrors } = await localPage(bed.browser);
    await other.goto(`${base()}/explore`);
    await other.waitForSelector('body[data-ready="true"]');
    await other.setInputFiles('#load-view', file);
    await other.waitForFunction(() => document.querySelector('#status')?.textContent.startsWith('Loaded a saved view'));
    const reopened = await positions(other);
    expect(Object.keys(reopened).sort()).toEqual(Object.keys(saved).sort());
    for (const [id, p] of Object.entries(saved)) {
      expect(reopened[id]?.x).toBeCloseTo(p.x, 3);
      expect(reopened[id]?.y).toBeCloseTo(p.y, 3);
    }
    expect(await other.isChecked('#legend input[data-kind="PERSON"]')).toBe(false);
    expect(
      await other.evaluate(
        () =>
          (window as unknown as ExplorerWindow).explorer.cy.nodes('[kind = "PERSON"]').filter((n) => n.visible())
            .length,
      ),
    ).toBe(0);
    expect(await other.inputValue('#size-by')).toBe('income');
    const otherWidths = await other.evaluate(() =>
      Object.fromEntries(
        (window as unknown as ExplorerWindow).explorer.cy.nodes('[!group]').map((n) => [n.id(), n.width()] as const),
      ),
    );
    for (const n of byIncome) expect(otherWidths[n.id]).toBe(n.width);
    // Something else is refused with a message, the canvas left as it was.
    const bad = path.join(SHOTS, 'not-a-view.json');
    fs.writeFileSync(bad, '{"hello": 1}');
    await other.setInputFiles('#load-view', bad);
    await other.waitForFunction(() => document.querySelector('#status')?.textContent.startsWith('Not a saved view'));
    expect(Object.keys(await positions(other)).length).toBe(Object.keys(saved).length);
    expect(otherErrors).toEqual([]);
    await other.context().close();
  });
});
