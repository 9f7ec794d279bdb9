import { isEntityLabel, type EntityLabel, type SourceLabel } from '../model/kinds.js';
import type { EntityRecord, NodeRecord } from '../model/records.js';
import { integer, type Database, type QueryLog } from './database.js';
import { timeWindow } from './filters.js';
import { Params } from './params.js';
import { alive, entityCount, today, villageRule, type EntityCount, type VillageRule } from './rules.js';

// The `:Node` label keeps every lookup on the `node_id` uniqueness index.
const ENTITIES_BY_ID = `
  UNWIND $ids AS id
  MATCH (n:Node {id: id})
  RETURN id, properties(n) AS node`;

const CHILDREN_BY_PARENT = `
  UNWIND $keys AS key
  MATCH (parent:Node {id: key.parentId})
  CALL (parent, key) {
    MATCH (child:Entity)-[:PART_OF]->(parent)
    WHERE child.kind = key.label
    WITH child ORDER BY child.code, child.id
    RETURN collect(properties(child)) AS children
  }
  RETURN key.parentId AS parentId, key.label AS label, children`;

const PARENTS_BY_CHILD = `
  UNWIND $ids AS id
  MATCH (:Node {id: id})-[:PART_OF]->(parent:Entity)
  RETURN id, properties(parent) AS node`;

const NODES_BY_KIND = `
  MATCH (n:Node {kind: $label}) WHERE ${alive('n')}
  RETURN properties(n) AS node
  ORDER BY n.code, n.id`;

/** Nodes (entities, documents, sentences) by id, in one round trip, as a map from id to record. */
export async function entitiesById(
  db: Database,
  ids: readonly string[],
  log?: QueryLog,
): Promise<Map<string, NodeRecord>> {
  const rows = await db.read<{ id: string; node: NodeRecord }>(ENTITIES_BY_ID, { ids }, log);
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

/** Every entity of one kind, ordered by code, then id. */
export async function entitiesOfKind(db: Database, label: EntityLabel, log?: QueryLog): Promise<EntityRecord[]> {
  const rows = await db.read<{ node: EntityRecord }>(NODES_BY_KIND, { label }, log);
  return rows.map((r) => r.node);
}

/** Every source document or sentence, ordered by id. */
export async function sourcesOfKind(db: Database, label: SourceLabel, log?: QueryLog): Promise<NodeRecord[]> {
  const rows = await db.read<{ node: NodeRecord }>(NODES_BY_KIND, { label }, log);
  return rows.map((r) => r.node);
}

/** Which relationships of a node to follow: type (allow-listed) and direction. */
export interface RelatedKey {
  id: string;
  type: string;
  direction: 'OUT' | 'IN';
}

export interface RelatedRow {
  rel: Record<string, unknown>;
  node: EntityRecord;
}

// The type and direction are parameters, compared in WHERE: nothing from the key is spliced.
const RELATED = `
  UNWIND $keys AS key
  MATCH (n:Node {id: key.id})
  CALL (n, key) {
    MATCH (n)-[r]->(m:Node)
    WHERE key.direction = 'OUT' AND type(r) = key.type AND ${alive('m')}
    RETURN r, m
    UNION
    MATCH (n)<-[r]-(m:Node)
    WHERE key.direction = 'IN' AND type(r) = key.type AND ${alive('m')}
    RETURN r, m
  }
  WITH key, r, m ORDER BY m.code, m.id, r.id
  RETURN key.id AS id, key.type AS type, key.direction AS direction,
         collect({rel: properties(r), node: properties(m)}) AS related`;

export const relatedKey = (k: RelatedKey): string => `${k.id}|${k.type}|${k.direction}`;

/** The neighbours of each node along one relationship type and direction, in one round trip. */
export async function relatedByKey(
  db: Database,
  keys: readonly RelatedKey[],
  log?: QueryLog,
): Promise<Map<string, RelatedRow[]>> {
  const rows = await db.read<{ id: string; type: string; direction: 'OUT' | 'IN'; related: RelatedRow[] }>(
    RELATED,
    { keys },
    log,
  );
  return new Map(rows.map((r) => [relatedKey(r), r.related]));
}

const KINDS_BY_ID = 'UNWIND $ids AS id MATCH (n:Node:Entity {id: id}) RETURN n.id AS id, n.kind AS kind';

/**
 * The kind of each existing, not deleted, entity among `ids`, through `query`: a plain read, or a
 * statement of the caller's open transaction (the mutations check kinds inside theirs).
 */
export async function entityKinds(
  query: (cypher: string, params: Record<string, unknown>) => Promise<Record<string, unknown>[]>,
  ids: readonly string[],
): Promise<Map<string, EntityLabel>> {
  const rows = await query(KINDS_BY_ID, { ids });
  return new Map(rows.filter((r) => isEntityLabel(r.kind)).map((r) => [String(r.id), r.kind as EntityLabel]));
}

/** A domain rule asked of one village at one time: 一肩挑 (at `asOf`, default now) or model village. */
export interface RuleKey {
  id: string;
  rule: VillageRule;
  asOf: string | null;
}

export const ruleKey = (k: RuleKey): string => `${k.id}|${k.rule}|${k.asOf ?? ''}`;

/**
 * Evaluates the rules of src/db/rules.ts for many villages in one round trip: keys asking the same
 * rule at the same time share one compiled predicate, chosen per row by `CASE`.
 */
export async function rulesByKey(
  db: Database,
  keys: readonly RuleKey[],
  log?: QueryLog,
): Promise<Map<string, boolean>> {
  const params = new Params();
  const groups = new Map<string, number>();
  const branches: string[] = [];
  const rows = keys.map((k) => {
    const name = `${k.rule}|${k.asOf ?? ''}`;
    let group = groups.get(name);
    if (group === undefined) {
      group = branches.length;
      groups.set(name, group);
      const predicate = villageRule(k.rule, 'v', timeWindow(k.asOf, null) ?? today(), params);
      branches.push(`WHEN ${String(group)} THEN ${predicate}`);
    }
    return { key: ruleKey(k), id: k.id, group };
  });
  const result = await db.read<{ key: string; value: boolean }>(
    `UNWIND $rows AS row
     MATCH (v:Node {id: row.id})
     RETURN row.key AS key, CASE row.group ${branches.join(' ')} END AS value`,
    { ...params.values, rows: rows.map((r) => ({ ...r, group: integer(r.group) })) },
    log,
  );
  return new Map(result.map((r) => [r.key, r.value]));
}

/** A relationship count asked of one entity (src/db/rules.ts `entityCount`). */
export interface CountKey {
  id: string;
  count: EntityCount;
}

export const countKey = (k: CountKey): string => `${k.id}|${k.count}`;

/** Relationship counts of many entities in one round trip, each count's Cypher chosen per row by `CASE`. */
export async function countsByKey(
  db: Database,
  keys: readonly CountKey[],
  log?: QueryLog,
): Promise<Map<string, number>> {
  const counts = [...new Set(keys.map((k) => k.count))];
  const branches = counts.map((c, i) => `WHEN ${String(i)} THEN ${entityCount(c, 'v')}`);
  const rows = keys.map((k) => ({ key: countKey(k), id: k.id, count: integer(counts.indexOf(k.count)) }));
  const result = await db.read<{ key: string; value: number }>(
    `UNWIND $rows AS row
     MATCH (v:Node {id: row.id})
     RETURN row.key AS key, CASE row.count ${branches.join(' ')} END AS value`,
    { rows },
    log,
  );
  return new Map(result.map((r) => [r.key, r.value]));
}
