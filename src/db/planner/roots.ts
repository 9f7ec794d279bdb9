import type { GraphQLNamedType, GraphQLObjectType } from 'graphql';

import type { EntityLabel, NodeLabel, RelationType } from '../../model/kinds.js';
import { integer } from '../database.js';
import { chainKeys, chainMatch, type ChainStep } from '../graph.js';
import { bindKeys, keyList, orderText, pageLimit, seek, sortKeys, type PageWindow } from '../keyset.js';
import { matchFiltered, type Predicates } from '../filters.js';
import type { Params } from '../params.js';
import { activeDuring, alive, pathAlive, type Window } from '../rules.js';
import { searchQuery, type SearchTerms } from '../search.js';
import type { Projector } from './project.js';
import { fieldsFor, mergeSelections, subSelection, type Fields, type Selection } from './selection.js';

/**
 * The Cypher of one planned root field: a query (or the body of a `CALL () { … }` when several
 * root fields share one query) that returns exactly one row with one column.
 */
export type RootCypher = (projector: Projector, column: string) => string;

const objectType = (projector: Projector, name: string): GraphQLObjectType =>
  projector.schema.getType(name) as GraphQLObjectType;
const namedType = (projector: Projector, name: string): GraphQLNamedType =>
  projector.schema.getType(name) as GraphQLNamedType;

/** A node by id (null when absent), projected for `type`. */
export function nodeById(idParam: string, type: string, selection: Selection): RootCypher {
  return (p, column) =>
    `OPTIONAL MATCH (n:Node {id: ${idParam}})
RETURN ${p.node('n', namedType(p, type), selection, 0)} AS ${column}`;
}

/**
 * Nodes by id, each found one under its id: `{id, node}` rows, so that the caller keeps the order
 * asked and puts null where nothing has that id.
 */
export function nodesById(idsParam: string, selection: Selection): RootCypher {
  return (p, column) =>
    `RETURN COLLECT { UNWIND ${idsParam} AS id MATCH (n:Node {id: id}) RETURN {id: id, node: ${p.node('n', namedType(p, 'Node'), selection, 0)}} } AS ${column}`;
}

/** Every node of one kind, ordered by code, then id. */
export function nodesOfKind(label: NodeLabel, type: string, selection: Selection): RootCypher {
  return (p, column) =>
    `RETURN COLLECT { MATCH (n:Node {kind: '${label}'}) WHERE ${alive('n')} WITH n ORDER BY n.code, n.id RETURN ${p.node('n', namedType(p, type), selection, 0)} } AS ${column}`;
}

/** What a connection's selection needs: the page (edges, pageInfo), the count, and the node selection. */
export interface ConnectionNeeds {
  page: PageWindow | null;
  count: boolean;
  nodes: Selection;
}

/** Reads a Relay connection's selection: which parts to fetch and the nodes' merged selection. */
export function connectionNeeds(
  projector: Projector,
  connectionType: string,
  selection: Selection,
  window: PageWindow,
): ConnectionNeeds {
  const fields: Fields = fieldsFor(selection, objectType(projector, connectionType));
  const edgeType = connectionType.replace(/Connection$/, 'Edge');
  let nodes: Selection = {};
  for (const edges of Object.values(fields).filter((f) => f.name === 'edges')) {
    const sub = subSelection(fieldsFor(edges.fieldsByTypeName, objectType(projector, edgeType)), 'node');
    if (sub) nodes = mergeSelections(nodes, sub);
  }
  const wantsPage = Object.values(fields).some((f) => f.name === 'edges' || f.name === 'pageInfo');
  return {
    page: wantsPage ? window : null,
    count: Object.values(fields).some((f) => f.name === 'totalCount'),
    nodes,
  };
}

/**
 * A filtered, ordered list of one label: the page and the count in one query. The page seeks past
 * its cursors (src/db/keyset.ts) and keeps one row more than it shows (to know whether another
 * page follows), each row with the key values its cursor carries. Filtered, a page and the count
 * come from one pass over the matches (as a hand-written query would: the filter runs once);
 * unfiltered, the count is Neo4j's count store and the page a top-k sort of the rows past the
 * cursor.
 */
export function listOf(
  label: EntityLabel,
  predicates: Predicates,
  order: string[],
  params: Params,
  selection: Selection,
  window: PageWindow,
  type: string,
): RootCypher {
  const match = matchFiltered('n', label, predicates);
  const { keys, binding } = bindKeys(sortKeys(order, 'n.id'), 'n');
  const carried = ['n', ...keys.filter((k) => /^k\d+$/.test(k.expr)).map((k) => k.expr)].join(', ');
  // Ordered by id first, a page reads the label's id index in order from its cursor and stops
  // after it (the migrations index every entity label's id; the index holds the nodes whose id is
  // not null, all of them): a page after the 100,000th person reads 21 index entries.
  const byId = keys[0]?.expr === 'n.id';
  return (p, column) => {
    const needs = connectionNeeds(p, `${type}Connection`, selection, window);
    const row = `{node: ${p.node('n', namedType(p, type), needs.nodes, 0)}, key: ${keyList(keys)}}`;
    if (!needs.page) return `RETURN {page: [], count: ${needs.count ? `COUNT { ${match} }` : 'null'}} AS ${column}`;
    const sort = orderText(keys, needs.page.backward);
    const seeks = seek(keys, needs.page, params);
    const limit = pageLimit(needs.page, params);
    const where = seeks.length > 0 ? ` WHERE ${seeks.join(' AND ')}` : '';
    if (needs.count && predicates.length > 0) {
      // The matches are collected with their computed keys, if any.
      const vars = carried.split(', ');
      const collected = binding ? `{${vars.map((v) => `${v}: ${v}`).join(', ')}}` : 'n';
      const unwound = binding ? `m WITH ${vars.map((v) => `m.${v} AS ${v}`).join(', ')}` : 'n WITH n';
      return `CALL () {
  ${match}${binding ? `\n  ${binding}` : ''}
  WITH ${carried} ORDER BY ${sort}
  WITH collect(${collected}) AS matched
  CALL (matched) { UNWIND matched AS ${unwound}${where} LIMIT ${limit} RETURN collect(${row}) AS page }
  RETURN page, size(matched) AS count
}
RETURN {page: page, count: count} AS ${column}`;
    }
    // Property keys seek in the MATCH, where an index can serve them; computed ones once bound.
    const pageMatch = binding
      ? `${match}\n  ${binding}${where}`
      : matchFiltered('n', label, [...predicates, ...(byId ? ['n.id IS NOT NULL'] : []), ...seeks]);
    return `CALL () {
  ${pageMatch}
  WITH ${carried} ORDER BY ${sort} LIMIT ${limit}
  RETURN collect(${row}) AS page
}
RETURN {page: page, count: ${needs.count ? `COUNT { ${match} }` : 'null'}} AS ${column}`;
  };
}

/**
 * Chains matching the steps, a page and the count, and whether `within` exists. Chains are
 * ordered by their nodes' ids and paged by keyset on them, like the lists.
 */
export function chainsOf(
  steps: ChainStep[],
  params: Params,
  selection: Selection,
  window: PageWindow,
  within: string | null,
): RootCypher {
  const m = chainMatch(steps);
  const keys = chainKeys(steps);
  const nodeVars = steps.map((_, i) => `n${String(i)}`);
  const relVars = steps.slice(1).map((_, i) => `r${String(i + 1)}`);
  return (p, column) => {
    const needs = connectionNeeds(p, 'ChainConnection', selection, window);
    const chainType = objectType(p, 'Chain');
    const fields = fieldsFor(needs.nodes, chainType);
    const nodeSelection = subSelection(fields, 'nodes') ?? {};
    const relFields = subSelection(fields, 'relationships')?.Relationship ?? {};
    const entity = namedType(p, 'Entity');
    const nodes = nodeVars.map((v) => p.node(v, entity, nodeSelection, 0));
    const rels = relVars.map((r) => p.relationship(r, relFields, 0));
    const evidence = Object.entries(fields)
      .filter(([, f]) => f.name === 'evidence')
      .map(
        ([key, f]) =>
          `, \`@${key}\`: COLLECT { UNWIND [${relVars.join(', ')}] AS e WITH DISTINCT e.evidence AS sid WHERE sid IS NOT NULL MATCH (s:Node {id: sid}) RETURN ${p.node('s', namedType(p, 'Sentence'), f.fieldsByTypeName, 0)} }`,
      )
      .join('');
    let page = '';
    if (needs.page) {
      const seeks = seek(keys, needs.page, params);
      // Not within a place, a page reads the first nodes in id order from their label's id index
      // (see listOf), from the cursor's first node on, and grows each one's chains: the chains come
      // out ordered by the first node, so the sort only orders each first node's few chains and
      // stops when the page is full, rather than enumerating and sorting every chain of the graph.
      // Within a place, the place's few chains are all read and sorted.
      const first = firstNodeBounds(needs.page, params);
      const ordered = m.anchored
        ? m.match
        : `MATCH (n0:${String(steps[0]?.label)}) WHERE ${['n0.id IS NOT NULL', ...first].join(' AND ')}
  CALL (n0) { ${m.match} RETURN ${[...nodeVars.slice(1), ...relVars].join(', ')} }`;
      page = `CALL () {
  ${ordered}
  WITH *${seeks.length > 0 ? ` WHERE ${seeks.join(' AND ')}` : ''} ORDER BY ${orderText(keys, needs.page.backward)} LIMIT ${pageLimit(needs.page, params)}
  RETURN collect({node: {nodes: [${nodes.join(', ')}], relationships: [${rels.join(', ')}]${evidence}}, key: ${keyList(keys)}}) AS page
}
`;
    }
    const count = needs.count ? `COUNT { ${m.match} }` : 'null';
    const found = within ? `EXISTS { MATCH (:Node {id: ${params.add(within)}}) }` : 'true';
    return `${page}RETURN {page: ${needs.page ? 'page' : '[]'}, count: ${count}, found: ${found}} AS ${column}`;
  };
}

/**
 * The range of first nodes a chains page can start from: at or past the `after` cursor's first
 * node, at or before the `before` cursor's (a chain's first node id is its first key), so the id
 * index is read from there.
 */
function firstNodeBounds(window: PageWindow, params: Params): string[] {
  return [
    ...(window.after ? [`n0.id >= ${params.add(window.after[0])}`] : []),
    ...(window.before ? [`n0.id <= ${params.add(window.before[0])}`] : []),
  ];
}

/** Full-text search with the hits' entities projected. */
export function searchOf(
  terms: SearchTerms,
  kinds: EntityLabel[] | null,
  limit: number,
  params: Params,
  selection: Selection,
): RootCypher {
  return (p, column) => {
    const hit = fieldsFor(selection, objectType(p, 'SearchHit'));
    const entity = subSelection(hit, 'entity') ?? {};
    return searchQuery(terms, kinds, limit, params, (v) => p.node(v, namedType(p, 'Entity'), entity, 0), column);
  };
}

/** Shortest paths between two ids, and whether each end exists. */
export function pathsOf(
  from: string,
  to: string,
  maxHops: number,
  types: readonly RelationType[],
  first: number,
  params: Params,
  selection: Selection,
): RootCypher {
  return (p, column) => {
    const fields = fieldsFor(selection, objectType(p, 'Path'));
    const nodeSelection = subSelection(fields, 'nodes') ?? {};
    const relFields = subSelection(fields, 'relationships')?.Relationship ?? {};
    const [a, b] = [params.add(from), params.add(to)];
    // maxHops is a validated integer and the types come from the allow-list: a variable-length
    // bound and a type list cannot be parameters in Cypher.
    return `OPTIONAL MATCH (a:Node {id: ${a}})
OPTIONAL MATCH (b:Node {id: ${b}})
RETURN {fromFound: a IS NOT NULL, toFound: b IS NOT NULL, paths: COLLECT {
  MATCH (x:Node:Entity {id: ${a}}), (y:Node:Entity {id: ${b}})
  MATCH path = allShortestPaths((x)-[:${types.join('|')}*..${String(maxHops)}]-(y))
  WHERE ${pathAlive('path')}
  RETURN {nodes: [n IN nodes(path) | ${p.node('n', namedType(p, 'Entity'), nodeSelection, 0)}], relationships: [r IN relationships(path) | ${p.relationship('r', relFields, 0)}]}
  LIMIT ${params.add(integer(first))}
}} AS ${column}`;
  };
}

/** Which of a network's optional values the selection reads; the rest are not fetched. */
export interface NetworkNeeds {
  /** `pinyin` and `synthetic` of the nodes. */
  nodeFlags: boolean;
  nodeProperties: boolean;
  edgeIds: boolean;
  edgeSynthetic: boolean;
  edgeProperties: boolean;
}

/** What a `network` selection reads; the Cytoscape.js and graphology payloads read everything. */
export function networkNeeds(selection: Selection): NetworkNeeds {
  const fields = selection.Network ?? {};
  const names = (type: string, list: string): Set<string> =>
    new Set(Object.values(subSelection(fields, list)?.[type] ?? {}).map((f) => f.name));
  const node = names('NetworkNode', 'nodes');
  const edge = names('NetworkEdge', 'edges');
  const payload = Object.values(fields).some((f) => ['cytoscape', 'graphology', 'graphml'].includes(f.name));
  // The payloads carry every edge's stored properties (role, since, level...), flat.
  return {
    nodeFlags: payload || node.has('pinyin') || node.has('synthetic'),
    nodeProperties: node.has('properties'),
    edgeIds: payload || edge.has('relationshipId'),
    edgeSynthetic: payload || edge.has('synthetic'),
    edgeProperties: payload || edge.has('properties'),
  };
}

const projection = (keys: [string, string, boolean][]): string =>
  `{${keys
    .filter(([, , wanted]) => wanted)
    .map(([key, value]) => `${key}: ${value}`)
    .join(', ')}}`;

/**
 * The neighbourhood of the seeds out to `depth` (at most 3), breadth first, in one query: each
 * level adds the next neighbours along the allowed types, real before synthetic then by id, until
 * `limit` nodes; then every edge among the chosen nodes (with a window, only relationships active
 * within it, at both steps). Only the values the selection reads are
 * projected, and membership is tested on nodes, not on their ids (PROFILE: a third fewer bytes and
 * database hits than projecting everything and testing `b.id IN ids`).
 */
export function networkOf(
  ids: readonly string[],
  depth: number,
  kinds: readonly EntityLabel[] | null,
  types: readonly RelationType[],
  limit: number,
  window: Window | null,
  params: Params,
  needs: NetworkNeeds,
): RootCypher {
  return (_p, column) => {
    const $ids = params.add(ids);
    const $limit = params.add(integer(limit));
    const $kinds = params.add(kinds);
    const typeList = types.join('|');
    // asOf: a relationship is followed and drawn only when active then.
    const active = window ? ` AND ${activeDuring('r', window, params)}` : '';
    const lines = [
      `CALL () { UNWIND ${$ids} AS id MATCH (s:Node:Entity {id: id}) RETURN collect(s) AS seeds }`,
      `WITH seeds, seeds[..${$limit}] AS l0, size(seeds) > ${$limit} AS t0`,
      `WITH seeds, l0, l0 AS all0, t0`,
    ];
    for (let level = 1; level <= depth; level++) {
      const [prev, all, t] = [`l${String(level - 1)}`, `all${String(level - 1)}`, `t${String(level - 1)}`];
      const carried = Array.from({ length: level }, (_, i) => `l${String(i)}`).join(', ');
      lines.push(
        `WITH seeds, ${carried}, ${all}, ${t}, CASE WHEN ${t} OR size(${prev}) = 0 THEN [] ELSE [m IN COLLECT {
  UNWIND ${prev} AS f MATCH (f)-[r:${typeList}]-(m:Entity) WHERE (${$kinds} IS NULL OR m.kind IN ${$kinds})${active}
  WITH DISTINCT m ORDER BY m.synthetic, m.id RETURN m } WHERE NOT m IN ${all}] END AS fresh${String(level)}`,
        `WITH seeds, ${carried}, ${all}, fresh${String(level)}[..(${$limit} - size(${all}))] AS l${String(level)}, ${t} OR size(fresh${String(level)}) > ${$limit} - size(${all}) AS t${String(level)}`,
        `WITH seeds, ${carried}, l${String(level)}, ${all} + l${String(level)} AS all${String(level)}, t${String(level)}`,
      );
    }
    const node = projection([
      ['id', 'n.id', true],
      ['kind', 'n.kind', true],
      ['name', 'n.name', true],
      ['pinyin', 'n.pinyin', needs.nodeFlags],
      ['synthetic', 'n.synthetic', needs.nodeFlags],
      ['properties', 'properties(n)', needs.nodeProperties],
    ]);
    const edge = projection([
      ['id', 'coalesce(r.id, elementId(r))', needs.edgeIds],
      ['type', 'type(r)', true],
      ['source', 'a.id', true],
      ['target', 'b.id', true],
      ['synthetic', 'r.synthetic = true', needs.edgeSynthetic],
      ['properties', 'properties(r)', needs.edgeProperties],
    ]);
    const levels = Array.from({ length: depth + 1 }, (_, i) => `[n IN l${String(i)} | ${node}]`);
    const all = `all${String(depth)}`;
    lines.push(
      `WITH [s IN seeds | s.id] AS found, [${levels.join(', ')}] AS levels, ${all}, t${String(depth)} AS truncated`,
      `RETURN {found: found, levels: levels, truncated: truncated, edges: COLLECT {
  UNWIND ${all} AS a MATCH (a)-[r:${typeList}]->(b) WHERE b IN ${all}${active}
  RETURN ${edge} }} AS ${column}`,
    );
    return lines.join('\n');
  };
}
