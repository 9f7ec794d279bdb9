import type { EntityLabel } from '../model/kinds.js';
import type { EntityRecord } from '../model/records.js';
import { integer, type Database, type QueryLog } from './database.js';
import { matchFiltered, type Params, type Predicates } from './filters.js';

export interface ListQuery {
  /** Allow-listed label: the only text of the query that depends on the request. */
  label: EntityLabel;
  predicates: Predicates;
  params: Params;
  /** Allow-listed ORDER BY items over `n`, e.g. `n.code DESC`. */
  order: string[];
}

/** One page of a filtered, sorted list; `limit` rows from `skip`. */
export async function listPage(
  db: Database,
  q: ListQuery,
  skip: number,
  limit: number,
  log: QueryLog,
): Promise<EntityRecord[]> {
  const order = [...q.order, 'n.id'].join(', ');
  const rows = await db.read<{ node: EntityRecord }>(
    `${matchFiltered('n', q.label, q.predicates)}
     RETURN properties(n) AS node
     ORDER BY ${order}
     SKIP $skip LIMIT $limit`,
    { ...q.params.values, skip: integer(skip), limit: integer(limit) },
    log,
  );
  return rows.map((r) => r.node);
}

/** How many entities the filter keeps, counted without returning them. */
export async function listCount(db: Database, q: ListQuery, log: QueryLog): Promise<number> {
  const [row] = await db.read<{ n: number }>(
    `${matchFiltered('n', q.label, q.predicates)}
     RETURN count(n) AS n`,
    q.params.values,
    log,
  );
  return row?.n ?? 0;
}
