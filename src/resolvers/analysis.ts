import type { Context } from '../context.js';
import { CHAIN_PRESETS, chainSteps } from '../db/chains.js';
import { Params, timeWindow } from '../db/filters.js';
import {
  chainCount,
  chainPage,
  network,
  networkFromLevels,
  shortestPaths,
  type ChainStep,
  type NetworkLevels,
} from '../db/graph.js';
import { chainsOf, networkNeeds, networkOf, pathsOf, searchOf } from '../db/planner/roots.js';
import { search, searchTerms } from '../db/search.js';
import { CAPS, DEFAULTS } from '../defaults.js';
import { badUserInput, notFound } from '../errors.js';
import type {
  ChainResolvers,
  NetworkEdgeResolvers,
  NetworkNodeResolvers,
  NetworkResolvers,
  PathResolvers,
  QueryResolvers,
  RelationshipResolvers,
} from '../generated/graphql.js';
import { labelOfKind, RELATION_TYPES, type EntityLabel, type RelationType } from '../model/kinds.js';
import { toGraphML, type SerializedNetwork } from './graphml.js';
import type {
  ChainRecord,
  NetworkEdgeRecord,
  NetworkRecord,
  NodeRecord,
  RelationshipRecord,
  SearchHitRecord,
} from '../model/records.js';
import { connection, cursorScope, pageSize, pageWindow, type KeyedRow } from './connection.js';
import { planned } from './planned.js';

export const LIMITS = CAPS;

/**
 * An argument with an SDL default can still arrive as an explicit `null`, which graphql-js passes
 * through; codegen types it as always present, so widen it before applying the default.
 */
function orDefault(value: number | null, fallback: number): number {
  return value ?? fallback;
}

function relationTypes(
  relations: readonly RelationType[] | null | undefined,
  fallback: readonly RelationType[] = RELATION_TYPES,
): readonly RelationType[] {
  return relations && relations.length > 0 ? [...new Set(relations)] : fallback;
}

// Programs are carried out by every village: through them any two villages are two hops apart,
// which hides the structural paths analysts look for. Paths skip IMPLEMENTS unless asked.
const PATH_TYPES = RELATION_TYPES.filter((t) => t !== 'IMPLEMENTS');

async function requireEntities(ctx: Context, ids: readonly string[]): Promise<void> {
  const found = await ctx.loaders.node.loadMany(ids);
  const missing = ids.find((_id, i) => {
    const record = found[i];
    return !record || record instanceof Error;
  });
  if (missing !== undefined) throw notFound(missing);
}

export const analysisQueries: Pick<QueryResolvers, 'search' | 'chains' | 'paths' | 'network'> = {
  search: (_p, { text, kinds, first }, ctx, info) => {
    const limit = pageSize(first, LIMITS.searchFirst, DEFAULTS.searchFirst);
    const labels = kinds && kinds.length > 0 ? kinds.map(labelOfKind) : null;
    const terms = searchTerms(text);
    return planned(
      ctx,
      info,
      (params, selection) => searchOf(terms, labels, limit, params, selection),
      (value) => value as SearchHitRecord[],
      () => search(ctx.db, terms, labels, limit, ctx.log),
    );
  },

  chains: (_p, { preset, pattern, within, sameVillage, first, after, last, before }, ctx, info) => {
    if (preset && pattern) throw badUserInput('Give a preset or a pattern, not both', 'pattern');
    const input = preset ? CHAIN_PRESETS[preset] : pattern;
    if (!input) throw badUserInput('Give a preset (e.g. BRANCH_ENTERPRISE_BASE) or a pattern', 'preset');
    const steps = (params: Params): ChainStep[] => chainSteps(input, within, sameVillage, params);
    // A cursor belongs to chains of one shape (labels, relationships, directions): their keys are
    // its nodes' ids. Filters and `within` may change between pages.
    const shape = steps(new Params()).map((s) => `${s.direction} ${s.relation ?? ''} ${s.label}`);
    const scope = cursorScope(`chains ${shape.join(' ')}`, shape.length);
    const window = pageWindow({ first, after, last, before }, scope);
    return planned(
      ctx,
      info,
      (params, selection) => chainsOf(steps(params), params, selection, window, within ?? null),
      (value) => {
        const { page, count, found } = value as {
          page: KeyedRow<ChainRecord>[];
          count: number | null;
          found: boolean;
        };
        if (!found && within) throw notFound(within);
        return connection(
          window,
          scope,
          () => Promise.resolve(page),
          () => Promise.resolve(count ?? 0),
        );
      },
      async () => {
        if (within) await requireEntities(ctx, [within]);
        const params = new Params();
        const compiled = steps(params);
        return connection(
          window,
          scope,
          () => chainPage(ctx.db, compiled, params, window, ctx.log),
          () => chainCount(ctx.db, compiled, params, ctx.log),
        );
      },
    );
  },

  paths: (_p, { from, to, maxHops, relations, first }, ctx, info) => {
    const hops = orDefault(maxHops, DEFAULTS.maxHops);
    if (!Number.isInteger(hops) || hops < 1 || hops > LIMITS.maxHops) {
      throw badUserInput(`maxHops must be between 1 and ${String(LIMITS.maxHops)}, got ${String(hops)}`, 'maxHops');
    }
    const limit = pageSize(first, LIMITS.pathsFirst, DEFAULTS.pathsFirst);
    if (from === to) throw badUserInput('from and to must be different entities', 'to');
    const types = relationTypes(relations, PATH_TYPES);
    return planned(
      ctx,
      info,
      (params, selection) => pathsOf(from, to, hops, types, limit, params, selection),
      (value) => {
        const result = value as { fromFound: boolean; toFound: boolean; paths: ChainRecord[] };
        if (!result.fromFound) throw notFound(from);
        if (!result.toFound) throw notFound(to);
        return result.paths;
      },
      async () => {
        await requireEntities(ctx, [from, to]);
        return shortestPaths(ctx.db, from, to, hops, types, limit, ctx.log);
      },
    );
  },

  network: (_p, { ids, depth, kinds, relations, limit, asOf }, ctx, info) => {
    const hops = orDefault(depth, DEFAULTS.depth);
    if (!Number.isInteger(hops) || hops < 0 || hops > LIMITS.depth) {
      throw badUserInput(`depth must be between 0 and ${String(LIMITS.depth)}, got ${String(hops)}`, 'depth');
    }
    const cap = orDefault(limit, DEFAULTS.networkLimit);
    if (!Number.isInteger(cap) || cap < 1 || cap > LIMITS.networkLimit) {
      throw badUserInput(`limit must be between 1 and ${String(LIMITS.networkLimit)}, got ${String(cap)}`, 'limit');
    }
    if (ids.length === 0 || ids.length > LIMITS.networkSeeds) {
      throw badUserInput(`ids must hold between 1 and ${String(LIMITS.networkSeeds)} entity ids`, 'ids');
    }
    // Without asOf the network is timeless: every relationship, past or present.
    const window = timeWindow(asOf, null);
    const labels: EntityLabel[] | null = kinds && kinds.length > 0 ? kinds.map(labelOfKind) : null;
    const seeds = [...new Set(ids)];
    const types = relationTypes(relations);
    const found = (result: NetworkRecord & { missing: string[] }): NetworkRecord => {
      const [missing] = result.missing;
      if (missing !== undefined) throw notFound(missing);
      return result;
    };
    return planned(
      ctx,
      info,
      (params, selection) => networkOf(seeds, hops, labels, types, cap, window, params, networkNeeds(selection)),
      (value) => found(networkFromLevels(seeds, value as NetworkLevels)),
      async () => found(await network(ctx.db, seeds, hops, labels, types, cap, window, ctx.log)),
    );
  },
};

async function sentences(ctx: Context, relationships: RelationshipRecord[]): Promise<NodeRecord[]> {
  const ids = [
    ...new Set(relationships.map((r) => r.properties.evidence).filter((e): e is string => typeof e === 'string')),
  ];
  const loaded = await ctx.loaders.node.loadMany(ids);
  return loaded.filter((s): s is NodeRecord => s !== null && !(s instanceof Error));
}

export const Path: PathResolvers = {
  length: (path) => path.relationships.length,
};

export const Chain: ChainResolvers = {
  evidence: (chain, _args, ctx) => sentences(ctx, chain.relationships),
};

export const Relationship: RelationshipResolvers = {
  type: (r) => r.type as RelationType,
  synthetic: (r) => r.properties.synthetic === true,
  evidence: async (r, _args, ctx) =>
    typeof r.properties.evidence === 'string' ? ctx.loaders.node.load(r.properties.evidence) : null,
};

export const NetworkNode: NetworkNodeResolvers = {
  entityId: (n) => n.id,
};

export const NetworkEdge: NetworkEdgeResolvers = {
  relationshipId: (e) => e.id,
};

/** An edge's stored properties (role, since, level...) flat beside the payload's own keys, which win. */
const edgeData = (e: NetworkEdgeRecord) => ({
  ...e.properties,
  id: e.id,
  source: e.source,
  target: e.target,
  type: e.type,
  synthetic: e.synthetic,
});

export const Network: NetworkResolvers = {
  cytoscape: (net: NetworkRecord) => ({
    nodes: net.nodes.map((n) => ({
      data: { id: n.id, kind: n.kind, label: n.label, pinyin: n.pinyin, synthetic: n.synthetic, depth: n.depth },
    })),
    edges: net.edges.map((e) => ({ data: edgeData(e) })),
  }),
  graphology: (net: NetworkRecord) => graphologyOf(net),
  graphml: (net: NetworkRecord) => toGraphML(graphologyOf(net)),
};

/**
 * graphology's serialisation format. `multi`: two entities are often linked twice (a secretary
 * HOLDS_POST in and is MEMBER_OF the same branch), which graphology's default simple graph refuses.
 */
function graphologyOf(net: NetworkRecord): SerializedNetwork & { options: Record<string, unknown> } {
  return {
    attributes: { name: 'jingtai-kg network' },
    options: { type: 'directed', multi: true, allowSelfLoops: false },
    nodes: net.nodes.map((n) => ({
      key: n.id,
      attributes: { kind: n.kind, label: n.label, pinyin: n.pinyin, synthetic: n.synthetic, depth: n.depth },
    })),
    edges: net.edges.map((e) => {
      const { id, source, target, ...attributes } = edgeData(e);
      return { key: id, source, target, attributes };
    }),
  };
}
