import type { TownshipResolvers } from '../generated/graphql.js';
import { entityFields } from './entity.js';
import { childrenOf, parentOf } from './places.js';
import { neighbours } from './relations.js';

export const Township: TownshipResolvers = {
  ...entityFields,
  county: parentOf,
  villages: childrenOf('Village'),
  communities: childrenOf('Community'),
  contactedBy: (township, _args, ctx) => neighbours(ctx, township, 'CONTACTS', 'IN', 'Person'),
};
