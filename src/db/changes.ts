import type { ChangeRecord } from '../model/records.js';
import { integer, type Database, type QueryLog } from './database.js';

/**
 * The audit trail's Cypher: every change the API applies is recorded as a `:Change` node, linked
 * to its target and its evidence sentence. `:Change` carries no `:Node` label, so no query,
 * search or mutation of the API can reach it except through these.
 *
 * No label or type is spliced into these queries: every value is a `$parameter`.
 */

/** Records `$change` (a ChangeRecord), linked to its target and sentence when they exist. */
export const RECORD_CHANGE = `CREATE (c:Change) SET c = $change
     WITH c
     OPTIONAL MATCH (target:Node {id: $change.targetId})
     FOREACH (_ IN CASE WHEN target IS NULL THEN [] ELSE [1] END | CREATE (c)-[:CHANGED]->(target))
     WITH c
     OPTIONAL MATCH (s:Sentence {id: $change.sentenceId})
     FOREACH (_ IN CASE WHEN s IS NULL THEN [] ELSE [1] END | CREATE (c)-[:EVIDENCED_BY]->(s))`;

const HISTORY = `
  MATCH (c:Change {targetId: $id})
  RETURN properties(c) AS change ORDER BY c.at, c.id`;

const ALL_CHANGES = `
  MATCH (c:Change) WHERE $actor IS NULL OR c.actor = $actor
  RETURN properties(c) AS change ORDER BY c.at DESC, c.id LIMIT $first`;

/** Every change of one entity or relationship, oldest first. */
export async function changeHistory(db: Database, id: string, log: QueryLog): Promise<ChangeRecord[]> {
  return (await db.read<{ change: ChangeRecord }>(HISTORY, { id }, log)).map((r) => r.change);
}

/** The latest `first` changes, of one actor or of all. */
export async function latestChanges(
  db: Database,
  actor: string | null,
  first: number,
  log: QueryLog,
): Promise<ChangeRecord[]> {
  const rows = await db.read<{ change: ChangeRecord }>(ALL_CHANGES, { actor, first: integer(first) }, log);
  return rows.map((r) => r.change);
}
