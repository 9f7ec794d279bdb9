import { CAPS, DEFAULTS } from '../defaults.js';
import type { PageWindow } from '../db/planner/roots.js';
import { badUserInput } from '../errors.js';

export const MAX_PAGE: number = CAPS.first;

/** The pagination arguments of a Relay connection field. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** Opaque cursor of the item at `offset` in a list. */
export function cursorAt(offset: number): string {
  return Buffer.from(`o:${String(offset)}`).toString('base64url');
}

/**
 * The offset a cursor names; a cursor we did not issue is a BAD_USER_INPUT naming `argument`.
 * Issued means exactly what cursorAt writes (Node's base64url decoder skips stray characters and
 * `o:007` decodes too, so the cursor is re-encoded and compared) for an offset no list exceeds.
 */
function offsetOf(cursor: string, argument: 'after' | 'before'): number {
  const match = /^o:(\d{1,6})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const offset = Number(match?.[1]);
  if (!match || offset > CAPS.cursorOffset || cursorAt(offset) !== cursor) {
    throw badUserInput(`${argument} is not a cursor this API issued`, argument);
  }
  return offset;
}

/** The offset after `after`, or 0; a cursor we did not issue is a BAD_USER_INPUT. */
export function offsetAfter(after: string | null | undefined): number {
  return after ? offsetOf(after, 'after') + 1 : 0;
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
 * The items a page holds, from Relay's pagination arguments. Cursors are offsets, so `after` and
 * `before` bound the list to [after + 1, before); `first` takes from the start of that range and
 * `last` from its end. With `before`, the end is known and `last` is a page from the start like
 * any other; without it, the end is the count (`fromEnd`). Neither `first` nor `last`: the first
 * DEFAULTS.first items.
 */
export function pageWindow(args: PageArgs, cap = MAX_PAGE): PageWindow {
  if (args.first != null && args.last != null) throw badUserInput('Give first or last, not both', 'last');
  const lo = offsetAfter(args.after);
  const hi = args.before ? offsetOf(args.before, 'before') : null;
  if (args.last != null) {
    const size = pageSize(args.last, cap, DEFAULTS.first, 'last');
    if (hi === null) return { skip: lo, size, fromEnd: true };
    const skip = Math.max(lo, hi - size);
    return { skip, size: Math.max(0, hi - skip), fromEnd: false };
  }
  const size = pageSize(args.first, cap);
  return { skip: lo, size: hi === null ? size : Math.min(size, Math.max(0, hi - lo)), fromEnd: false };
}

/** A page's rows and the offset of the first. */
interface Page<T> {
  start: number;
  rows: T[];
  hasNextPage: boolean;
}

/**
 * A Relay connection whose parts load on demand: `totalCount` alone runs only the count query,
 * `edges`/`pageInfo` only the page query (once, shared). A page from the start fetches one item
 * more than it shows, to know whether a next page exists; a page from the end (`last` without
 * `before`) reads the count first to know where it starts, and has no next page.
 */
export function connection<T>(
  window: PageWindow,
  fetchPage: (skip: number, limit: number) => Promise<T[]>,
  count: () => Promise<number>,
) {
  let page: Promise<Page<T>> | undefined;
  const load = async (): Promise<Page<T>> => {
    if (!window.fromEnd) {
      const rows = await fetchPage(window.skip, window.size + 1);
      return { start: window.skip, rows: rows.slice(0, window.size), hasNextPage: rows.length > window.size };
    }
    const total = await count();
    const start = Math.max(window.skip, total - window.size);
    const rows = start < total ? await fetchPage(start, total - start) : [];
    return { start, rows, hasNextPage: false };
  };
  const edges = async (): Promise<{ cursor: string; node: T }[]> => {
    const { start, rows } = await (page ??= load());
    return rows.map((node, i) => ({ cursor: cursorAt(start + i), node }));
  };
  return {
    edges,
    pageInfo: async () => {
      const items = await edges();
      const { start, hasNextPage } = await (page ??= load());
      return {
        hasNextPage,
        // Offsets make it cheap to know: an item exists before the first one shown.
        hasPreviousPage: start > 0,
        startCursor: items[0]?.cursor ?? null,
        endCursor: items.at(-1)?.cursor ?? null,
      };
    },
    totalCount: count,
  };
}
