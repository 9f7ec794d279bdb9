import { kindOfLabel, type EntityLabel, type RelationType } from '../model/kinds.js';
import type {
  ChainRecord,
  EntityRecord,
  NetworkEdgeRecord,
  NetworkNodeRecord,
  NetworkRecord,
  RelationshipRecord,
} from '../model/records.js';
import { integer, type Database, type QueryLog } from './database.js';
import { keyList, orderText, pageLimit, seek, type KeyValues, type PageWindow, type SortKey } from './keyset.js';
import { Anchor, type Predicates } from './filters.js';
import { Params } from './params.js';
import { activeDuring, pathAlive, type Window } from './rules.js';

/** Cypher expression turning relationship `r` into a RelationshipRecord map. */
const REL_MAP = (r: string): string =>
  `{id: coalesce(${r}.id, elementId(${r})), type: type(${r}), source: startNode(${r}).id, target: endNode(${r}).id, properties: properties(${r})}`;

/** One step of a compiled chain pattern: labels and types already checked against the allow-lists. */
export interface ChainStep {
  label: EntityLabel;
  relation?: RelationType;
  direction: 'OUT' | 'IN' | 'ANY';
  predicates: Predicates;
}

/**
 * The MATCH of a chain pattern with its WHERE clause, and its row order (shared by both paths). A
 * chain `within` a place starts there: the first nodes within it are found walking inwards from the
 * place, each once, and the chains grow from them (not every chain of the province tested).
 */
export function chainMatch(steps: ChainStep[]): {
  match: string;
  /** Whether the match starts from a place (`within`) rather than from the pattern. */
  anchored: boolean;
  nodes: string;
  rels: string;
  order: string;
} {
  let pattern = '';
  steps.forEach((step, i) => {
    if (i > 0) {
      const rel = `[r${String(i)}:${String(step.relation)}]`;
      pattern += step.direction === 'OUT' ? `-${rel}->` : step.direction === 'IN' ? `<-${rel}-` : `-${rel}-`;
    }
    pattern += `(n${String(i)}:${step.label})`;
  });
  const start = steps[0]?.predicates.find((p): p is Anchor => p instanceof Anchor && p.repeats);
  const predicates = steps.flatMap((s) => s.predicates).filter((p) => p !== start);
  const nodeVars = steps.map((_, i) => `n${String(i)}`);
  const relVars = steps.slice(1).map((_, i) => `r${String(i + 1)}`);
  const where = predicates.length ? ` WHERE ${predicates.join(' AND ')}` : '';
  const from = start
    ? `MATCH (n0:${String(steps[0]?.label)}), ${start.pattern}${start.where ? ` WHERE ${start.where}` : ''} WITH DISTINCT n0 `
    : '';
  return {
    match: `${from}MATCH ${pattern}${where}`,
    anchored: start !== undefined,
    nodes: `[x IN [${nodeVars.join(', ')}] | properties(x)]`,
    rels: `[r IN [${relVars.join(', ')}] | ${REL_MAP('r')}]`,
    order: nodeVars.map((v) => `${v}.id`).join(', '),
  };
}

/** The sort keys of chains: their nodes' ids, first node first (the `order` of `chainMatch`). */
export function chainKeys(steps: readonly ChainStep[]): SortKey[] {
  return steps.map((_, i) => ({ expr: `n${String(i)}.id`, desc: false }));
}

/** A page of chains matching the steps, in a stable order, past the window's cursors. */
export async function chainPage(
  db: Database,
  steps: ChainStep[],
  params: Params,
  window: PageWindow,
  log: QueryLog,
): Promise<{ node: ChainRecord; key: KeyValues }[]> {
  const m = chainMatch(steps);
  const keys = chainKeys(steps);
  const seeks = seek(keys, window, params);
  return db.read<{ node: ChainRecord; key: KeyValues }>(
    `${m.match}${seeks.length > 0 ? ` WITH * WHERE ${seeks.join(' AND ')}` : ''}
     RETURN {nodes: ${m.nodes}, relationships: ${m.rels}} AS node, ${keyList(keys)} AS key
     ORDER BY ${orderText(keys, window.backward)}
     LIMIT ${pageLimit(window, params)}`,
    params.values,
    log,
  );
}

/** How many chains match, without returning them. */
export async function chainCount(db: Database, steps: ChainStep[], params: Params, log: QueryLog): Promise<number> {
  const m = chainMatch(steps);
  const [row] = await db.read<{ n: number }>(`${m.match} RETURN count(*) AS n`, params.values, log);
  return row?.n ?? 0;
}

/**
 * Shortest paths between two nodes. `maxHops` is a validated integer and `types` come from the
 * RelationType allow-list: the variable-length bound and type list cannot be parameters in Cypher.
 */
export async function shortestPaths(
  db: Database,
  from: string,
  to: string,
  maxHops: number,
  types: readonly RelationType[],
  first: number,
  log: QueryLog,
): Promise<ChainRecord[]> {
  return db.read<{ nodes: EntityRecord[]; relationships: RelationshipRecord[] }>(
    `MATCH (a:Node:Entity {id: $from}), (b:Node:Entity {id: $to})
     MATCH p = allShortestPaths((a)-[:${types.join('|')}*..${String(maxHops)}]-(b))
     WHERE ${pathAlive('p')}
     RETURN [x IN nodes(p) | properties(x)] AS nodes, [r IN relationships(p) | ${REL_MAP('r')}] AS relationships
     LIMIT $first`,
    { from, to, first: integer(first) },
    log,
  );
}

const NETWORK_SEEDS = `
  UNWIND $ids AS id
  MATCH (n:Node:Entity {id: id})
  RETURN properties(n) AS node`;

// Neighbours of the frontier along allowed types (active ones: `active`, see network());
// real entities first so a cut keeps them.
const NETWORK_LEVEL = (active: string): string => `
  UNWIND $frontier AS id
  MATCH (:Node {id: id})-[r]-(m:Entity)
  WHERE type(r) IN $types AND ($kinds IS NULL OR m.kind IN $kinds)${active}
  WITH DISTINCT m
  RETURN properties(m) AS node
  ORDER BY m.synthetic, m.id
  LIMIT $cap`;

// Every edge among the chosen nodes, so the drawing shows the induced subgraph.
const NETWORK_EDGES = (active: string): string => `
  UNWIND $ids AS id
  MATCH (:Node {id: id})-[r]->(b:Node)
  WHERE b.id IN $ids AND type(r) IN $types${active}
  RETURN ${REL_MAP('r')} AS rel`;

function toNetworkNode(record: EntityRecord, depth: number): NetworkNodeRecord {
  return {
    id: record.id,
    kind: kindOfLabel(record.kind),
    label: record.name,
    pinyin: record.pinyin,
    synthetic: record.synthetic,
    depth,
    properties: record,
  };
}

/**
 * The neighbourhood of the seeds out to `depth`, breadth first, one round trip per level plus one
 * for the seeds and one for the edges; at most `limit` nodes, `truncated` when more were there.
 * With a window, only the relationships active within it (rules.ts `activeDuring`).
 */
export async function network(
  db: Database,
  ids: readonly string[],
  depth: number,
  kinds: readonly EntityLabel[] | null,
  types: readonly RelationType[],
  limit: number,
  window: Window | null,
  log: QueryLog,
): Promise<NetworkRecord & { missing: string[] }> {
  // With a window, only relationships active within it are followed and drawn.
  const when = new Params();
  const active = window ? ` AND ${activeDuring('r', window, when)}` : '';
  const seeds = await db.read<{ node: EntityRecord }>(NETWORK_SEEDS, { ids }, log);
  const found = new Set(seeds.map((s) => s.node.id));
  const nodes = new Map<string, NetworkNodeRecord>();
  for (const s of seeds.slice(0, limit)) nodes.set(s.node.id, toNetworkNode(s.node, 0));
  let truncated = seeds.length > limit;
  let frontier = [...nodes.keys()];
  for (let level = 1; level <= depth && frontier.length > 0 && !truncated; level++) {
    const room = limit - nodes.size;
    const rows = await db.read<{ node: EntityRecord }>(
      NETWORK_LEVEL(active),
      { ...when.values, frontier, types, kinds, cap: integer(room + nodes.size + 1) },
      log,
    );
    const fresh = rows.map((r) => r.node).filter((n) => !nodes.has(n.id));
    if (fresh.length > room) truncated = true;
    frontier = [];
    for (const n of fresh.slice(0, room)) {
      nodes.set(n.id, toNetworkNode(n, level));
      frontier.push(n.id);
    }
  }
  const edgeRows =
    nodes.size > 0
      ? await db.read<{ rel: RelationshipRecord }>(
          NETWORK_EDGES(active),
          { ...when.values, ids: [...nodes.keys()], types },
          log,
        )
      : [];
  const edges = new Map<string, NetworkEdgeRecord>();
  for (const { rel } of edgeRows) {
    edges.set(rel.id, { ...rel, synthetic: rel.properties.synthetic === true });
  }
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    truncated,
    missing: ids.filter((id) => !found.has(id)),
  };
}

/**
 * What the one-query network returns: the found seed ids, the nodes added at each depth, the edges;
 * values the selection does not read are left out (see the planner's `networkNeeds`).
 */
export interface NetworkLevels {
  found: string[];
  levels: {
    id: string;
    kind: EntityLabel;
    name: string;
    pinyin?: string;
    synthetic?: boolean;
    properties?: Record<string, unknown>;
  }[][];
  truncated: boolean;
  edges: {
    id?: string;
    type: string;
    source: string;
    target: string;
    synthetic?: boolean;
    properties?: Record<string, unknown>;
  }[];
}

/**
 * The network record of a one-query expansion, shaped as the level-by-level one. Its edges are
 * already distinct: each is matched once, from its start node.
 */
export function networkFromLevels(ids: readonly string[], value: NetworkLevels): NetworkRecord & { missing: string[] } {
  const found = new Set(value.found);
  const nodes = value.levels.flatMap((level, depth) =>
    level.map((n) => ({
      id: n.id,
      kind: kindOfLabel(n.kind),
      label: n.name,
      pinyin: n.pinyin ?? '',
      synthetic: n.synthetic ?? false,
      depth,
      properties: n.properties ?? {},
    })),
  );
  const edges = value.edges.map((e) => ({
    id: e.id ?? '',
    type: e.type,
    source: e.source,
    target: e.target,
    synthetic: e.synthetic ?? false,
    properties: e.properties ?? {},
  }));
  return { nodes, edges, truncated: value.truncated, missing: ids.filter((id) => !found.has(id)) };
}
