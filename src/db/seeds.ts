import type { EntityLabel, RelationType } from '../model/kinds.js';
import { EVIDENCE_TYPE } from '../model/kinds.js';

/**
 * The seed loader's Cypher (src/seed/load.ts, src/seed/index.ts): documents, sentences, entities
 * and relationships merged by id in batches with UNWIND, and the record of which seeds the
 * database holds.
 *
 * Labels and types come from the allow-lists of src/model/kinds.ts, never from the rows: a row only
 * selects one. They are the only text spliced in; every row value is a `$parameter`.
 */

/** Merges the source document `$doc` (its metadata, without sentences). */
export const MERGE_DOCUMENT = `MERGE (d:Node {id: $doc.id})
       SET d:SourceDocument, d += $doc, d.kind = 'SourceDocument', d.synthetic = false`;

/** Merges `$sentences` into the document `$documentId`. */
export const MERGE_SENTENCES = `MATCH (d:SourceDocument {id: $documentId})
       UNWIND $sentences AS row
       MERGE (s:Node {id: row.id})
       SET s:Sentence, s.kind = 'Sentence', s.index = row.index, s.text = row.text, s.documentId = row.documentId,
           s.synthetic = false
       MERGE (s)-[:IN_DOCUMENT]->(d)`;

/** Merges `$rows` ({id, props, evidence}) as entities of one kind (`$label`, the same label). */
export const mergeEntities = (label: EntityLabel): string =>
  `UNWIND $rows AS row
         MERGE (n:Node {id: row.id})
         SET n:Entity:${label}, n += row.props, n.kind = $label
         WITH n, row
         UNWIND row.evidence AS sentenceId
         MATCH (s:Sentence {id: sentenceId})
         MERGE (n)-[:${EVIDENCE_TYPE}]->(s)`;

/**
 * Merges `$rows` ({id, from, to, props}) as relationships of one type, between existing entities
 * only; returns each row's ends and whether both exist (`ok`).
 */
export const mergeRelations = (type: RelationType): string =>
  `UNWIND $rows AS row
         OPTIONAL MATCH (a:Node:Entity {id: row.from})
         OPTIONAL MATCH (b:Node:Entity {id: row.to})
         CALL (a, b, row) {
           WITH a, b, row WHERE a IS NOT NULL AND b IS NOT NULL
           MERGE (a)-[r:${type} {id: row.id}]->(b)
           SET r += row.props
           RETURN count(r) AS merged
         }
         RETURN row.from AS from, row.to AS to, a IS NOT NULL AND b IS NOT NULL AS ok`;

/** How many entities the database holds, and the fingerprint of the seeds loaded from `$dir`. */
export const SEED_STATE = `CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
     OPTIONAL MATCH (state:SeedState {dir: $dir})
     RETURN entities, state.fingerprint AS fingerprint`;

/** Records that the seeds of `$dir`, with `$fingerprint`, are loaded (by `$by`). */
export const MARK_SEEDED = `MERGE (state:SeedState {dir: $dir})
     SET state.fingerprint = $fingerprint, state.loadedAt = datetime(), state.loadedBy = $by`;
