import DataLoader from 'dataloader';

import type { Database, QueryLog } from '../db/database.js';
import {
  childrenByParent,
  countKey,
  countsByKey,
  type CountKey,
  entitiesById,
  parentsByChild,
  relatedByKey,
  relatedKey,
  ruleKey,
  rulesByKey,
  type RuleKey,
  type ChildrenKey,
  type RelatedKey,
  type RelatedRow,
} from '../db/entities.js';
import { runBatch, type PlannedField } from '../db/planner/batch.js';
import type { NodeRecord } from '../model/records.js';
import type { EntityRecord } from '../model/records.js';

export interface Loaders {
  node: DataLoader<string, NodeRecord | null>;
  children: DataLoader<ChildrenKey, EntityRecord[], string>;
  parent: DataLoader<string, EntityRecord | null>;
  related: DataLoader<RelatedKey, RelatedRow[], string>;
  rule: DataLoader<RuleKey, boolean, string>;
  count: DataLoader<CountKey, number, string>;
  /** Planned root fields asked for in the same tick, answered by one Cypher query. */
  plans: DataLoader<PlannedField, unknown>;
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
    rule: new DataLoader(
      async (keys) => {
        const byKey = await rulesByKey(db, keys, log);
        return keys.map((k) => byKey.get(ruleKey(k)) ?? false);
      },
      { cacheKeyFn: ruleKey },
    ),
    count: new DataLoader(
      async (keys) => {
        const byKey = await countsByKey(db, keys, log);
        return keys.map((k) => byKey.get(countKey(k)) ?? 0);
      },
      { cacheKeyFn: countKey },
    ),
    plans: new DataLoader((fields) => runBatch(db, fields, log), { cache: false }),
  };
}
