// The link-network explorer: search, expand neighbourhoods, highlight the 支部+龙头企业+基地
// chains and shortest paths, export the view. Drawn with Cytoscape.js and the fcose layout.
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import fcose from 'cytoscape-fcose';

import {
  CHAINS,
  DETAILS,
  gql,
  NETWORK,
  PATHS,
  SEARCH,
  TOWNSHIPS,
  type Chain,
  type Network,
  type SearchHit,
} from './explorer/api.js';
import { download, toGraphML } from './explorer/exports.js';
import { KINDS, STYLE } from './explorer/style.js';

cytoscape.use(fcose);

type Mode = 'explore' | 'chains' | 'path';
type LabelMode = 'zh' | 'pinyin' | 'en';

const EXPAND_LIMIT = 60;

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- like querySelector, the caller names the element type
const $ = <T extends HTMLElement>(selector: string): T => {
  const el = document.querySelector<T>(selector);
  if (!el) throw new Error(`missing ${selector}`);
  return el;
};

const state = {
  mode: 'explore' as Mode,
  label: 'zh' as LabelMode,
  expanded: new Set<string>(),
  truncated: new Set<string>(),
  selected: null as string | null,
  pathFrom: null as { id: string; name: string } | null,
  pathTo: null as { id: string; name: string } | null,
  chains: [] as Chain[],
  highlighted: [] as string[],
  busy: 0,
};

const cy: Core = cytoscape({
  container: $('#cy'),
  style: STYLE,
  minZoom: 0.1,
  maxZoom: 4,
});

// Tests and power users reach the live state here.
Object.assign(window, { explorer: { cy, state } });

function status(text: string): void {
  $('#status').textContent = text;
}

function displayLabel(data: { label: string; pinyin: string; nameEn?: string }): string {
  if (state.label === 'pinyin') return data.pinyin;
  if (state.label === 'en') return data.nameEn ?? data.pinyin;
  return data.label;
}

function refreshLabels(): void {
  cy.nodes().forEach((n) => {
    n.data('display', displayLabel(n.data() as { label: string; pinyin: string; nameEn?: string }));
  });
}

function saveUrl(): void {
  const params = new URLSearchParams();
  if (state.expanded.size) params.set('ids', [...state.expanded].join(','));
  if (state.selected) params.set('sel', state.selected);
  if (state.mode !== 'explore') params.set('mode', state.mode);
  if (state.label !== 'zh') params.set('label', state.label);
  if (state.pathFrom) params.set('from', state.pathFrom.id);
  if (state.pathTo) params.set('to', state.pathTo.id);
  const within = $<HTMLSelectElement>('#chain-within').value;
  if (within) params.set('within', within);
  history.replaceState(null, '', `${location.pathname}${params.size ? `?${params.toString()}` : ''}`);
}

async function busy<T>(label: string, work: () => Promise<T>): Promise<T | undefined> {
  state.busy += 1;
  status(`${label}…`);
  try {
    return await work();
  } catch (err) {
    status(`${label} failed: ${(err as Error).message}`);
    return undefined;
  } finally {
    state.busy -= 1;
  }
}

function nodeElement(n: {
  id: string;
  kind: string;
  label: string;
  pinyin: string;
  synthetic: boolean;
  properties?: Record<string, unknown>;
}): ElementDefinition {
  const nameEn = typeof n.properties?.nameEn === 'string' ? n.properties.nameEn : undefined;
  return {
    group: 'nodes',
    data: {
      id: n.id,
      kind: n.kind,
      label: n.label,
      pinyin: n.pinyin,
      nameEn,
      synthetic: n.synthetic,
      display: displayLabel({ label: n.label, pinyin: n.pinyin, nameEn }),
      properties: n.properties ?? {},
    },
  };
}

/**
 * Adds what is not drawn yet and lays the graph out again. New nodes start in a ring around the
 * node they were reached from, and fcose starts from the current positions: a neighbourhood (a
 * star) gets no degenerate spectral start, and what was already drawn stays roughly in place.
 */
function merge(elements: ElementDefinition[], anchor?: string): void {
  const fresh = elements.filter((e) => e.data.id !== undefined && cy.getElementById(e.data.id).empty());
  if (fresh.length === 0) return;
  const centre = anchor && cy.getElementById(anchor).nonempty() ? cy.getElementById(anchor).position() : { x: 0, y: 0 };
  const freshNodes = fresh.filter((e) => e.group === 'nodes');
  freshNodes.forEach((e, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, freshNodes.length);
    const radius = 80 + 12 * Math.sqrt(freshNodes.length);
    e.position = { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
  });
  cy.add(fresh);
  cy.layout({
    name: 'fcose',
    animate: false,
    randomize: false,
    quality: 'default',
    nodeRepulsion: () => 9000,
    idealEdgeLength: () => 80,
    nodeSeparation: 60,
  } as never).run();
  cy.fit(undefined, 30);
}

async function expand(id: string): Promise<void> {
  const net = await busy(`Expanding ${id}`, () =>
    gql<{ network: Network }>(NETWORK, { ids: [id], depth: 1, limit: EXPAND_LIMIT }),
  );
  if (!net) return;
  const { nodes, edges, truncated } = net.network;
  merge(
    [
      ...nodes.map(nodeElement),
      ...edges.map((e) => ({
        group: 'edges' as const,
        data: { id: e.id, source: e.source, target: e.target, type: e.type, synthetic: e.synthetic },
      })),
    ],
    id,
  );
  state.expanded.add(id);
  const node = cy.getElementById(id);
  if (truncated) {
    state.truncated.add(id);
    node.addClass('more');
  } else {
    state.truncated.delete(id);
    node.removeClass('more');
  }
  saveUrl();
  status(
    `${String(cy.nodes().length)} nodes, ${String(cy.edges().length)} edges${truncated ? ` · more neighbours of ${String(node.data('label'))} than the ${String(EXPAND_LIMIT)} shown` : ''}`,
  );
}

function highlight(ids: string[]): void {
  cy.elements().removeClass('highlighted');
  state.highlighted = ids;
  let collection = cy.collection();
  for (const id of ids) collection = collection.union(cy.getElementById(id));
  collection.addClass('highlighted');
  if (collection.nonempty()) cy.fit(collection, 60);
}

async function showDetails(id: string): Promise<void> {
  state.selected = id;
  saveUrl();
  const element = cy.getElementById(id);
  const properties = (element.data('properties') ?? {}) as Record<string, unknown>;
  const data = await busy('Loading details', () =>
    gql<{
      node: {
        id: string;
        kind: string;
        name: string;
        pinyin: string;
        nameEn: string | null;
        synthetic: boolean;
        source: string | null;
        evidence: { id: string; text: string; document: { title: string; publishedOn: string } }[];
      } | null;
    }>(DETAILS, { id }),
  );
  const node = data?.node;
  const details = $('#details');
  details.replaceChildren();
  if (!node) return;
  const title = document.createElement('h3');
  title.textContent = node.name;
  const kind = document.createElement('p');
  kind.className = 'kind';
  kind.textContent = `${KINDS[node.kind]?.label ?? node.kind} · ${node.pinyin}${node.nameEn ? ` · ${node.nameEn}` : ''}`;
  const provenance = document.createElement('p');
  provenance.innerHTML = node.synthetic
    ? '<span class="synthetic-tag">synthetic 模拟</span> generated to match a figure of the article'
    : 'real';
  if (node.source) provenance.append(` · ${node.source}`);
  const list = document.createElement('dl');
  for (const [key, value] of Object.entries(properties)) {
    if (['name', 'pinyin', 'pinyinPlain', 'pinyinInitials', 'kind', 'synthetic'].includes(key)) continue;
    const dt = document.createElement('dt');
    dt.textContent = key;
    const dd = document.createElement('dd');
    dd.textContent = typeof value === 'string' ? value : JSON.stringify(value);
    list.append(dt, dd);
  }
  details.append(title, kind, provenance, list);
  for (const sentence of node.evidence) {
    const quote = document.createElement('blockquote');
    quote.textContent = sentence.text;
    const cite = document.createElement('cite');
    cite.textContent = ` — ${sentence.document.title} (${sentence.document.publishedOn}), ${sentence.id}`;
    quote.append(cite);
    details.append(quote);
  }
  status(`${node.name}: ${String(element.degree(false))} links drawn${state.truncated.has(id) ? ' (more exist)' : ''}`);
}

async function select(id: string): Promise<void> {
  cy.elements().unselect();
  const node = cy.getElementById(id);
  node.select();
  if (!state.expanded.has(id)) await expand(id);
  await showDetails(id);
}

let searchSeq = 0;

async function runSearch(text: string): Promise<void> {
  if (!text.trim()) return;
  // Only the latest search may fill the list: an earlier, slower answer must not overwrite it.
  const seq = ++searchSeq;
  const data = await busy(`Searching “${text}”`, () => gql<{ search: SearchHit[] }>(SEARCH, { text }));
  if (seq !== searchSeq) return;
  const list = $('#results');
  list.replaceChildren();
  for (const hit of data?.search ?? []) {
    const li = document.createElement('li');
    li.tabIndex = 0;
    li.dataset.id = hit.entity.id;
    const name = document.createElement('strong');
    name.textContent = hit.entity.name;
    const kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = ` ${KINDS[hit.entity.kind]?.label ?? hit.entity.kind} · ${hit.entity.pinyin} `;
    li.append(name, kind);
    if (hit.entity.synthetic) {
      const tag = document.createElement('span');
      tag.className = 'synthetic-tag';
      tag.textContent = '模拟';
      li.append(tag);
    }
    const from = document.createElement('button');
    from.type = 'button';
    from.textContent = 'From';
    from.addEventListener('click', (e) => {
      e.stopPropagation();
      state.pathFrom = { id: hit.entity.id, name: hit.entity.name };
      $('#path-from').textContent = hit.entity.name;
      setMode('path');
    });
    const to = document.createElement('button');
    to.type = 'button';
    to.textContent = 'To';
    to.addEventListener('click', (e) => {
      e.stopPropagation();
      state.pathTo = { id: hit.entity.id, name: hit.entity.name };
      $('#path-to').textContent = hit.entity.name;
      setMode('path');
    });
    li.append(from, to);
    const open = (): void => void select(hit.entity.id);
    li.addEventListener('click', open);
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') open();
      if (e.key === 'ArrowDown') (li.nextElementSibling as HTMLElement | null)?.focus();
      if (e.key === 'ArrowUp') (li.previousElementSibling as HTMLElement | null)?.focus();
    });
    list.append(li);
  }
  status(`${String(data?.search.length ?? 0)} results for “${text}”`);
}

function setMode(mode: Mode): void {
  state.mode = mode;
  document
    .querySelectorAll<HTMLButtonElement>('nav button')
    .forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.mode === mode)));
  $('#chains-panel').hidden = mode !== 'chains';
  $('#path-panel').hidden = mode !== 'path';
  saveUrl();
}

async function loadChains(): Promise<void> {
  const within = $<HTMLSelectElement>('#chain-within').value || null;
  saveUrl();
  const data = await busy('Loading chains', () =>
    gql<{ chains: { totalCount: number; edges: { node: Chain }[] } }>(CHAINS, { within }),
  );
  if (!data) return;
  state.chains = data.chains.edges.map((e) => e.node);
  $('#chain-count').textContent = `${String(data.chains.totalCount)} chains`;
  const list = $('#chains');
  list.replaceChildren();
  state.chains.forEach((chain, index) => {
    const li = document.createElement('li');
    li.tabIndex = 0;
    li.textContent = chain.nodes.map((n) => n.name).join(' → ');
    const show = (): void => {
      list.querySelectorAll('li').forEach((x) => x.removeAttribute('aria-current'));
      li.setAttribute('aria-current', 'true');
      showChain(index);
    };
    li.addEventListener('click', show);
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') show();
    });
    list.append(li);
  });
  // Draw all of them at once, highlighted, so the pattern is visible across the county.
  merge(state.chains.flatMap(chainElements));
  highlight(state.chains.flatMap((c) => [...c.nodes.map((n) => n.id), ...c.relationships.map((r) => r.id)]));
  status(`${String(data.chains.totalCount)} 支部+龙头企业+基地 chains`);
}

function chainElements(chain: Chain): ElementDefinition[] {
  return [
    ...chain.nodes.map((n) =>
      nodeElement({ id: n.id, kind: n.kind, label: n.name, pinyin: n.pinyin, synthetic: n.synthetic }),
    ),
    ...chain.relationships.map((r) => ({
      group: 'edges' as const,
      data: { id: r.id, source: r.source, target: r.target, type: r.type, synthetic: r.synthetic },
    })),
  ];
}

function showChain(index: number): void {
  const chain = state.chains[index];
  if (!chain) return;
  merge(chainElements(chain));
  highlight([...chain.nodes.map((n) => n.id), ...chain.relationships.map((r) => r.id)]);
}

async function findPath(): Promise<void> {
  if (!state.pathFrom || !state.pathTo) {
    status('Pick “From” and “To” in the search results first');
    return;
  }
  saveUrl();
  const data = await busy('Finding the shortest path', () =>
    gql<{ paths: (Chain & { length: number })[] }>(PATHS, {
      from: state.pathFrom?.id,
      to: state.pathTo?.id,
    }),
  );
  const path = data?.paths[0];
  if (!path) {
    $('#path-result').textContent = 'No path within 6 hops.';
    return;
  }
  merge(chainElements({ nodes: path.nodes, relationships: path.relationships }));
  highlight([...path.nodes.map((n) => n.id), ...path.relationships.map((r) => r.id)]);
  $('#path-result').textContent = `${String(path.length)} hops: ${path.nodes.map((n) => n.name).join(' → ')}`;
  status(`Shortest path: ${String(path.length)} hops`);
}

// Wiring.
$<HTMLFormElement>('#search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void runSearch($<HTMLInputElement>('#search').value);
});
document
  .querySelectorAll<HTMLButtonElement>('nav button')
  .forEach((b) => b.addEventListener('click', () => setMode(b.dataset.mode as Mode)));
$<HTMLSelectElement>('#label-mode').addEventListener('change', (e) => {
  state.label = (e.target as HTMLSelectElement).value as LabelMode;
  refreshLabels();
  saveUrl();
});
$('#load-chains').addEventListener('click', () => void loadChains());
$('#find-path').addEventListener('click', () => void findPath());
$('#export-png').addEventListener('click', () =>
  download('jingtai-network.png', cy.png({ output: 'blob', full: true, bg: '#ffffff', scale: 2 }), 'image/png'),
);
$('#export-json').addEventListener('click', () =>
  download(
    'jingtai-network.json',
    JSON.stringify({ elements: (cy.json() as { elements: unknown }).elements }, null, 2),
    'application/json',
  ),
);
$('#export-graphml').addEventListener('click', () =>
  download('jingtai-network.graphml', toGraphML(cy), 'application/graphml+xml'),
);
$('#clear').addEventListener('click', () => {
  cy.elements().remove();
  state.expanded.clear();
  state.truncated.clear();
  state.selected = null;
  saveUrl();
  status('Cleared');
});
cy.on('tap', 'node', (e) => void select((e.target as cytoscape.NodeSingular).id()));
cy.on('tap', (e) => {
  if (e.target === cy) highlight([]);
});
document.addEventListener('keydown', (e) => {
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
  if (e.key === '/' && !typing) {
    e.preventDefault();
    $<HTMLInputElement>('#search').focus();
  } else if (e.key === 'Escape') {
    highlight([]);
  } else if (e.key === 'e' && !typing && state.selected) {
    void expand(state.selected);
  }
});

// The legend comes from the same table as the styles.
$('#legend').replaceChildren(
  ...Object.values(KINDS).map(({ colour, label }) => {
    const li = document.createElement('li');
    li.innerHTML = `<i style="background:${colour}"></i>`;
    li.append(label);
    return li;
  }),
  Object.assign(document.createElement('li'), { textContent: '- - dashed outline: synthetic (模拟)' }),
  Object.assign(document.createElement('li'), { textContent: '··· dotted ring: more neighbours' }),
);

/** Restores a shared view from the URL (?ids=…&sel=…&mode=…&label=…&within=…&from=…&to=…). */
async function restore(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const label = params.get('label');
  if (label === 'pinyin' || label === 'en') {
    state.label = label;
    $<HTMLSelectElement>('#label-mode').value = label;
  }
  const towns = await busy('Loading townships', () => gql<{ townships: { id: string; name: string }[] }>(TOWNSHIPS));
  const within = $<HTMLSelectElement>('#chain-within');
  for (const t of towns?.townships ?? []) within.append(new Option(t.name, t.id));
  within.value = params.get('within') ?? '';
  for (const id of (params.get('ids') ?? '').split(',').filter(Boolean)) await expand(id);
  const mode = params.get('mode');
  if (mode === 'chains' || mode === 'path') setMode(mode);
  if (mode === 'chains') await loadChains();
  const sel = params.get('sel');
  if (sel) await showDetails(sel);
  if (state.expanded.size === 0) status('Search for an entity to start, e.g. 城北村 or chengbei. Press / to search.');
  document.body.dataset.ready = 'true';
}

void restore();
