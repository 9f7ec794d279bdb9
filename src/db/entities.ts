import type { EntityLabel } from '../model/kinds.js';
import type { EntityRecord } from '../model/records.js';
import type { Database, QueryLog } from './database.js';

// The `:Entity` label keeps every lookup on the `entity_id` uniqueness index.
const ENTITIES_BY_ID = `
  UNWIND $ids AS id
  MATCH (n:Entity {id: id})
  RETURN id, properties(n) AS node`;

const CHILDREN_BY_PARENT = `
  UNWIND $keys AS key
  MATCH (parent:Entity {id: key.parentId})
  CALL (parent, key) {
    MATCH (child:Entity)-[:PART_OF]->(parent)
    WHERE child.kind = key.label
    WITH child ORDER BY child.code, child.id
    RETURN collect(properties(child)) AS children
  }
  RETURN key.parentId AS parentId, key.label AS label, children`;

const PARENTS_BY_CHILD = `
  UNWIND $ids AS id
  MATCH (:Entity {id: id})-[:PART_OF]->(parent:Entity)
  RETURN id, properties(parent) AS node`;

const ENTITIES_BY_KIND = `
  MATCH (n:Entity {kind: $label})
  RETURN properties(n) AS node
  ORDER BY n.code, n.id`;

/** Entities by id, in one round trip, as a map from id to record. */
export async function entitiesById(
  db: Database,
  ids: readonly string[],
  log?: QueryLog,
): Promise<Map<string, EntityRecord>> {
  const rows = await db.read<{ id: string; node: EntityRecord }>(ENTITIES_BY_ID, { ids }, log);
  return new Map(rows.map((r) => [r.id, r.node]));
}

export interface ChildrenKey {
  parentId: string;
  label: EntityLabel;
}

/** Children (by PART_OF) of each parent, of one kind per key, in one round trip. */
export async function childrenByParent(
  db: Database,
  keys: readonly ChildrenKey[],
  log?: QueryLog,
): Promise<Map<string, EntityRecord[]>> {
  const rows = await db.read<{ parentId: string; label: string; children: EntityRecord[] }>(
    CHILDREN_BY_PARENT,
    { keys },
    log,
  );
  return new Map(rows.map((r) => [`${r.parentId}|${r.label}`, r.children]));
}

/** The PART_OF parent of each entity, in one round trip. */
export async function parentsByChild(
  db: Database,
  ids: readonly string[],
  log?: QueryLog,
): Promise<Map<string, EntityRecord>> {
  const rows = await db.read<{ id: string; node: EntityRecord }>(PARENTS_BY_CHILD, { ids }, log);
  return new Map(rows.map((r) => [r.id, r.node]));
}

/** Every entity of one kind, ordered by code. */
export async function entitiesOfKind(db: Database, label: EntityLabel, log?: QueryLog): Promise<EntityRecord[]> {
  const rows = await db.read<{ node: EntityRecord }>(ENTITIES_BY_KIND, { label }, log);
  return rows.map((r) => r.node);
}
