import type { CountyResolvers } from '../generated/graphql.js';
import { entityFields } from './entity.js';
import { childrenOf } from './places.js';

export const County: CountyResolvers = {
  ...entityFields,
  townships: childrenOf('Township'),
};
