import { entitiesOfKind, sourcesOfKind } from '../db/entities.js';
import { analysisQueries } from './analysis.js';
import { listQueries } from './lists.js';
import { auditQueries } from './Mutation.js';
import { notFound } from '../errors.js';
import { computeFigures } from '../figures/index.js';
import type { QueryResolvers } from '../generated/graphql.js';
import { entityId } from '../model/kinds.js';
import type { EntityRecord, NodeRecord } from '../model/records.js';
import { nodeById, nodesOfKind } from '../db/planner/roots.js';
import { planned } from './planned.js';
import { COUNTY_CODE } from '../seed/divisions.js';

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

  county: (_parent, _args, ctx, info) => {
    const id = entityId('County', COUNTY_CODE);
    const found = (county: NodeRecord | null): EntityRecord => {
      if (!county) throw notFound(id);
      return county as EntityRecord;
    };
    return planned(
      ctx,
      info,
      (params, selection) => nodeById(params.add(id), 'County', selection),
      (value) => found(value as NodeRecord | null),
      async () => found(await ctx.loaders.node.load(id)),
    );
  },

  townships: (_parent, _args, ctx, info) =>
    planned(
      ctx,
      info,
      (_params, selection) => nodesOfKind('Township', 'Township', selection),
      (value) => value as EntityRecord[],
      () => entitiesOfKind(ctx.db, 'Township', ctx.log),
    ),
  programs: (_parent, _args, ctx, info) =>
    planned(
      ctx,
      info,
      (_params, selection) => nodesOfKind('Program', 'Program', selection),
      (value) => value as EntityRecord[],
      () => entitiesOfKind(ctx.db, 'Program', ctx.log),
    ),
  documents: (_parent, _args, ctx, info) =>
    planned(
      ctx,
      info,
      (_params, selection) => nodesOfKind('SourceDocument', 'SourceDocument', selection),
      (value) => value as NodeRecord[],
      () => sourcesOfKind(ctx.db, 'SourceDocument', ctx.log),
    ),

  figures: async (_parent, { document }, { db, log, loaders }) => {
    if (document && !(await loaders.node.load(document))) throw notFound(document);
    return computeFigures(db, log, document);
  },
};
