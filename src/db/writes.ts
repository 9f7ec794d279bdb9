import type { EntityLabel, RelationType } from '../model/kinds.js';

/**
 * The Cypher of the API's write path (src/mutations/apply.ts): creating, updating and deleting
 * entities, linking and unlinking them. Each runs as one statement of the mutation's write
 * transaction; the audit trail it leaves is in changes.ts.
 *
 * Only allow-listed labels and relationship types (`EntityLabel`, `RelationType`, checked by the
 * caller against src/model/kinds.ts) are written into the text; ids, properties and sentence ids
 * are `$parameters`.
 */

export const SENTENCE_EXISTS = 'MATCH (s:Sentence {id: $id}) RETURN s.id AS id';

export const NODE_EXISTS = 'MATCH (n:Node {id: $id}) RETURN n.id AS id';

/** Creates an entity from `$props`, `$id`, `$label` (the same label) and an optional `$sentenceId`. */
export const createEntity = (label: EntityLabel): string =>
  `CREATE (n:Node:Entity:${label}) SET n = $props, n.id = $id, n.kind = $label, n.version = 1, n.createdAt = toString(datetime())
     WITH n UNWIND CASE WHEN $sentenceId IS NULL THEN [] ELSE [$sentenceId] END AS sid
     MATCH (s:Sentence {id: sid}) CREATE (n)-[:EVIDENCED_BY]->(s)`;

/** Takes the entity's write lock (a write takes Neo4j's lock before anything is read). */
export const LOCK_ENTITY =
  'MATCH (n:Node:Entity {id: $id}) SET n.version = coalesce(n.version, 0) RETURN properties(n) AS props';

export const UPDATE_ENTITY =
  'MATCH (n:Node:Entity {id: $id}) SET n += $patch, n.version = n.version + 1, n.updatedAt = toString(datetime())';

export const HARD_DELETE = 'MATCH (n:Node {id: $id}) DETACH DELETE n';

/**
 * A soft delete: the entity keeps its id and history but loses :Entity and its kind label, so
 * lists, search, chains and networks no longer see it.
 */
export const softDelete = (label: EntityLabel): string =>
  `MATCH (n:Node:Entity {id: $id}) REMOVE n:Entity:${label} SET n:Deleted, n.deletedAt = toString(datetime()), n.version = n.version + 1`;

/** The relationship `$id` of this type starting at `$from`, if it exists. */
export const relationshipById = (type: RelationType): string =>
  `MATCH (:Node {id: $from})-[r:${type} {id: $id}]->() RETURN r.id AS id`;

/** Links `$from` to `$to` with `$props`, `$id` and the evidence `$sentenceId`. */
export const createRelationship = (type: RelationType): string =>
  `MATCH (a:Node:Entity {id: $from}), (b:Node:Entity {id: $to})
     CREATE (a)-[r:${type}]->(b) SET r = $props, r.id = $id, r.evidence = $sentenceId`;

/** Deletes the relationship `$id` if its type is among `$types`, returning what it was. */
export const DELETE_RELATIONSHIP = `MATCH (a:Node)-[r]->(b:Node) WHERE r.id = $id AND type(r) IN $types
     WITH r, a, b, properties(r) AS props, type(r) AS type
     DELETE r
     RETURN type, a.id AS from, b.id AS to, props`;
