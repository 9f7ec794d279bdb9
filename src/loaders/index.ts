import DataLoader from 'dataloader';

import type { Database, QueryLog } from '../db/database.js';
import {
  childrenByParent,
  entitiesById,
  parentsByChild,
  relatedByKey,
  relatedKey,
  type ChildrenKey,
  type RelatedKey,
  type RelatedRow,
} from '../db/entities.js';
import type { NodeRecord } from '../model/records.js';
import type { EntityRecord } from '../model/records.js';

export interface Loaders {
  node: DataLoader<string, NodeRecord | null>;
  children: DataLoader<ChildrenKey, EntityRecord[], string>;
  parent: DataLoader<string, EntityRecord | null>;
  related: DataLoader<RelatedKey, RelatedRow[], string>;
}

/**
 * Builds the per-request loaders. Each batch is one Cypher round trip, whatever the number of
 * parents asking, so a nested selection costs one round trip per level.
 */
export function createLoaders(db: Database, log: QueryLog): Loaders {
  return {
    node: new DataLoader(async (ids) => {
      const byId = await entitiesById(db, ids, log);
      return ids.map((id) => byId.get(id) ?? null);
    }),
    children: new DataLoader(
      async (keys) => {
        const byKey = await childrenByParent(db, keys, log);
        return keys.map((k) => byKey.get(`${k.parentId}|${k.label}`) ?? []);
      },
      { cacheKeyFn: (k) => `${k.parentId}|${k.label}` },
    ),
    parent: new DataLoader(async (ids) => {
      const byId = await parentsByChild(db, ids, log);
      return ids.map((id) => byId.get(id) ?? null);
    }),
    related: new DataLoader(
      async (keys) => {
        const byKey = await relatedByKey(db, keys, log);
        return keys.map((k) => byKey.get(relatedKey(k)) ?? []);
      },
      { cacheKeyFn: relatedKey },
    ),
  };
}
