import type { CountyResolvers } from '../generated/graphql.js';
import { entityFields } from './entity.js';
import { childrenOf, parentOf } from './places.js';
import { neighbour } from './relations.js';

export const County: CountyResolvers = {
  ...entityFields,
  prefecture: parentOf,
  townships: childrenOf('Township'),
  partyOrganization: (county, _args, ctx) => neighbour(ctx, county, 'GOVERNS', 'IN', 'PartyOrganization'),
};
