import type { EntityLabel, RelationType } from '../model/kinds.js';

/**
 * The seed loader's Cypher (src/seed/load.ts, src/seed/undo.ts, src/seed/index.ts): documents,
 * sentences, entities and relationships merged by id in batches with UNWIND, one transaction per
 * batch; the undo record each batch leaves until the whole load is committed; and the record of
 * which seeds the database holds.
 *
 * Labels and types come from the allow-lists of src/model/kinds.ts, never from the rows: a row only
 * selects one. They are the only text spliced in; every row value is a `$parameter`.
 */

/** Labels a loaded node may get besides :Node: an entity's two, or a document's or sentence's one. */
export type LoadLabel = EntityLabel | 'Entity' | 'SourceDocument' | 'Sentence';

/** The property-less links a loaded node keeps to other nodes: its evidence, or its document. */
export type LinkType = 'EVIDENCED_BY' | 'IN_DOCUMENT';

/** The nodes `$ids` that exist already: their properties, labels and the ids their `linkType` links reach. */
export const readNodes = (linkType: LinkType): string =>
  `UNWIND $ids AS id
     MATCH (n:Node {id: id})
     RETURN id, properties(n) AS props, labels(n) AS labels, [(n)-[:${linkType}]->(t:Node) | t.id] AS links`;

/**
 * Merges `$rows` ({id, props, links}) as nodes with `labels`, each linked by `linkType` to the
 * nodes of its `links`; returns how many links reached an existing node.
 */
export const mergeNodes = (labels: readonly LoadLabel[], linkType: LinkType): string =>
  `UNWIND $rows AS row
     MERGE (n:Node {id: row.id})
     SET n:${labels.join(':')}, n += row.props
     WITH n, row
     CALL (n, row) {
       UNWIND row.links AS to
       MATCH (t:Node {id: to})
       MERGE (n)-[:${linkType}]->(t)
       RETURN count(*) AS linked
     }
     RETURN sum(linked) AS linked`;

/**
 * For each of `$rows` ({id, from, to}): whether both ends exist as entities, and the properties of
 * the relationship `type` with that id between them if it exists already.
 */
export const readRelations = (type: RelationType): string =>
  `UNWIND $rows AS row
     OPTIONAL MATCH (a:Node:Entity {id: row.from})
     OPTIONAL MATCH (b:Node:Entity {id: row.to})
     OPTIONAL MATCH (a)-[r:${type} {id: row.id}]->(b)
     RETURN row.id AS id, a IS NOT NULL AS hasFrom, b IS NOT NULL AS hasTo, properties(r) AS props`;

/** Merges `$rows` ({id, from, to, props}) as relationships of one type; returns how many it merged. */
export const mergeRelations = (type: RelationType): string =>
  `UNWIND $rows AS row
     MATCH (a:Node:Entity {id: row.from})
     MATCH (b:Node:Entity {id: row.to})
     MERGE (a)-[r:${type} {id: row.id}]->(b)
     SET r += row.props
     RETURN count(r) AS merged`;

/** Opens the load `$id` of the seeds from `$source`: its batches' undo records hang on it. */
export const START_LOAD = `CREATE (:SeedLoad {id: $id, source: $source, state: 'running', startedAt: datetime()})`;

/** Stores one batch's undo record (`$undo`: what it created, and what it changed as it was before). */
export const RECORD_UNDO = `MATCH (load:SeedLoad {id: $load})
     CREATE (u:SeedUndo) SET u = $undo, u.load = $load`;

/** The commit point of a load: from here on it is kept, whatever happens to the clean-up after. */
export const COMMIT_LOAD = `MATCH (load:SeedLoad {id: $id}) SET load.state = 'committed'`;

/** Loads begun and not yet cleaned up: running (to undo after a crash) or committed. */
export const UNFINISHED_LOADS =
  'MATCH (load:SeedLoad) RETURN load.id AS id, load.state AS state, load.source AS source';

/** The last batch's undo record of the load `$load` still to undo. */
export const LAST_UNDO = `MATCH (u:SeedUndo {load: $load})
     RETURN properties(u) AS undo ORDER BY u.seq DESC LIMIT 1`;

export const DELETE_UNDO = 'MATCH (u:SeedUndo {load: $load, seq: $seq}) DELETE u';

/** Deletes up to `$limit` undo records of the committed load `$load`; returns how many. */
export const DROP_UNDO_RECORDS = `MATCH (u:SeedUndo {load: $load})
     WITH u LIMIT $limit
     DELETE u
     RETURN count(*) AS deleted`;

export const DELETE_LOAD = 'MATCH (load:SeedLoad {id: $id}) DELETE load';

/** Undo: deletes the nodes `$ids` the load created, with their links. */
export const UNDO_CREATED_NODES = 'UNWIND $ids AS id MATCH (n:Node {id: id}) DETACH DELETE n';

/**
 * Undo: gives the nodes of `$rows` ({id, props, labels}) back the properties they had, and takes
 * off those of `labels` the load added.
 */
export const undoChangedNodes = (labels: readonly LoadLabel[]): string =>
  `UNWIND $rows AS row
     MATCH (n:Node {id: row.id})
     SET n = row.props
     ${labels.map((l) => `FOREACH (_ IN CASE WHEN '${l}' IN row.labels THEN [] ELSE [1] END | REMOVE n:${l})`).join('\n     ')}`;

/** Undo: deletes the links `$links` ([from, to]) the load added to nodes that existed. */
export const undoLinks = (linkType: LinkType): string =>
  `UNWIND $links AS link
     MATCH (:Node {id: link[0]})-[r:${linkType}]->(:Node {id: link[1]})
     DELETE r`;

/** Undo: deletes the relationships `$rows` ({from, id}) the load created. */
export const undoCreatedRelations = (type: RelationType): string =>
  `UNWIND $rows AS row
     MATCH (:Node {id: row.from})-[r:${type} {id: row.id}]->()
     DELETE r`;

/** Undo: gives the relationships of `$rows` ({from, id, props}) back their properties. */
export const undoChangedRelations = (type: RelationType): string =>
  `UNWIND $rows AS row
     MATCH (:Node {id: row.from})-[r:${type} {id: row.id}]->()
     SET r = row.props`;

/** How many entities the database holds, and the fingerprint of the seeds loaded from `$dir`. */
export const SEED_STATE = `CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
     OPTIONAL MATCH (state:SeedState {dir: $dir})
     RETURN entities, state.fingerprint AS fingerprint`;

/** Records that the seeds of `$dir`, with `$fingerprint`, are loaded (by `$by`). */
export const MARK_SEEDED = `MERGE (state:SeedState {dir: $dir})
     SET state.fingerprint = $fingerprint, state.loadedAt = datetime(), state.loadedBy = $by`;
