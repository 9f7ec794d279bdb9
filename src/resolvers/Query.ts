import { entitiesOfKind } from '../db/entities.js';
import { notFound } from '../errors.js';
import type { QueryResolvers } from '../generated/graphql.js';
import { entityId } from '../model/kinds.js';
import { COUNTY_CODE } from '../seed/divisions.js';

export const Query: QueryResolvers = {
  node: (_parent, { id }, { loaders }) => loaders.entity.load(id),

  county: async (_parent, _args, { loaders }) => {
    const id = entityId('County', COUNTY_CODE);
    return (await loaders.entity.load(id)) ?? Promise.reject(notFound(id));
  },

  townships: (_parent, _args, { db, log }) => entitiesOfKind(db, 'Township', log),
};
