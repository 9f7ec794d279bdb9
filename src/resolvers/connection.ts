import { CAPS, DEFAULTS } from '../defaults.js';
import { badUserInput } from '../errors.js';

export const MAX_PAGE: number = CAPS.first;

/** Opaque cursor of the item at `offset` in a list. */
export function cursorAt(offset: number): string {
  return Buffer.from(`o:${String(offset)}`).toString('base64url');
}

/**
 * The offset after `after`, or 0; a cursor we did not issue is a BAD_USER_INPUT. Issued means
 * exactly what cursorAt writes (Node's base64url decoder skips stray characters and `o:007`
 * decodes too, so the cursor is re-encoded and compared) for an offset no list exceeds.
 */
export function offsetAfter(after: string | null | undefined): number {
  if (!after) return 0;
  const match = /^o:(\d{1,6})$/.exec(Buffer.from(after, 'base64url').toString('utf8'));
  const offset = Number(match?.[1]);
  if (!match || offset > CAPS.cursorOffset || cursorAt(offset) !== after) {
    throw badUserInput('after is not a cursor this API issued', 'after');
  }
  return offset + 1;
}

/** Checks `first` against its cap and returns it. */
export function pageSize(first: number | null | undefined, cap = MAX_PAGE, fallback: number = DEFAULTS.first): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0) throw badUserInput('first must be a non-negative integer', 'first');
  if (size > cap) throw badUserInput(`first may be at most ${String(cap)}, got ${String(size)}`, 'first');
  return size;
}

/**
 * A Relay connection whose parts load on demand: `totalCount` alone runs only the count query,
 * `edges`/`pageInfo` only the page query (once, shared).
 */
export function connection<T>(
  args: { first?: number | null; after?: string | null },
  fetchPage: (skip: number, limit: number) => Promise<T[]>,
  count: () => Promise<number>,
  cap = MAX_PAGE,
) {
  const size = pageSize(args.first, cap);
  const skip = offsetAfter(args.after);
  let page: Promise<T[]> | undefined;
  const rows = (): Promise<T[]> => (page ??= fetchPage(skip, size + 1));
  const edges = async (): Promise<{ cursor: string; node: T }[]> =>
    (await rows()).slice(0, size).map((node, i) => ({ cursor: cursorAt(skip + i), node }));
  return {
    edges,
    pageInfo: async () => {
      const items = await edges();
      return {
        hasNextPage: (await rows()).length > size,
        hasPreviousPage: skip > 0,
        startCursor: items[0]?.cursor ?? null,
        endCursor: items.at(-1)?.cursor ?? null,
      };
    },
    totalCount: count,
  };
}
