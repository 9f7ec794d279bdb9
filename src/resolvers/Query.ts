import type { GraphQLResolveInfo } from 'graphql';

import type { Context } from '../context.js';
import type { Database, QueryLog } from '../db/database.js';
import { entitiesOfKind, sourcesOfKind } from '../db/entities.js';
import { analysisQueries } from './analysis.js';
import { listQueries } from './lists.js';
import { auditQueries } from './Mutation.js';
import { badUserInput, notFound } from '../errors.js';
import { CAPS, DEFAULTS } from '../defaults.js';
import { computeFigures } from '../figures/index.js';
import type { QueryResolvers } from '../generated/graphql.js';
import { entityId, type NodeLabel } from '../model/kinds.js';
import type { EntityRecord, NodeRecord } from '../model/records.js';
import { nodeById, nodesById, nodesOfKind } from '../db/planner/roots.js';
import { planned } from './planned.js';

// A 12-digit statistical division code: anything else cannot name a prefecture or county.
const DIVISION_CODE = /^\d{12}$/;

/** A division code argument, BAD_USER_INPUT when it is not one. */
function divisionCode(value: string, example: string): string {
  if (!DIVISION_CODE.test(value)) {
    throw badUserInput(`code must be a 12-digit division code such as ${example}, got "${value}"`, 'code');
  }
  return value;
}

/** `county(code)`'s code: the default when left out or null (`code: null` is valid GraphQL). */
function countyCode(code: string | null | undefined): string {
  return divisionCode(code ?? DEFAULTS.countyCode, '620423000000');
}

/** One administrative unit by id, planned or through the node loader; NOT_FOUND when absent. */
function unitById(
  ctx: Context,
  info: GraphQLResolveInfo,
  label: 'Prefecture' | 'County',
  id: string,
): Promise<EntityRecord> {
  const found = (unit: NodeRecord | null): EntityRecord => {
    if (!unit) throw notFound(id);
    return unit as EntityRecord;
  };
  return planned(
    ctx,
    info,
    (params, selection) => nodeById(params.add(id), label, selection),
    (value) => found(value as NodeRecord | null),
    async () => found(await ctx.loaders.node.load(id)),
  );
}

/** Every node of one kind, planned, or through `load` on the per-level path. */
function nodesOf<L extends NodeLabel, T extends NodeRecord>(
  label: L,
  load: (db: Database, label: L, log: QueryLog) => Promise<T[]>,
) {
  return (_parent: unknown, _args: unknown, ctx: Context, info: GraphQLResolveInfo): Promise<T[]> =>
    planned(
      ctx,
      info,
      (_params, selection) => nodesOfKind(label, label, selection),
      (value) => value as T[],
      () => load(ctx.db, label, ctx.log),
    );
}

export const Query: QueryResolvers = {
  ...listQueries,
  ...analysisQueries,
  ...auditQueries,

  node: (_parent, { id }, ctx, info) =>
    planned(
      ctx,
      info,
      (params, selection) => nodeById(params.add(id), 'Node', selection),
      (value) => value as NodeRecord | null,
      () => ctx.loaders.node.load(id),
    ),

  nodes: (_parent, { ids }, ctx, info) => {
    if (ids.length > CAPS.nodesIds) {
      throw badUserInput(`ids may hold at most ${String(CAPS.nodesIds)} ids, got ${String(ids.length)}`, 'ids');
    }
    return planned(
      ctx,
      info,
      (params, selection) => nodesById(params.add(ids), selection),
      (value) => {
        const byId = new Map((value as { id: string; node: NodeRecord }[]).map((row) => [row.id, row.node]));
        return ids.map((id) => byId.get(id) ?? null);
      },
      async () =>
        (await ctx.loaders.node.loadMany(ids)).map((n) => {
          if (n instanceof Error) throw n;
          return n;
        }),
    );
  },

  // `county` without a code is the seed county; `prefecture` always names one.
  county: (_parent, { code }, ctx, info) => unitById(ctx, info, 'County', entityId('County', countyCode(code))),
  prefecture: (_parent, { code }, ctx, info) =>
    unitById(ctx, info, 'Prefecture', entityId('Prefecture', divisionCode(code, '620400000000'))),

  prefectures: nodesOf('Prefecture', entitiesOfKind),
  counties: nodesOf('County', entitiesOfKind),
  townships: nodesOf('Township', entitiesOfKind),
  programs: nodesOf('Program', entitiesOfKind),
  documents: nodesOf('SourceDocument', sourcesOfKind),

  figures: async (_parent, { document }, { db, log, loaders }) => {
    if (document && !(await loaders.node.load(document))) throw notFound(document);
    return computeFigures(db, log, document);
  },
};
