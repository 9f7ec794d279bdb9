import type { VillageResolvers } from '../generated/graphql.js';
import { entityFields } from './entity.js';
import { parentOf } from './places.js';

export const Village: VillageResolvers = {
  ...entityFields,
  township: parentOf,
};
