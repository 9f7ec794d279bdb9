import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { CAPS, DEFAULTS } from '../../src/defaults.js';
import {
  connection,
  cursorAt,
  MAX_PAGE,
  offsetAfter,
  pageSize,
  pageWindow,
  type PageArgs,
} from '../../src/resolvers/connection.js';
import { refusal } from './helpers.js';

/** The BAD_USER_INPUT a call throws, with the argument it names. */

describe('cursors', () => {
  it('continue right after the item they point at, for any offset', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: CAPS.cursorOffset }), (offset) => {
        expect(offsetAfter(cursorAt(offset))).toBe(offset + 1);
      }),
    );
  });

  it('are opaque: no offset in plain sight, and different offsets give different cursors', () => {
    expect(cursorAt(41)).not.toContain('41');
    expect(cursorAt(1)).not.toBe(cursorAt(2));
  });

  it('start at the beginning without one', () => {
    expect(offsetAfter(null)).toBe(0);
    expect(offsetAfter(undefined)).toBe(0);
    expect(offsetAfter('')).toBe(0);
  });

  it.each([
    ['a plain number', '20'],
    ['an offset not encoded', 'o:20'],
    ['a negative offset', Buffer.from('o:-1').toString('base64url')],
    ['an offset too long', Buffer.from('o:1234567890').toString('base64url')],
    ['an offset beyond any list', Buffer.from('o:999999999').toString('base64url')],
    ['an offset just beyond the cap', Buffer.from(`o:${String(CAPS.cursorOffset + 1)}`).toString('base64url')],
    ['an offset with leading zeros', Buffer.from('o:020').toString('base64url')],
    ['an issued cursor with a stray character', `${cursorAt(20)}!`],
    ['an issued cursor with padding', `${cursorAt(20)}=`],
    ['another prefix', Buffer.from('x:20').toString('base64url')],
    ['trailing text', Buffer.from('o:20 OR 1=1').toString('base64url')],
    ['Cypher', "') DETACH DELETE n //"],
  ])('refuses %s with BAD_USER_INPUT naming after', (_what, forged) => {
    expect(refusal(() => offsetAfter(forged))).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'after',
      message: 'after is not a cursor this API issued',
    });
  });

  it('refuses every string that is not a cursor it issued', () => {
    const issued = new Set(Array.from({ length: 1000 }, (_, i) => cursorAt(i)));
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (text) => {
        fc.pre(!issued.has(text) && !/^o:\d{1,6}$/.test(Buffer.from(text, 'base64url').toString('utf8')));
        expect(refusal(() => offsetAfter(text)).code).toBe('BAD_USER_INPUT');
      }),
      { seed: 20200423 },
    );
  });
});

describe('page sizes', () => {
  it('default to the SDL default and are capped by MAX_PAGE', () => {
    expect(MAX_PAGE).toBe(CAPS.first);
    expect(pageSize(null)).toBe(DEFAULTS.first);
    expect(pageSize(undefined)).toBe(DEFAULTS.first);
    expect(pageSize(0)).toBe(0);
    expect(pageSize(MAX_PAGE)).toBe(MAX_PAGE);
  });

  it('take another cap and default where a field has its own', () => {
    expect(pageSize(null, CAPS.searchFirst, DEFAULTS.searchFirst)).toBe(DEFAULTS.searchFirst);
    expect(pageSize(CAPS.pathsFirst, CAPS.pathsFirst, DEFAULTS.pathsFirst)).toBe(CAPS.pathsFirst);
    expect(refusal(() => pageSize(CAPS.pathsFirst + 1, CAPS.pathsFirst)).message).toBe(
      `first may be at most ${String(CAPS.pathsFirst)}, got ${String(CAPS.pathsFirst + 1)}`,
    );
  });

  it.each([MAX_PAGE + 1, 100_000, Number.MAX_SAFE_INTEGER])('refuses %i, naming the cap', (first) => {
    expect(refusal(() => pageSize(first))).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'first',
      message: `first may be at most ${String(MAX_PAGE)}, got ${String(first)}`,
    });
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %d as not a non-negative integer', (first) => {
    expect(refusal(() => pageSize(first))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });
});

describe('connection', () => {
  const page = (args: PageArgs, s: ReturnType<typeof source>) => connection(pageWindow(args), s.fetchPage, s.count);

  /** A list of `total` items whose fetches and counts are recorded. */
  function source(total: number) {
    const calls = { pages: [] as [number, number][], counts: 0 };
    const items = Array.from({ length: total }, (_, i) => `item-${String(i)}`);
    return {
      calls,
      fetchPage: (skip: number, limit: number): Promise<string[]> => {
        calls.pages.push([skip, limit]);
        return Promise.resolve(items.slice(skip, skip + limit));
      },
      count: (): Promise<number> => {
        calls.counts++;
        return Promise.resolve(total);
      },
    };
  }

  it('runs only the count for totalCount alone', async () => {
    const s = source(30);
    const c = page({ first: 10 }, s);
    expect(await c.totalCount()).toBe(30);
    expect(s.calls).toEqual({ pages: [], counts: 1 });
  });

  it('fetches one page, one item more than asked, shared by edges and pageInfo', async () => {
    const s = source(30);
    const c = page({ first: 10 }, s);
    const [edges, info] = await Promise.all([c.edges(), c.pageInfo()]);
    expect(s.calls.pages).toEqual([[0, 11]]);
    expect(s.calls.counts).toBe(0);
    expect(edges.map((e) => e.node)).toEqual(Array.from({ length: 10 }, (_, i) => `item-${String(i)}`));
    expect(info).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: cursorAt(0),
      endCursor: cursorAt(9),
    });
  });

  it('pages through everything without overlap or gap, following endCursor', async () => {
    const s = source(47);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const c: ReturnType<typeof connection<string>> = connection(
        pageWindow({ first: 10, after }),
        s.fetchPage,
        s.count,
      );
      seen.push(...(await c.edges()).map((e) => e.node));
      const info: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } = await c.pageInfo();
      expect(info.hasPreviousPage).toBe(page > 0);
      if (!info.hasNextPage) break;
      after = info.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: 47 }, (_, i) => `item-${String(i)}`));
  });

  it('answers an empty page with null cursors', async () => {
    const s = source(0);
    const info = await page({ first: 5 }, s).pageInfo();
    expect(info).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
  });

  it('refuses a forged cursor and an oversized page before fetching anything', () => {
    const s = source(10);
    expect(refusal(() => page({ first: 5, after: 'forged' }, s)).argument).toBe('after');
    expect(refusal(() => page({ first: 101 }, s)).argument).toBe('first');
    expect(s.calls).toEqual({ pages: [], counts: 0 });
  });

  it('pages backward through everything without overlap or gap, following startCursor', async () => {
    const s = source(47);
    const pages: string[][] = [];
    let before: string | null = null;
    for (let i = 0; i < 10; i++) {
      const c: ReturnType<typeof connection<string>> = page({ last: 10, before }, s);
      pages.unshift((await c.edges()).map((e) => e.node));
      const info: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null } = await c.pageInfo();
      expect(info.hasNextPage).toBe(i > 0);
      if (!info.hasPreviousPage) break;
      before = info.startCursor;
    }
    expect(pages.flat()).toEqual(Array.from({ length: 47 }, (_, i) => `item-${String(i)}`));
    expect(pages.map((p) => p.length)).toEqual([7, 10, 10, 10, 10]);
    // The first backward page is placed by the count; the others by their cursor alone.
    expect(s.calls.counts).toBe(1);
    expect(s.calls.pages).toEqual([
      [37, 10],
      [27, 11],
      [17, 11],
      [7, 11],
      [0, 8],
    ]);
  });

  it('gives the cursors of the items wherever the page starts', async () => {
    const s = source(30);
    const edges = await page({ last: 3 }, s).edges();
    expect(edges).toEqual([27, 28, 29].map((i) => ({ cursor: cursorAt(i), node: `item-${String(i)}` })));
    expect(offsetAfter(edges[0]?.cursor)).toBe(28);
  });

  it('keeps a backward page after `after` and a forward page before `before`', async () => {
    const s = source(30);
    const lastAfter = page({ last: 10, after: cursorAt(24) }, s);
    expect((await lastAfter.edges()).map((e) => e.node)).toEqual([
      'item-25',
      'item-26',
      'item-27',
      'item-28',
      'item-29',
    ]);
    expect(await lastAfter.pageInfo()).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const firstBefore = page({ first: 10, after: cursorAt(2), before: cursorAt(6) }, s);
    expect((await firstBefore.edges()).map((e) => e.node)).toEqual(['item-3', 'item-4', 'item-5']);
    expect(await firstBefore.pageInfo()).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const none = page({ last: 5, before: cursorAt(0) }, s);
    expect(await none.pageInfo()).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });

  it('answers the last page of an empty list with no page on either side', async () => {
    const s = source(0);
    expect(await page({ last: 5 }, s).pageInfo()).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });

  it('refuses first with last, a forged before and an oversized last, naming the argument', () => {
    expect(refusal(() => pageWindow({ first: 5, last: 5 }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'last',
    });
    expect(refusal(() => pageWindow({ last: 5, before: 'forged' }))).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'before',
      message: 'before is not a cursor this API issued',
    });
    expect(refusal(() => pageWindow({ last: MAX_PAGE + 1 }))).toMatchObject({
      argument: 'last',
      message: `last may be at most ${String(MAX_PAGE)}, got ${String(MAX_PAGE + 1)}`,
    });
  });
});
