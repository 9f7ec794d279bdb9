import type { PrefectureResolvers } from '../generated/graphql.js';
import { entityFields } from './entity.js';
import { childrenOf } from './places.js';

export const Prefecture: PrefectureResolvers = {
  ...entityFields,
  counties: childrenOf('County'),
};
