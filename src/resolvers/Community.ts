import type { CommunityResolvers } from '../generated/graphql.js';
import { entityFields } from './entity.js';
import { parentOf } from './places.js';

export const Community: CommunityResolvers = {
  ...entityFields,
  township: parentOf,
};
