import { entitiesOfKind, sourcesOfKind } from '../db/entities.js';
import { analysisQueries } from './analysis.js';
import { listQueries } from './lists.js';
import { auditQueries } from './Mutation.js';
import { notFound } from '../errors.js';
import { computeFigures } from '../figures/index.js';
import type { QueryResolvers } from '../generated/graphql.js';
import { entityId } from '../model/kinds.js';
import type { EntityRecord } from '../model/records.js';
import { COUNTY_CODE } from '../seed/divisions.js';

export const Query: QueryResolvers = {
  ...listQueries,
  ...analysisQueries,
  ...auditQueries,

  node: (_parent, { id }, { loaders }) => loaders.node.load(id),

  county: async (_parent, _args, { loaders }) => {
    const id = entityId('County', COUNTY_CODE);
    const county = await loaders.node.load(id);
    if (!county) throw notFound(id);
    return county as EntityRecord;
  },

  townships: (_parent, _args, { db, log }) => entitiesOfKind(db, 'Township', log),
  programs: (_parent, _args, { db, log }) => entitiesOfKind(db, 'Program', log),
  documents: (_parent, _args, { db, log }) => sourcesOfKind(db, 'SourceDocument', log),

  figures: async (_parent, { document }, { db, log, loaders }) => {
    if (document && !(await loaders.node.load(document))) throw notFound(document);
    return computeFigures(db, log, document);
  },
};
