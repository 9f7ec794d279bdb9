import type { Database } from '../db/database.js';
import { ENTITY_LABELS, RELATION_TYPES } from '../model/kinds.js';
import type { EntityRow, RelationRow } from './rows.js';

const BATCH = 1000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface LoadCounts {
  entities: number;
  relations: number;
}

/**
 * Merges entities and relationships by id in one write transaction, batched with UNWIND.
 * Running it twice yields the same graph; a relationship naming a missing entity aborts the
 * whole load, so nothing is half-written.
 */
export async function loadRows(db: Database, entities: EntityRow[], relations: RelationRow[]): Promise<LoadCounts> {
  await db.writeAll(async (run) => {
    // Labels and types come from the allow-lists, never from the rows: the row only selects one.
    for (const label of ENTITY_LABELS) {
      const rows = entities.filter((e) => e.label === label);
      for (const batch of chunks(rows, BATCH)) {
        await run(
          `UNWIND $rows AS row
           MERGE (n:Entity {id: row.id})
           SET n:${label}, n += row.props, n.kind = $label`,
          { rows: batch.map((r) => ({ id: r.id, props: r.props })), label },
        );
      }
    }
    for (const type of RELATION_TYPES) {
      const rows = relations.filter((r) => r.type === type);
      for (const batch of chunks(rows, BATCH)) {
        const result = await run(
          `UNWIND $rows AS row
           OPTIONAL MATCH (a:Entity {id: row.from})
           OPTIONAL MATCH (b:Entity {id: row.to})
           CALL (a, b, row) {
             WITH a, b, row WHERE a IS NOT NULL AND b IS NOT NULL
             MERGE (a)-[r:${type}]->(b)
             SET r += row.props
             RETURN count(r) AS merged
           }
           RETURN row.from AS from, row.to AS to, a IS NOT NULL AND b IS NOT NULL AS ok`,
          { rows: batch },
        );
        const missing = result.filter((r) => r.ok !== true);
        if (missing.length > 0) {
          const first = missing[0] as { from: string; to: string };
          throw new Error(
            `${String(missing.length)} ${type} relationship(s) name a missing entity, e.g. ${first.from} -> ${first.to}`,
          );
        }
      }
    }
  });
  return { entities: entities.length, relations: relations.length };
}
