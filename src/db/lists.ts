import type { EntityLabel } from '../model/kinds.js';
import type { EntityRecord } from '../model/records.js';
import type { Database, QueryLog } from './database.js';
import { keyList, orderText, pageLimit, seek, sortKeys, type KeyValues, type PageWindow } from './keyset.js';
import { matchFiltered, type Params, type Predicates } from './filters.js';

export interface ListQuery {
  /** Allow-listed label: the only text of the query that depends on the request. */
  label: EntityLabel;
  predicates: Predicates;
  params: Params;
  /** Allow-listed ORDER BY items over `n`, e.g. `n.code DESC`. */
  order: string[];
}

/** One page of a filtered, sorted list past the window's cursors, each item with its key values. */
export async function listPage(
  db: Database,
  q: ListQuery,
  window: PageWindow,
  log: QueryLog,
): Promise<{ node: EntityRecord; key: KeyValues }[]> {
  const keys = sortKeys(q.order, 'n.id');
  const seeks = seek(keys, window, q.params);
  return db.read<{ node: EntityRecord; key: KeyValues }>(
    `${matchFiltered('n', q.label, [...q.predicates, ...seeks])}
     RETURN properties(n) AS node, ${keyList(keys)} AS key
     ORDER BY ${orderText(keys, window.backward)}
     LIMIT ${pageLimit(window, q.params)}`,
    q.params.values,
    log,
  );
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
