import { integer } from './database.js';
import type { Params } from './params.js';

/**
 * Keyset pagination: a page starts right after (or ends right before) the item its cursor names,
 * found by comparing the items' sort keys with the values the cursor carries, not by counting rows.
 * A deep page then costs what the first page costs when the order is one Neo4j can read from an
 * index (id order: the label's id index), instead of reading and discarding every earlier row as
 * SKIP does. Other orders (code, name, pinyin, income; `code` and `name` are indexed on `:Entity`
 * only, which a match on one label does not use) and computed keys (an enterprise's villages
 * reached) page the same way but are sorted to find the page: there the cursor spares the SKIP.
 */

/** One item of an ORDER BY: a Cypher expression over the row and its direction. */
export interface SortKey {
  expr: string;
  desc: boolean;
}

/** The values of an item's sort keys, in order, the last being its id (the tie-breaker). */
export type KeyValues = readonly (string | number | null)[];

/**
 * Which items a page holds (src/resolvers/connection.ts `pageWindow`): `size` items strictly
 * after `after` and before `before` (key values, null when absent), read from the start or, with
 * `backward` (`last`), from the end.
 */
export interface PageWindow {
  size: number;
  backward: boolean;
  after: KeyValues | null;
  before: KeyValues | null;
}

/**
 * The sort keys of an allow-listed ORDER BY (`['n.name DESC']`), made total: up to the first one on
 * the id (`idExpr`), which is appended when absent. Ids are unique, so later keys never matter, and
 * with the id every item has one place in the order, which a cursor can name.
 */
export function sortKeys(order: readonly string[], idExpr: string): SortKey[] {
  const keys: SortKey[] = [];
  for (const item of order) {
    const match = /^(.*?)(?:\s+(ASC|DESC))?$/s.exec(item.trim());
    const key = { expr: match?.[1] ?? item, desc: match?.[2] === 'DESC' };
    keys.push(key);
    if (key.expr === idExpr) return keys;
  }
  return [...keys, { expr: idExpr, desc: false }];
}

/**
 * Keys that are computed (a count), each bound once per row to a name (`WITH n, <expr> AS k0`), so
 * that the seek, the sort and the cursor's values read it rather than computing it three times.
 * `binding` is the text to put after the MATCH, empty when every key is a property.
 */
export function bindKeys(keys: readonly SortKey[], v: string): { keys: SortKey[]; binding: string } {
  const property = (k: SortKey): boolean => /^\w+\.\w+$/.test(k.expr);
  const named = keys.map((k, i) => (property(k) ? k : { expr: `k${String(i)}`, desc: k.desc }));
  const bound = keys.flatMap((k, i) => (property(k) ? [] : [`${k.expr} AS k${String(i)}`]));
  return { keys: named, binding: bound.length > 0 ? `WITH ${v}, ${bound.join(', ')}` : '' };
}

/** The ORDER BY of the keys, or of their exact reverse (a page read from the end). */
export function orderText(keys: readonly SortKey[], reverse = false): string {
  return keys.map((k) => `${k.expr}${k.desc !== reverse ? ' DESC' : ''}`).join(', ');
}

/** The list of an item's key values, as a cursor carries them. */
export function keyList(keys: readonly SortKey[]): string {
  return `[${keys.map((k) => k.expr).join(', ')}]`;
}

/** Ids are never null (the lists and chains that order by them match only nodes that have one). */
const isId = (k: SortKey): boolean => /^\w+\.id$/.test(k.expr);

/**
 * Whether a row's key `k` is strictly greater (or smaller) than the cursor's value `c` in Neo4j's
 * order, where null is the greatest value (ascending, nulls come last; descending, first). A null
 * `c` has no parameter, so the text differs only in which of these fixed forms it takes; values
 * always reach Cypher as parameters. Null when no row can be.
 */
function beyond(k: SortKey, c: string | null, greater: boolean): string | null {
  if (c === null) return greater ? null : `${k.expr} IS NOT NULL`;
  if (!greater) return `${k.expr} < ${c}`;
  return isId(k) ? `${k.expr} > ${c}` : `(${k.expr} > ${c} OR ${k.expr} IS NULL)`;
}

const equal = (k: SortKey, c: string | null): string => (c === null ? `${k.expr} IS NULL` : `${k.expr} = ${c}`);

/**
 * The condition that a row's keys come strictly after (or before) `values` in the order: the
 * lexicographic comparison, written out (the first key beyond, or equal and the second beyond...).
 * With several keys comes the bound of the first key alone when no null can be among the rows
 * kept (`n0.id >= $p0`, `n.name <= $p0`): the same rows, in a form Neo4j serves from an index.
 */
function seekSide(keys: readonly SortKey[], values: KeyValues, side: 'after' | 'before', params: Params): string {
  const placeholders = values.map((v) => (v === null ? null : params.add(v)));
  const at = (i: number): string | null => placeholders[i] ?? null;
  // After an item in an ascending order are the greater values; in a descending one, the smaller.
  const greater = (k: SortKey): boolean => (side === 'after') !== k.desc;
  const terms: string[] = [];
  keys.forEach((k, i) => {
    const step = beyond(k, at(i), greater(k));
    if (step !== null) terms.push([...keys.slice(0, i).map((e, j) => equal(e, at(j))), step].join(' AND '));
  });
  if (terms.length <= 1) return terms[0] ?? 'false';
  const or = `(${terms.map((t) => `(${t})`).join(' OR ')})`;
  const [first] = keys;
  const c = at(0);
  if (!first || c === null || (greater(first) && !isId(first))) return or;
  return `${first.expr} ${greater(first) ? '>=' : '<='} ${c} AND ${or}`;
}

/** The seek conditions of a page's cursors (none without `after` or `before`). */
export function seek(keys: readonly SortKey[], window: PageWindow, params: Params): string[] {
  return [
    ...(window.after ? [seekSide(keys, window.after, 'after', params)] : []),
    ...(window.before ? [seekSide(keys, window.before, 'before', params)] : []),
  ];
}

/** The LIMIT of a page: one row more than it shows, to know whether another page follows. */
export function pageLimit(window: PageWindow, params: Params): string {
  return params.add(integer(window.size + 1));
}
