// The link-network explorer: search, expand neighbourhoods under control, highlight the
// 支部+龙头企业+基地 chains and shortest paths, filter, undo, export the view. Drawn with
// Cytoscape.js, the fcose force-directed layout and dagre for the hierarchical and layered ones.
import cytoscape, { type Core, type EdgeSingular, type ElementDefinition, type NodeSingular } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import fcose from 'cytoscape-fcose';
import lasso from 'cytoscape-lasso';
import svg from 'cytoscape-svg';

import {
  CHAINS,
  DETAILS,
  gql,
  NETWORK,
  ONE_SHOULDER,
  PATHS,
  RELATIONS,
  SEARCH,
  SENTENCE,
  TOWNSHIPS,
  type Chain,
  type Network,
  type SearchHit,
} from './explorer/api.js';
import { download, toCsv, toGraphML } from './explorer/exports.js';
import { filterValues, hiddenByProperties, NO_FILTERS, type PropertyFilters } from './explorer/filters.js';
import { groupLeaves, openGroup } from './explorer/groups.js';
import { declutter } from './explorer/labels.js';
import { LAYOUTS, runLayout, type LayoutName } from './explorer/layouts.js';
import { applySizing, SIZE_RULES, type SizeBy } from './explorer/sizing.js';
import { KINDS, ROLES, STYLE } from './explorer/style.js';

cytoscape.use(fcose);
cytoscape.use(dagre);
cytoscape.use(svg);
cytoscape.use(lasso);

type Mode = 'explore' | 'chains' | 'path';
type LabelMode = 'zh' | 'pinyin' | 'en';
type Direction = 'both' | 'out' | 'in';

const EXPAND_LIMIT = 60;
const UNDO_DEPTH = 50;

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- like querySelector, the caller names the element type
const $ = <T extends HTMLElement>(selector: string): T => {
  const el = document.querySelector<T>(selector);
  if (!el) throw new Error(`missing ${selector}`);
  return el;
};

const state = {
  mode: 'explore' as Mode,
  label: 'zh' as LabelMode,
  layout: 'force' as LayoutName,
  expanded: new Set<string>(),
  truncated: new Set<string>(),
  /** Pages of neighbours drawn per expanded node beyond the first 60. */
  pages: new Map<string, number>(),
  openGroups: new Set<string>(),
  selected: null as string | null,
  pathFrom: null as { id: string; name: string } | null,
  pathTo: null as { id: string; name: string } | null,
  paths: [] as (Chain & { length: number })[],
  chains: [] as Chain[],
  chain: null as number | null,
  highlighted: [] as string[],
  searchHits: new Set<string>(),
  hiddenKinds: new Set<string>(),
  provenance: 'all' as 'all' | 'real' | 'synthetic',
  /** Township, industry and stationing-level filters ('' : any). */
  filters: { ...NO_FILTERS },
  dimOutside: false,
  /** What node size stands for. */
  sizeBy: 'none' as SizeBy,
  /** The day the network is drawn as of (posts, stationings, 一肩挑), or null: all times. */
  asOf: null as string | null,
  busy: 0,
  /** Increments after each label pass, so a test can wait for the labels of the current view. */
  labelled: 0,
};

const cy: Core = cytoscape({
  container: $('#cy'),
  style: STYLE,
  minZoom: 0.05,
  maxZoom: 4,
  // Shift/Ctrl + drag draws a lasso (below); Shift/Ctrl + click adds to the selection.
  boxSelectionEnabled: false,
  selectionType: 'single',
});
// A free-hand lasso instead of the rectangle: it fires the same box events and selects the nodes
// inside the drawn outline.
(cy as Core & { lassoSelectionEnabled(enabled: boolean): unknown }).lassoSelectionEnabled(true);

function status(text: string): void {
  $('#status').textContent = text;
}

function displayLabel(data: { label: string; pinyin: string; nameEn?: string }): string {
  if (state.label === 'pinyin') return data.pinyin;
  if (state.label === 'en') return data.nameEn ?? data.pinyin;
  return data.label;
}

function refreshLabels(): void {
  cy.nodes('[!group]').forEach((n) => {
    n.data('display', displayLabel(n.data() as { label: string; pinyin: string; nameEn?: string }));
  });
}

// ---------------------------------------------------------------------------------------------
// Labels: re-decided after every change of the view (labels.ts).

let labelTimer: ReturnType<typeof setTimeout> | undefined;

function relabel(): void {
  clearTimeout(labelTimer);
  labelTimer = undefined;
  // Font sizes are functions of the zoom: recompute them before measuring.
  cy.style().update();
  declutter(cy, new Set([...state.searchHits, ...state.expanded]));
  state.labelled += 1;
}

cy.on('viewport', () => {
  clearTimeout(labelTimer);
  labelTimer = setTimeout(relabel, 120);
});

// ---------------------------------------------------------------------------------------------
// Undo and redo: a snapshot of the canvas and the state it depends on before every change.

interface Snapshot {
  elements: ElementDefinition[];
  expanded: string[];
  truncated: string[];
  openGroups: string[];
  highlighted: string[];
  hiddenKinds: string[];
  provenance: typeof state.provenance;
  filters: PropertyFilters;
  asOf: string | null;
}

const undoStack: Snapshot[] = [];
const redoStack: Snapshot[] = [];

function snapshot(): Snapshot {
  return {
    elements: cy.elements().jsons() as unknown as ElementDefinition[],
    expanded: [...state.expanded],
    truncated: [...state.truncated],
    openGroups: [...state.openGroups],
    highlighted: [...state.highlighted],
    hiddenKinds: [...state.hiddenKinds],
    provenance: state.provenance,
    filters: { ...state.filters },
    asOf: state.asOf,
  };
}

/** Call before a change of the canvas: it can then be undone. */
function record(): void {
  undoStack.push(snapshot());
  if (undoStack.length > UNDO_DEPTH) undoStack.shift();
  redoStack.length = 0;
  updateUndoButtons();
}

function restoreSnapshot(s: Snapshot): void {
  cy.elements().remove();
  cy.add(s.elements);
  state.expanded = new Set(s.expanded);
  state.truncated = new Set(s.truncated);
  state.openGroups = new Set(s.openGroups);
  state.highlighted = s.highlighted;
  state.hiddenKinds = new Set(s.hiddenKinds);
  state.provenance = s.provenance;
  state.filters = { ...s.filters };
  state.asOf = s.asOf;
  syncFilterControls();
  syncTimeControls();
  saveUrl();
  relabel();
  status(`${String(cy.nodes().length)} nodes, ${String(cy.edges().length)} edges`);
}

function undo(): void {
  const s = undoStack.pop();
  if (!s) return;
  redoStack.push(snapshot());
  restoreSnapshot(s);
  updateUndoButtons();
}

function redo(): void {
  const s = redoStack.pop();
  if (!s) return;
  undoStack.push(snapshot());
  restoreSnapshot(s);
  updateUndoButtons();
}

function updateUndoButtons(): void {
  $<HTMLButtonElement>('#undo').disabled = undoStack.length === 0;
  $<HTMLButtonElement>('#redo').disabled = redoStack.length === 0;
}

// ---------------------------------------------------------------------------------------------
// The URL holds the view: a shared link opens the same one.

function saveUrl(): void {
  const params = new URLSearchParams();
  if (state.expanded.size) params.set('ids', [...state.expanded].join(','));
  const pages = [...state.pages].map(([id, n]) => `${id}~${String(n)}`);
  if (pages.length) params.set('pages', pages.join(','));
  if (state.selected) params.set('sel', state.selected);
  if (state.mode !== 'explore') params.set('mode', state.mode);
  if (state.label !== 'zh') params.set('label', state.label);
  if (state.layout !== 'force') params.set('layout', state.layout);
  if (state.pathFrom) params.set('from', state.pathFrom.id);
  if (state.pathTo) params.set('to', state.pathTo.id);
  const relations = pathRelations();
  if (relations) params.set('via', relations.join(','));
  const within = $<HTMLSelectElement>('#chain-within').value;
  if (within) params.set('within', within);
  if (state.chain !== null) params.set('chain', String(state.chain));
  if (state.hiddenKinds.size) params.set('hide', [...state.hiddenKinds].join(','));
  if (state.provenance !== 'all') params.set('prov', state.provenance);
  if (state.filters.township) params.set('town', state.filters.township);
  if (state.filters.industry) params.set('industry', state.filters.industry);
  if (state.filters.level) params.set('level', state.filters.level);
  const along = [...$<HTMLSelectElement>('#expand-relations').selectedOptions].map((o) => o.value);
  if (along.length) params.set('along', along.join(','));
  const direction = $<HTMLSelectElement>('#expand-direction').value;
  if (direction !== 'both') params.set('dir', direction);
  if ($<HTMLInputElement>('#same-village').checked) params.set('same', '1');
  if (state.dimOutside) params.set('dim', '1');
  if (state.sizeBy !== 'none') params.set('size', state.sizeBy);
  if ($<HTMLInputElement>('#programs').checked) params.set('programs', '1');
  if (state.asOf) params.set('asOf', state.asOf);
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

function edgeElement(e: {
  id: string;
  source: string;
  target: string;
  type: string;
  synthetic: boolean;
  properties?: Record<string, unknown>;
}): ElementDefinition {
  return {
    group: 'edges',
    data: {
      id: e.id,
      source: e.source,
      target: e.target,
      type: e.type,
      synthetic: e.synthetic,
      properties: e.properties ?? {},
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Filters, grouping, layout: one pass after every change.

function applyFilters(): void {
  cy.batch(() => {
    cy.nodes('[!group]').forEach((n) => {
      const kindHidden = state.hiddenKinds.has(n.data('kind') as string);
      const synthetic = n.data('synthetic') === true;
      const provHidden = (state.provenance === 'real' && synthetic) || (state.provenance === 'synthetic' && !synthetic);
      n.toggleClass('filtered', kindHidden || provHidden || hiddenByProperties(n, state.filters));
    });
    // A group goes with its members: hidden when their kind is, or when all of them are filtered out.
    cy.nodes('[?group]').forEach((g) => {
      const members = (g.data('members') as string[]).map((id) => cy.getElementById(id));
      g.toggleClass(
        'filtered',
        state.hiddenKinds.has(g.data('kind') as string) || members.every((m) => m.hasClass('filtered')),
      );
    });
  });
  updateFilterOptions();
  applyDimming();
}

/** Offers the industries and levels of the view (and keeps a chosen one even when none is drawn). */
function updateFilterOptions(): void {
  const { industries, levels } = filterValues(cy);
  const fill = (select: HTMLSelectElement, values: string[], chosen: string): void => {
    const wanted = ['', ...new Set([...values, ...(chosen ? [chosen] : [])])];
    const current = [...select.options].map((o) => o.value);
    if (wanted.join('\n') !== current.join('\n')) {
      select.replaceChildren(...wanted.map((v) => new Option(v || 'any', v)));
    }
    select.value = chosen;
  };
  fill($<HTMLSelectElement>('#filter-industry'), industries, state.filters.industry);
  fill($<HTMLSelectElement>('#filter-level'), levels, state.filters.level);
  $<HTMLSelectElement>('#filter-township').value = state.filters.township;
}

function applyDimming(): void {
  cy.batch(() => {
    cy.elements().removeClass('dimmed');
    const lit = cy.elements('.highlighted');
    if ((state.dimOutside || state.layout === 'layered') && lit.nonempty()) cy.elements().not(lit).addClass('dimmed');
  });
}

/** Elements the layout should place: everything displayed. */
function displayed(): cytoscape.CollectionReturnValue {
  return cy
    .elements()
    .not('.grouped, .filtered')
    .filter((e) => e.isNode() || e.connectedNodes('.grouped, .filtered').empty());
}

/** Regroups, filters, lays out and relabels the canvas after a change of what is drawn. */
function refresh(relayout = true): void {
  groupLeaves(cy, state.openGroups, new Set([...state.expanded, ...state.highlighted]));
  applyFilters();
  applySizing(cy, state.sizeBy);
  if (relayout) {
    const eles = state.layout === 'layered' ? layeredElements() : displayed();
    runLayout(cy, state.layout, eles);
  }
  relabel();
  saveUrl();
}

/** In layered mode the chains (or the path) are laid out in columns; the rest stays aside. */
function layeredElements(): cytoscape.CollectionReturnValue {
  const ids = new Set(state.chains.flatMap((c) => [...c.nodes.map((n) => n.id), ...c.relationships.map((r) => r.id)]));
  const eles = displayed().filter((e) => ids.has(e.id()));
  return eles.nonempty() ? eles : displayed();
}

/** Adds what is not drawn yet; new nodes start in a ring around the node they were reached from. */
function merge(elements: ElementDefinition[], anchor?: string): number {
  const fresh = elements.filter((e) => e.data.id !== undefined && cy.getElementById(e.data.id).empty());
  if (fresh.length === 0) return 0;
  const centre = anchor && cy.getElementById(anchor).nonempty() ? cy.getElementById(anchor).position() : { x: 0, y: 0 };
  const freshNodes = fresh.filter((e) => e.group === 'nodes');
  freshNodes.forEach((e, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, freshNodes.length);
    const radius = 80 + 12 * Math.sqrt(freshNodes.length);
    e.position = { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
  });
  // Edges whose ends are not drawn (a path shown before its ends) wait for them.
  const nodeIds = new Set(freshNodes.map((e) => e.data.id));
  const edges = fresh.filter(
    (e) =>
      e.group === 'edges' &&
      (nodeIds.has(String(e.data.source)) || cy.getElementById(String(e.data.source)).nonempty()) &&
      (nodeIds.has(String(e.data.target)) || cy.getElementById(String(e.data.target)).nonempty()),
  );
  cy.add([...freshNodes, ...edges]);
  return fresh.length;
}

/** The relationship types an expansion follows: the chosen ones, else all but IMPLEMENTS unless asked. */
function expandRelations(): string[] {
  const chosen = [...$<HTMLSelectElement>('#expand-relations').selectedOptions].map((o) => o.value);
  if (chosen.length) return chosen;
  return RELATIONS.filter((r) => r !== 'IMPLEMENTS' || $<HTMLInputElement>('#programs').checked);
}

/** The neighbourhood of one node as the expansion controls and the time asked select it. */
async function neighbours(
  id: string,
  page: number,
): Promise<{ elements: ElementDefinition[]; truncated: boolean; limit: number } | undefined> {
  const relations = expandRelations();
  const direction = $<HTMLSelectElement>('#expand-direction').value as Direction;
  // The API orders neighbours (real first, then by id): page n asks for the first 60·(n+1).
  const limit = 1 + EXPAND_LIMIT * (page + 1);
  const net = await busy(`Expanding ${id}`, () =>
    gql<{ network: Network }>(NETWORK, { ids: [id], depth: 1, limit, relations, asOf: state.asOf }),
  );
  if (!net) return undefined;
  const { nodes, truncated } = net.network;
  let { edges } = net.network;
  if (direction === 'both')
    return { elements: [...nodes.map(nodeElement), ...edges.map(edgeElement)], truncated, limit };
  // Only the neighbours reached along links leaving (out) or entering (in) the node.
  const reached = new Set(
    edges
      .filter((e) => (direction === 'out' ? e.source === id : e.target === id))
      .map((e) => (direction === 'out' ? e.target : e.source)),
  );
  reached.add(id);
  edges = edges.filter((e) => reached.has(e.source) && reached.has(e.target));
  return {
    elements: [...nodes.filter((n) => reached.has(n.id)).map(nodeElement), ...edges.map(edgeElement)],
    truncated,
    limit,
  };
}

function markTruncated(id: string, truncated: boolean): void {
  const node = cy.getElementById(id);
  if (truncated) state.truncated.add(id);
  else state.truncated.delete(id);
  node.toggleClass('more', truncated);
}

async function expand(id: string, page = 0, recordIt = true): Promise<void> {
  const found = await neighbours(id, page);
  if (!found) return;
  const { elements, truncated, limit } = found;
  if (recordIt) record();
  merge(elements, id);
  state.expanded.add(id);
  if (page > 0) state.pages.set(id, page);
  const node = cy.getElementById(id);
  markTruncated(id, truncated);
  refresh();
  if (state.asOf) await markOneShoulder();
  status(
    `${String(cy.nodes('[!group]').length)} nodes, ${String(cy.edges('[!group]').length)} edges${truncated ? ` · more neighbours of ${String(node.data('label'))} than the ${String(limit - 1)} shown` : ''}`,
  );
}

function highlight(ids: string[]): void {
  cy.elements().removeClass('highlighted');
  state.highlighted = ids;
  let collection = cy.collection();
  for (const id of ids) collection = collection.union(cy.getElementById(id));
  collection.addClass('highlighted');
  applyDimming();
  if (collection.nonempty()) cy.fit(collection, 60);
  relabel();
}

// ---------------------------------------------------------------------------------------------
// Details of a node or an edge, in readable form.

const FIELD_NAMES: Record<string, string> = {
  role: 'Role 职务',
  since: 'Since 起',
  until: 'Until 止',
  level: 'Level 级别',
  year: 'Year 年',
  mode: 'Mode 方式',
  toPost: 'To post 任职',
  kind: 'Kind',
};

function readable(key: string, value: unknown): string {
  if (key === 'role' && typeof value === 'string') return `${ROLES[value] ?? value} (${value})`;
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

async function sentenceQuote(id: string): Promise<HTMLElement | null> {
  const data = await gql<{
    node: { id: string; text: string; document: { title: string; publishedOn: string } } | null;
  }>(SENTENCE, { id }).catch(() => null);
  const s = data?.node;
  if (!s?.text) return null;
  const quote = document.createElement('blockquote');
  quote.textContent = s.text;
  const cite = document.createElement('cite');
  cite.textContent = ` — ${s.document.title} (${s.document.publishedOn})`;
  quote.append(cite);
  return quote;
}

/** The query the playground opens for an entity: its id, names, evidence; a village's posts at the time asked. */
function readyQuery(id: string, kind: string): string {
  const asOf = state.asOf ? `(asOf: "${state.asOf}")` : '';
  const village =
    kind === 'VILLAGE'
      ? `\n    ... on Village {\n      oneShoulder${asOf}\n      secretary${asOf} { name }\n      director${asOf} { name }\n    }`
      : '';
  return `{\n  node(id: ${JSON.stringify(id)}) {\n    ... on Entity { id kind name pinyin synthetic evidence { text } }${village}\n  }\n}`;
}

function playgroundLink(query: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = `/playground?query=${encodeURIComponent(query)}`;
  a.id = 'open-playground';
  a.textContent = 'Open in the playground';
  a.target = '_blank';
  return a;
}

async function showEdgeDetails(edge: EdgeSingular): Promise<void> {
  const d = edge.data() as { type: string; synthetic: boolean; properties?: Record<string, unknown> };
  const details = $('#details');
  details.replaceChildren();
  const title = document.createElement('h3');
  title.textContent = `${String(edge.source().data('label'))} —${d.type}→ ${String(edge.target().data('label'))}`;
  const provenance = document.createElement('p');
  provenance.textContent = d.synthetic ? 'synthetic 模拟 link' : 'real link';
  const list = document.createElement('dl');
  list.id = 'edge-properties';
  const properties = d.properties ?? {};
  const keys = Object.keys(properties).filter((k) => !['id', 'synthetic', 'evidence'].includes(k));
  // Posts and stationings always say since/until, open-ended ones too.
  if (d.type === 'HOLDS_POST' || d.type === 'STATIONED_IN') {
    for (const k of ['since', 'until']) if (!keys.includes(k)) keys.push(k);
  }
  for (const key of keys) {
    const dt = document.createElement('dt');
    dt.textContent = FIELD_NAMES[key] ?? key;
    dt.dataset.key = key;
    const dd = document.createElement('dd');
    dd.textContent = key === 'until' && properties[key] == null ? 'now 至今' : readable(key, properties[key]);
    list.append(dt, dd);
  }
  details.append(title, provenance, list);
  const evidence = properties.evidence;
  if (typeof evidence === 'string') {
    const quote = await busy('Loading evidence', () => sentenceQuote(evidence));
    if (quote) details.append(quote);
  }
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
    if (['name', 'pinyin', 'pinyinPlain', 'pinyinInitials', 'kind', 'synthetic', 'id'].includes(key)) continue;
    // Evidence ids are shown as their sentences below.
    if (typeof value === 'string' && value.startsWith('Sentence:')) continue;
    const dt = document.createElement('dt');
    dt.textContent = key;
    const dd = document.createElement('dd');
    dd.textContent = readable(key, value);
    list.append(dt, dd);
  }
  const actions = document.createElement('p');
  actions.className = 'actions';
  if (state.truncated.has(id)) {
    const next = document.createElement('button');
    next.type = 'button';
    next.id = 'next-page';
    next.textContent = `Next ${String(EXPAND_LIMIT)} neighbours`;
    next.addEventListener('click', () => void expand(id, (state.pages.get(id) ?? 0) + 1));
    actions.append(next, ' ');
  }
  actions.append(playgroundLink(readyQuery(node.id, node.kind)));
  details.append(title, kind, provenance, list, actions);
  for (const sentence of node.evidence) {
    const quote = document.createElement('blockquote');
    quote.textContent = sentence.text;
    const cite = document.createElement('cite');
    cite.textContent = ` — ${sentence.document.title} (${sentence.document.publishedOn})`;
    quote.append(cite);
    details.append(quote);
  }
  for (const [key, value] of Object.entries(properties)) {
    if (typeof value !== 'string' || !value.startsWith('Sentence:')) continue;
    const quote = await sentenceQuote(value);
    if (!quote) continue;
    quote.prepend(Object.assign(document.createElement('strong'), { textContent: `${key}: ` }));
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

// ---------------------------------------------------------------------------------------------
// Search as you type.

let searchSeq = 0;

async function runSearch(text: string): Promise<void> {
  if (!text.trim()) return;
  // Only the latest search may fill the list: an earlier, slower answer must not overwrite it.
  const seq = ++searchSeq;
  const data = await busy(`Searching “${text}”`, () => gql<{ search: SearchHit[] }>(SEARCH, { text }));
  if (seq !== searchSeq) return;
  const list = $('#results');
  list.replaceChildren();
  const hits = data?.search ?? [];
  state.searchHits = new Set(hits.map((h) => h.entity.id));
  for (const hit of hits) {
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
      setPathEnd('from', hit.entity.id, hit.entity.name);
    });
    const to = document.createElement('button');
    to.type = 'button';
    to.textContent = 'To';
    to.addEventListener('click', (e) => {
      e.stopPropagation();
      setPathEnd('to', hit.entity.id, hit.entity.name);
    });
    li.append(from, to);
    const open = (): void => void select(hit.entity.id);
    li.addEventListener('click', open);
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') open();
      if (e.key === 'ArrowDown') (li.nextElementSibling as HTMLElement | null)?.focus();
      if (e.key === 'ArrowUp') ((li.previousElementSibling as HTMLElement | null) ?? $('#search')).focus();
    });
    list.append(li);
  }
  status(`${String(hits.length)} results for “${text}”`);
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

// ---------------------------------------------------------------------------------------------
// Chains.

async function loadChains(): Promise<void> {
  const within = $<HTMLSelectElement>('#chain-within').value || null;
  const sameVillage = $<HTMLInputElement>('#same-village').checked;
  const chains: Chain[] = [];
  let total: number;
  let after: string | null = null;
  // Every page: a county has more chains than one page holds.
  for (;;) {
    const data = await busy('Loading chains', () =>
      gql<{
        chains: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: { node: Chain }[];
        };
      }>(CHAINS, { within, sameVillage, after }),
    );
    if (!data) return;
    total = data.chains.totalCount;
    chains.push(...data.chains.edges.map((e) => e.node));
    if (!data.chains.pageInfo.hasNextPage || !data.chains.pageInfo.endCursor) break;
    after = data.chains.pageInfo.endCursor;
  }
  record();
  state.chains = chains;
  state.chain = null;
  $('#chain-count').textContent = `${String(total)} chains`;
  const list = $('#chains');
  list.replaceChildren();
  state.chains.forEach((chain, index) => {
    const li = document.createElement('li');
    li.tabIndex = 0;
    li.textContent = chain.nodes.map((n) => n.name).join(' → ');
    const show = (): void => showChain(index);
    li.addEventListener('click', show);
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') show();
    });
    list.append(li);
  });
  // Draw all of them at once, highlighted, so the pattern is visible across the county.
  merge(state.chains.flatMap(chainElements));
  state.highlighted = state.chains.flatMap((c) => [...c.nodes.map((n) => n.id), ...c.relationships.map((r) => r.id)]);
  refresh();
  highlight(state.highlighted);
  status(`${String(total)} 支部+龙头企业+基地 chains`);
}

function chainElements(chain: Chain): ElementDefinition[] {
  return [
    ...chain.nodes.map((n) =>
      nodeElement({ id: n.id, kind: n.kind, label: n.name, pinyin: n.pinyin, synthetic: n.synthetic }),
    ),
    ...chain.relationships.map((r) => edgeElement(r)),
  ];
}

function showChain(index: number): void {
  const chain = state.chains[index];
  if (!chain) return;
  state.chain = index;
  const list = $('#chains');
  list.querySelectorAll('li').forEach((x, i) => {
    if (i === index) x.setAttribute('aria-current', 'true');
    else x.removeAttribute('aria-current');
  });
  if (merge(chainElements(chain)) > 0) refresh();
  highlight([...chain.nodes.map((n) => n.id), ...chain.relationships.map((r) => r.id)]);
  saveUrl();
}

// ---------------------------------------------------------------------------------------------
// Paths.

function pathRelations(): string[] | null {
  const chosen = [...$<HTMLSelectElement>('#path-relations').selectedOptions].map((o) => o.value);
  return chosen.length ? chosen : null;
}

function setPathEnd(end: 'from' | 'to', id: string, name: string): void {
  if (end === 'from') state.pathFrom = { id, name };
  else state.pathTo = { id, name };
  $(end === 'from' ? '#path-from' : '#path-to').textContent = name;
  setMode('path');
}

async function findPath(): Promise<void> {
  if (!state.pathFrom || !state.pathTo) {
    status('Pick “From” and “To” in the search results or from a node’s menu (right click) first');
    return;
  }
  saveUrl();
  const data = await busy('Finding the shortest paths', () =>
    gql<{ paths: (Chain & { length: number })[] }>(PATHS, {
      from: state.pathFrom?.id,
      to: state.pathTo?.id,
      relations: pathRelations(),
    }),
  );
  state.paths = data?.paths ?? [];
  const list = $('#paths');
  list.replaceChildren();
  if (state.paths.length === 0) {
    $('#path-result').textContent = 'No path within 6 hops.';
    return;
  }
  state.paths.forEach((p, index) => {
    const li = document.createElement('li');
    li.tabIndex = 0;
    li.textContent = `${String(p.length)} hops: ${p.nodes.map((n) => n.name).join(' → ')}`;
    li.addEventListener('click', () => showPath(index));
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') showPath(index);
    });
    list.append(li);
  });
  record();
  merge(state.paths.flatMap((p) => chainElements({ nodes: p.nodes, relationships: p.relationships })));
  refresh();
  showPath(0);
}

function showPath(index: number): void {
  const path = state.paths[index];
  if (!path) return;
  $('#paths')
    .querySelectorAll('li')
    .forEach((x, i) => {
      if (i === index) x.setAttribute('aria-current', 'true');
      else x.removeAttribute('aria-current');
    });
  highlight([...path.nodes.map((n) => n.id), ...path.relationships.map((r) => r.id)]);
  $('#path-result').textContent =
    `${String(state.paths.length)} shortest path${state.paths.length > 1 ? 's' : ''}; ${String(path.length)} hops: ${path.nodes.map((n) => n.name).join(' → ')}`;
  status(`Shortest path: ${String(path.length)} hops`);
}

// ---------------------------------------------------------------------------------------------
// Time: the network as it stood on a day (the API's `asOf`), by slider, date or playing the years.

/** The slider runs over the months of the campaign's core years. */
const TIME_FROM = { year: 2017, month: 1 };
const TIME_MONTHS = 48;
let playing = false;
/** Read through a call: a click on Stop changes `playing` while the years play. */
const stillPlaying = (): boolean => playing;

/** The last day of the slider's month `index` (0: January 2017), as `YYYY-MM-DD`. */
function monthEnd(index: number): string {
  const year = TIME_FROM.year + Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year)}-${String(month).padStart(2, '0')}-${String(last)}`;
}

/** The slider position of a day (clamped to the slider's range). */
function monthIndex(day: string): number {
  const [y, m] = day.split('-').map(Number);
  const index = ((y ?? TIME_FROM.year) - TIME_FROM.year) * 12 + ((m ?? 1) - 1);
  return Math.min(TIME_MONTHS - 1, Math.max(0, index));
}

function syncTimeControls(): void {
  $<HTMLInputElement>('#as-of').value = state.asOf ?? '';
  $<HTMLInputElement>('#time-slider').value = String(monthIndex(state.asOf ?? monthEnd(TIME_MONTHS - 1)));
  $('#time-label').textContent = state.asOf ? `as of ${state.asOf}` : 'all times';
  $<HTMLButtonElement>('#time-all').disabled = state.asOf === null;
}

/** What chains and paths drew: they are timeless, a change of time leaves them. */
function timelessIds(): Set<string> {
  return new Set(
    [...state.chains, ...state.paths].flatMap((c) => [
      ...c.nodes.map((n) => n.id),
      ...c.relationships.map((r) => r.id),
    ]),
  );
}

/**
 * Draws the expanded neighbourhoods again as they stood at `asOf` (null: at any time): links not
 * active then go, with the entities only they brought; the ones active then come; 一肩挑 is marked.
 */
async function setTime(asOf: string | null): Promise<void> {
  if (asOf === state.asOf) return;
  const before = snapshot();
  state.asOf = asOf;
  syncTimeControls();
  const ids = [...state.expanded];
  const answers = await Promise.all(ids.map((id) => neighbours(id, state.pages.get(id) ?? 0)));
  if (answers.some((a) => a === undefined) || state.asOf !== asOf) return;
  undoStack.push(before);
  redoStack.length = 0;
  updateUndoButtons();
  const keep = timelessIds();
  for (const a of answers) for (const e of a?.elements ?? []) keep.add(String(e.data.id));
  cy.batch(() => {
    cy.elements('[!group]')
      .filter((e) => !keep.has(e.id()))
      .remove();
  });
  let added = 0;
  answers.forEach((a, i) => {
    const id = ids[i];
    if (!a || id === undefined) return;
    added += merge(a.elements, id);
    markTruncated(id, a.truncated);
  });
  refresh(added > 0);
  await markOneShoulder();
  const posts = cy.edges('[type = "HOLDS_POST"]').length;
  const stationings = cy.edges('[type = "STATIONED_IN"]').length;
  const shoulders = cy.nodes('[?oneShoulder]').length;
  status(
    `${asOf ? `As of ${asOf}` : 'All times'}: ${String(posts)} posts, ${String(stationings)} stationings drawn` +
      (asOf ? `, ${String(shoulders)} villages with 一肩挑` : ''),
  );
}

/** Marks the villages drawn whose secretary is also committee director (一肩挑) at `asOf`. */
async function markOneShoulder(): Promise<void> {
  const asOf = state.asOf;
  const villages = cy.nodes('[kind = "VILLAGE"]').map((n) => n.id());
  const found = new Map<string, { oneShoulder: boolean; oneShoulderSynthetic: boolean }>();
  if (asOf) {
    for (let i = 0; i < villages.length; i += 100) {
      const data = await busy('Checking 一肩挑', () =>
        gql<{ nodes: ({ id?: string; oneShoulder?: boolean; oneShoulderSynthetic?: boolean } | null)[] }>(
          ONE_SHOULDER,
          { ids: villages.slice(i, i + 100), asOf },
        ),
      );
      for (const v of data?.nodes ?? []) {
        if (v?.id)
          found.set(v.id, {
            oneShoulder: v.oneShoulder === true,
            oneShoulderSynthetic: v.oneShoulderSynthetic === true,
          });
      }
    }
  }
  // A later change of time owns the marks.
  if (state.asOf !== asOf) return;
  cy.batch(() => {
    cy.nodes('[kind = "VILLAGE"]').forEach((n) => {
      const v = found.get(n.id());
      n.data('oneShoulder', v?.oneShoulder ?? false);
      n.data('oneShoulderSynthetic', v?.oneShoulderSynthetic ?? false);
    });
  });
}

/** Plays the years 2017–2020: the network at the end of each year in turn. */
async function play(): Promise<void> {
  if (playing) {
    playing = false;
    return;
  }
  playing = true;
  const button = $<HTMLButtonElement>('#time-play');
  button.textContent = '■ Stop';
  document.body.dataset.playing = 'true';
  for (let year = TIME_FROM.year; year < TIME_FROM.year + TIME_MONTHS / 12 && stillPlaying(); year++) {
    await setTime(`${String(year)}-12-31`);
    saveUrl();
    // Long enough to see each year; the redraw itself has finished.
    if (year < TIME_FROM.year + TIME_MONTHS / 12 - 1) await new Promise((r) => setTimeout(r, 1200));
  }
  playing = false;
  button.textContent = '▶ Play 2017–2020';
  document.body.dataset.playing = 'false';
}

// ---------------------------------------------------------------------------------------------
// Saved views: the canvas (positions included), filters and styles as a JSON file, and back.

const VIEW_FORMAT = 'jingtai-kg explorer view';

interface SavedView {
  format: typeof VIEW_FORMAT;
  version: 1;
  /** The same view as a link (without positions). */
  url: string;
  view: Snapshot & {
    mode: Mode;
    label: LabelMode;
    layout: LayoutName;
    pages: [string, number][];
    dimOutside: boolean;
    sizeBy: SizeBy;
  };
}

function savedView(): SavedView {
  return {
    format: VIEW_FORMAT,
    version: 1,
    url: location.href,
    view: {
      ...snapshot(),
      mode: state.mode,
      label: state.label,
      layout: state.layout,
      pages: [...state.pages],
      dimOutside: state.dimOutside,
      sizeBy: state.sizeBy,
    },
  };
}

/** Draws a saved view as it was saved: the same elements at the same positions, filters and styles. */
function loadView(data: unknown): void {
  const saved = data as Partial<SavedView> | null;
  if (saved?.format !== VIEW_FORMAT || saved.version !== 1 || !saved.view || !Array.isArray(saved.view.elements)) {
    throw new Error(`expected a “${VIEW_FORMAT}” file, version 1`);
  }
  const v = saved.view;
  record();
  state.mode = v.mode;
  state.label = v.label;
  state.layout = v.layout in LAYOUTS ? v.layout : 'force';
  state.pages = new Map(v.pages);
  state.dimOutside = v.dimOutside;
  state.sizeBy = v.sizeBy in SIZE_RULES ? v.sizeBy : 'none';
  $<HTMLSelectElement>('#label-mode').value = state.label;
  $<HTMLSelectElement>('#layout-mode').value = state.layout;
  $<HTMLSelectElement>('#size-by').value = state.sizeBy;
  setMode(state.mode);
  restoreSnapshot(v);
  refreshLabels();
  // The saved positions are the layout: no new one.
  refresh(false);
  cy.fit(undefined, 30);
  status(`Loaded a saved view: ${String(cy.nodes('[!group]').length)} nodes`);
}

// ---------------------------------------------------------------------------------------------
// Hiding: dismiss, dismiss others, filters.

function dismiss(nodes: cytoscape.NodeCollection): void {
  if (nodes.empty()) return;
  record();
  for (const id of nodes.map((n) => n.id())) {
    state.expanded.delete(id);
    state.truncated.delete(id);
    state.pages.delete(id);
  }
  nodes.remove();
  refresh(false);
  status(`${String(cy.nodes('[!group]').length)} nodes, ${String(cy.edges('[!group]').length)} edges`);
}

function dismissOthers(keep: cytoscape.NodeCollection): void {
  if (keep.empty()) return;
  const members = keep
    .filter('[?group]')
    .map((g) => g.data('members') as string[])
    .flat();
  dismiss(
    cy
      .nodes()
      .not(keep)
      .filter((n) => !members.includes(n.id())),
  );
}

function syncFilterControls(): void {
  document.querySelectorAll<HTMLInputElement>('#legend input[data-kind]').forEach((box) => {
    box.checked = !state.hiddenKinds.has(box.dataset.kind ?? '');
  });
  $<HTMLSelectElement>('#provenance').value = state.provenance;
  $<HTMLInputElement>('#dim-outside').checked = state.dimOutside;
}

// ---------------------------------------------------------------------------------------------
// Right-click menu on a node.

function openMenu(node: NodeSingular, x: number, y: number): void {
  const menu = $('#menu');
  menu.replaceChildren();
  const item = (label: string, action: () => void): void => {
    const b = document.createElement('button');
    b.type = 'button';
    b.role = 'menuitem';
    b.textContent = label;
    b.addEventListener('click', () => {
      menu.hidden = true;
      action();
    });
    menu.append(b);
  };
  const name = String(node.data('label'));
  item('Expand', () => void expand(node.id()));
  item('Path from here…', () => setPathEnd('from', node.id(), name));
  item('Path to here', () => {
    setPathEnd('to', node.id(), name);
    if (state.pathFrom) void findPath();
  });
  item('Dismiss', () => dismiss(cy.collection(node)));
  item('Dismiss others', () => dismissOthers(cy.collection(node).union(cy.nodes(':selected'))));
  const box = $('#cy').getBoundingClientRect();
  menu.style.left = `${String(box.left + x)}px`;
  menu.style.top = `${String(box.top + y)}px`;
  menu.hidden = false;
  menu.querySelector('button')?.focus();
}

// ---------------------------------------------------------------------------------------------
// Wiring.

let typing: ReturnType<typeof setTimeout> | undefined;
$<HTMLFormElement>('#search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  clearTimeout(typing);
  void runSearch($<HTMLInputElement>('#search').value);
});
$<HTMLInputElement>('#search').addEventListener('input', (e) => {
  clearTimeout(typing);
  const text = (e.target as HTMLInputElement).value;
  typing = setTimeout(() => void runSearch(text), 250);
});
$<HTMLInputElement>('#search').addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown') {
    e.preventDefault();
    document.querySelector<HTMLElement>('#results li')?.focus();
  }
});
document
  .querySelectorAll<HTMLButtonElement>('nav button')
  .forEach((b) => b.addEventListener('click', () => setMode(b.dataset.mode as Mode)));
$<HTMLSelectElement>('#label-mode').addEventListener('change', (e) => {
  state.label = (e.target as HTMLSelectElement).value as LabelMode;
  refreshLabels();
  relabel();
  saveUrl();
});
const layoutSelect = $<HTMLSelectElement>('#layout-mode');
for (const [value, text] of Object.entries(LAYOUTS)) layoutSelect.append(new Option(text, value));
layoutSelect.addEventListener('change', () => {
  record();
  state.layout = layoutSelect.value as LayoutName;
  refresh();
});
$('#load-chains').addEventListener('click', () => void loadChains());
$('#find-path').addEventListener('click', () => void findPath());
for (const select of [$<HTMLSelectElement>('#expand-relations'), $<HTMLSelectElement>('#path-relations')]) {
  for (const r of RELATIONS) select.append(new Option(r, r));
}
$<HTMLSelectElement>('#path-relations').addEventListener('change', saveUrl);
$<HTMLInputElement>('#programs').addEventListener('change', saveUrl);
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
$('#export-svg').addEventListener('click', () =>
  download('jingtai-network.svg', cy.svg({ full: true, bg: '#ffffff' }), 'image/svg+xml'),
);
$('#export-csv').addEventListener('click', () => {
  const { nodes, edges } = toCsv(cy);
  download('jingtai-nodes.csv', nodes, 'text/csv');
  download('jingtai-edges.csv', edges, 'text/csv');
});
$('#export-graphml').addEventListener('click', () =>
  download('jingtai-network.graphml', toGraphML(cy), 'application/graphml+xml'),
);
$('#clear').addEventListener('click', () => {
  record();
  cy.elements().remove();
  state.expanded.clear();
  state.truncated.clear();
  state.pages.clear();
  state.openGroups.clear();
  state.highlighted = [];
  state.selected = null;
  $('#details').replaceChildren(
    Object.assign(document.createElement('p'), { textContent: 'Click a node or a link to see its details.' }),
  );
  saveUrl();
  status('Cleared');
});
$('#undo').addEventListener('click', undo);
$('#redo').addEventListener('click', redo);
$('#dismiss').addEventListener('click', () => dismiss(cy.nodes(':selected')));
$('#dismiss-others').addEventListener('click', () => dismissOthers(cy.nodes(':selected')));
$<HTMLSelectElement>('#provenance').addEventListener('change', (e) => {
  record();
  state.provenance = (e.target as HTMLSelectElement).value as typeof state.provenance;
  refresh(false);
});
const timeSlider = $<HTMLInputElement>('#time-slider');
timeSlider.max = String(TIME_MONTHS - 1);
let sliding: ReturnType<typeof setTimeout> | undefined;
timeSlider.addEventListener('input', () => {
  // Dragging passes many months: draw the one it rests on.
  $('#time-label').textContent = `as of ${monthEnd(Number(timeSlider.value))}`;
  clearTimeout(sliding);
  sliding = setTimeout(() => void setTime(monthEnd(Number(timeSlider.value))).then(saveUrl), 200);
});
$<HTMLInputElement>('#as-of').addEventListener('change', (e) => {
  const day = (e.target as HTMLInputElement).value;
  void setTime(day || null).then(saveUrl);
});
$('#time-all').addEventListener('click', () => void setTime(null).then(saveUrl));
$('#time-play').addEventListener('click', () => void play());
for (const [select, key] of [
  ['#filter-township', 'township'],
  ['#filter-industry', 'industry'],
  ['#filter-level', 'level'],
] as const) {
  $<HTMLSelectElement>(select).addEventListener('change', (e) => {
    record();
    state.filters = { ...state.filters, [key]: (e.target as HTMLSelectElement).value };
    refresh(false);
  });
}
for (const control of ['#expand-relations', '#expand-direction', '#same-village']) {
  $(control).addEventListener('change', saveUrl);
}
const sizeSelect = $<HTMLSelectElement>('#size-by');
for (const [value, text] of Object.entries(SIZE_RULES)) sizeSelect.append(new Option(text, value));
sizeSelect.addEventListener('change', () => {
  state.sizeBy = sizeSelect.value as SizeBy;
  applySizing(cy, state.sizeBy);
  relabel();
  saveUrl();
});
$('#save-view').addEventListener('click', () =>
  download('jingtai-view.json', JSON.stringify(savedView(), null, 2), 'application/json'),
);
$<HTMLInputElement>('#load-view').addEventListener('change', (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (!file) return;
  void file
    .text()
    .then((text) => loadView(JSON.parse(text) as unknown))
    .catch((err: unknown) => status(`Not a saved view: ${(err as Error).message}`))
    .finally(() => ((e.target as HTMLInputElement).value = ''));
});
$<HTMLInputElement>('#dim-outside').addEventListener('change', (e) => {
  state.dimOutside = (e.target as HTMLInputElement).checked;
  applyDimming();
  saveUrl();
});

cy.on('tap', 'node', (e) => {
  const node = e.target as NodeSingular;
  const original = e.originalEvent as MouseEvent | undefined;
  if (node.data('group') === true) {
    record();
    state.openGroups.add(node.id());
    openGroup(cy, node);
    refresh();
    return;
  }
  // Shift/Ctrl/Cmd-click adds to the selection rather than opening the node.
  if (original && (original.shiftKey || original.ctrlKey || original.metaKey)) {
    setTimeout(() => node.select(), 0);
    return;
  }
  void select(node.id());
});
cy.on('tap', 'edge', (e) => void showEdgeDetails(e.target as EdgeSingular));
cy.on('mouseover', 'edge', (e) => (e.target as EdgeSingular).addClass('hover'));
cy.on('mouseout', 'edge', (e) => (e.target as EdgeSingular).removeClass('hover'));
cy.on('select unselect', 'node', () => {
  cy.edges().removeClass('near');
  cy.nodes(':selected').connectedEdges().addClass('near');
});
cy.on('cxttap', 'node', (e) => {
  openMenu(e.target as NodeSingular, e.renderedPosition.x, e.renderedPosition.y);
});
cy.on('tap', (e) => {
  $('#menu').hidden = true;
  if (e.target === cy) highlight([]);
});
document.addEventListener('keydown', (e) => {
  const typingHere = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
  if (e.key === '/' && !typingHere) {
    e.preventDefault();
    $<HTMLInputElement>('#search').focus();
  } else if (e.key === 'Escape') {
    $('#menu').hidden = true;
    highlight([]);
  } else if (e.key === 'e' && !typingHere && state.selected) {
    void expand(state.selected);
  } else if ((e.ctrlKey || e.metaKey) && e.key === 'z' && !typingHere) {
    e.preventDefault();
    if (e.shiftKey) redo();
    else undo();
  } else if ((e.ctrlKey || e.metaKey) && e.key === 'y' && !typingHere) {
    e.preventDefault();
    redo();
  } else if ((e.key === 'Delete' || e.key === 'Backspace') && !typingHere) {
    dismiss(cy.nodes(':selected'));
  }
});

// The legend comes from the same table as the styles; each kind can be hidden.
$('#legend').replaceChildren(
  ...Object.entries(KINDS).map(([kind, { colour, label }]) => {
    const li = document.createElement('li');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = true;
    box.dataset.kind = kind;
    box.addEventListener('change', () => {
      record();
      if (box.checked) state.hiddenKinds.delete(kind);
      else state.hiddenKinds.add(kind);
      refresh(false);
    });
    const l = document.createElement('label');
    l.innerHTML = `<i style="background:${colour}"></i>`;
    l.prepend(box);
    l.append(label);
    li.append(l);
    return li;
  }),
  Object.assign(document.createElement('li'), { textContent: '- - dashed outline: synthetic (模拟)' }),
  Object.assign(document.createElement('li'), { textContent: '··· dotted ring: more neighbours' }),
  Object.assign(document.createElement('li'), { textContent: '◎ double ring: a group, click to open' }),
  Object.assign(document.createElement('li'), { textContent: '○ red ring: 一肩挑 at the time asked' }),
);
updateUndoButtons();

// Tests and power users reach the live state here.
Object.assign(window, { explorer: { cy, state, relabel, undo, redo, setTime } });

/** Restores a shared view from the URL (see saveUrl for the parameters). */
async function restore(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const label = params.get('label');
  if (label === 'pinyin' || label === 'en') {
    state.label = label;
    $<HTMLSelectElement>('#label-mode').value = label;
  }
  const layout = params.get('layout');
  if (layout && layout in LAYOUTS) {
    state.layout = layout as LayoutName;
    layoutSelect.value = layout;
  }
  for (const kind of (params.get('hide') ?? '').split(',').filter(Boolean)) state.hiddenKinds.add(kind);
  const prov = params.get('prov');
  if (prov === 'real' || prov === 'synthetic') state.provenance = prov;
  state.filters = {
    township: params.get('town') ?? '',
    industry: params.get('industry') ?? '',
    level: params.get('level') ?? '',
  };
  const along = new Set((params.get('along') ?? '').split(','));
  for (const o of $<HTMLSelectElement>('#expand-relations').options) o.selected = along.has(o.value);
  const dir = params.get('dir');
  if (dir === 'out' || dir === 'in') $<HTMLSelectElement>('#expand-direction').value = dir;
  $<HTMLInputElement>('#same-village').checked = params.get('same') === '1';
  state.dimOutside = params.get('dim') === '1';
  const size = params.get('size');
  if (size && size in SIZE_RULES) state.sizeBy = size as SizeBy;
  $<HTMLSelectElement>('#size-by').value = state.sizeBy;
  const asOf = params.get('asOf');
  if (asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf)) state.asOf = asOf;
  syncTimeControls();
  $<HTMLInputElement>('#programs').checked = params.get('programs') === '1';
  syncFilterControls();
  const via = new Set((params.get('via') ?? '').split(','));
  for (const o of $<HTMLSelectElement>('#path-relations').options) o.selected = via.has(o.value);
  const towns = await busy('Loading townships', () => gql<{ townships: { id: string; name: string }[] }>(TOWNSHIPS));
  const within = $<HTMLSelectElement>('#chain-within');
  for (const t of towns?.townships ?? []) {
    within.append(new Option(t.name, t.id));
    $<HTMLSelectElement>('#filter-township').append(new Option(t.name, t.id));
  }
  updateFilterOptions();
  within.value = params.get('within') ?? '';
  const pages = new Map(
    (params.get('pages') ?? '')
      .split(',')
      .filter(Boolean)
      .map((p) => [p.slice(0, p.lastIndexOf('~')), Number(p.slice(p.lastIndexOf('~') + 1))] as const),
  );
  for (const id of (params.get('ids') ?? '').split(',').filter(Boolean)) await expand(id, pages.get(id) ?? 0, false);
  const mode = params.get('mode');
  if (mode === 'chains' || mode === 'path') setMode(mode);
  if (mode === 'chains') {
    await loadChains();
    const chain = Number(params.get('chain'));
    if (params.has('chain') && Number.isInteger(chain)) showChain(chain);
  }
  const from = params.get('from');
  const to = params.get('to');
  if (from) state.pathFrom = { id: from, name: from };
  if (to) state.pathTo = { id: to, name: to };
  if (from) $('#path-from').textContent = from;
  if (to) $('#path-to').textContent = to;
  if (mode === 'path' && from && to) await findPath();
  const sel = params.get('sel');
  if (sel) await showDetails(sel);
  undoStack.length = 0;
  updateUndoButtons();
  if (cy.nodes().empty()) status('Search for an entity to start, e.g. 城北村 or chengbei. Press / to search.');
  document.body.dataset.ready = 'true';
}

void restore();
