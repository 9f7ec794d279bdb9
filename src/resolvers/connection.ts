import { createHash } from 'node:crypto';

import { CAPS, DEFAULTS } from '../defaults.js';
import type { KeyValues, PageWindow } from '../db/keyset.js';
import { badUserInput } from '../errors.js';

export const MAX_PAGE: number = CAPS.first;

/** The pagination arguments of a Relay connection field. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * The list and order a cursor belongs to: a short digest of their description (a label and its
 * sort keys, a chain pattern's shape), so that a cursor of one list or order is refused by another
 * instead of seeking with keys that mean something else there.
 */
export interface CursorScope {
  digest: string;
  /** How many key values an item's cursor carries: its sort keys, the id last. */
  width: number;
}

/** The scope of the cursors of a list described by `description` whose items carry `width` keys. */
export function cursorScope(description: string, width: number): CursorScope {
  return { digest: createHash('sha256').update(description).digest('base64url').slice(0, 12), width };
}

const VERSION = 'k1:';

/**
 * The opaque cursor of an item: `k1:` and the JSON of the scope's digest and the item's key values
 * (its sort keys, then its id), base64url. It names the item by what it is, not by where it stood,
 * so paging on seeks past it (src/db/keyset.ts) and rows added or removed before it do not shift
 * the next page.
 */
export function cursorOf(scope: CursorScope, key: KeyValues): string {
  return Buffer.from(VERSION + JSON.stringify([scope.digest, ...key])).toString('base64url');
}

const isKeyValue = (v: unknown): v is string | number | null =>
  v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/**
 * The key values a cursor carries; one the API did not issue is a BAD_USER_INPUT naming
 * `argument`. Issued means exactly what `cursorOf` writes (Node's base64url decoder skips stray
 * characters and JSON has many spellings of one value, so the cursor is re-encoded and compared),
 * for this list and order: a cursor of another one is refused as such. Offset cursors (`o:N`, the
 * API's first kind) are no longer issued and are refused like any other text.
 */
function keyOf(cursor: string, scope: CursorScope, argument: 'after' | 'before'): KeyValues {
  const forged = (): Error => badUserInput(`${argument} is not a cursor this API issued`, argument);
  if (cursor.length > CAPS.cursorLength) throw forged();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(VERSION)) throw forged();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(VERSION.length));
  } catch {
    throw forged();
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || !parsed.every((v, i) => i === 0 || isKeyValue(v))) {
    throw forged();
  }
  const [digest, ...key] = parsed as [string, ...(string | number | null)[]];
  if (Buffer.from(VERSION + JSON.stringify(parsed)).toString('base64url') !== cursor) throw forged();
  if (digest !== scope.digest || key.length !== scope.width || typeof key.at(-1) !== 'string') {
    throw badUserInput(`${argument} is a cursor of another list or order`, argument);
  }
  return key;
}

/** Checks a page size (`first`, `last`) against its cap and returns it. */
export function pageSize(
  first: number | null | undefined,
  cap = MAX_PAGE,
  fallback: number = DEFAULTS.first,
  argument = 'first',
): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0) throw badUserInput(`${argument} must be a non-negative integer`, argument);
  if (size > cap) throw badUserInput(`${argument} may be at most ${String(cap)}, got ${String(size)}`, argument);
  return size;
}

/**
 * The items a page holds, from Relay's pagination arguments: those strictly between the items
 * `after` and `before` name (either bound absent: the list's end), `first` of them from the start
 * or `last` from the end. Neither `first` nor `last`: the first DEFAULTS.first items.
 */
export function pageWindow(args: PageArgs, scope: CursorScope, cap = MAX_PAGE): PageWindow {
  if (args.first != null && args.last != null) throw badUserInput('Give first or last, not both', 'last');
  const after = args.after ? keyOf(args.after, scope, 'after') : null;
  const before = args.before ? keyOf(args.before, scope, 'before') : null;
  const backward = args.last != null;
  const size = backward ? pageSize(args.last, cap, DEFAULTS.first, 'last') : pageSize(args.first, cap);
  return { size, backward, after, before };
}

/** A row of a page: the item and its key values, which its cursor carries. */
export interface KeyedRow<T> {
  node: T;
  key: KeyValues;
}

/**
 * A Relay connection whose parts load on demand: `totalCount` alone runs only the count query,
 * `edges`/`pageInfo` only the page query (once, shared). `fetchPage` reads the page's items in
 * the order it is read in (from the end, for `last`) and one more, to know whether more items
 * lie beyond it. On the side a cursor bounds, the item it names lies beyond (Relay lets a server
 * say so without looking: the page after a cursor has a previous page).
 */
export function connection<T>(
  window: PageWindow,
  scope: CursorScope,
  fetchPage: () => Promise<KeyedRow<T>[]>,
  count: () => Promise<number>,
) {
  let page: Promise<{ rows: KeyedRow<T>[]; more: boolean }> | undefined;
  const load = async (): Promise<{ rows: KeyedRow<T>[]; more: boolean }> => {
    const rows = await fetchPage();
    const kept = rows.slice(0, window.size);
    return { rows: window.backward ? kept.reverse() : kept, more: rows.length > window.size };
  };
  const edges = async (): Promise<{ cursor: string; node: T }[]> => {
    const { rows } = await (page ??= load());
    return rows.map((row) => ({ cursor: cursorOf(scope, row.key), node: row.node }));
  };
  return {
    edges,
    pageInfo: async () => {
      const items = await edges();
      const { more } = await (page ??= load());
      return {
        hasNextPage: window.backward ? window.before !== null : more || window.before !== null,
        hasPreviousPage: window.backward ? more || window.after !== null : window.after !== null,
        startCursor: items[0]?.cursor ?? null,
        endCursor: items.at(-1)?.cursor ?? null,
      };
    },
    totalCount: count,
  };
}
