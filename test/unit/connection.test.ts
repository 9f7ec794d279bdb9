import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { CAPS, DEFAULTS } from '../../src/defaults.js';
import type { KeyValues } from '../../src/db/keyset.js';
import {
  connection,
  cursorOf,
  cursorScope,
  MAX_PAGE,
  pageSize,
  pageWindow,
  type KeyedRow,
  type PageArgs,
} from '../../src/resolvers/connection.js';
import { refusal } from './helpers.js';

const byName = cursorScope('Village n.name, n.id', 2);
const byId = cursorScope('Village n.id', 1);
const keyValue = fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null));

/** The `after` bound of a page, read back from a cursor. */
const afterOf = (cursor: string, scope = byName): KeyValues | null => pageWindow({ after: cursor }, scope).after;

describe('cursors', () => {
  it('carry the item’s sort keys and id back, whatever they are', () => {
    fc.assert(
      fc.property(keyValue, fc.string(), (value, id) => {
        expect(afterOf(cursorOf(byName, [value, id]))).toEqual([Object.is(value, -0) ? 0 : value, id]);
      }),
    );
  });

  it('are opaque base64url, versioned, and differ for different items', () => {
    const cursor = cursorOf(byName, ['城北村', 'Village:620423101203']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('620423101203');
    expect(Buffer.from(cursor, 'base64url').toString('utf8')).toMatch(/^k1:\[/);
    expect(cursorOf(byName, ['a', 'x'])).not.toBe(cursorOf(byName, ['a', 'y']));
    expect(cursorOf(byName, [null, 'x'])).not.toBe(cursorOf(byName, ['null', 'x']));
  });

  it('start at the beginning without one', () => {
    expect(pageWindow({}, byName)).toEqual({ size: DEFAULTS.first, backward: false, after: null, before: null });
    expect(pageWindow({ after: '', before: null }, byName)).toMatchObject({ after: null, before: null });
  });

  const k1 = (json: string): string => Buffer.from(`k1:${json}`).toString('base64url');
  const issued = cursorOf(byName, ['城北村', 'Village:620423101203']);
  it.each([
    ['a plain number', '20'],
    ['an offset cursor of the API’s first kind', Buffer.from('o:20').toString('base64url')],
    ['the JSON not encoded', `k1:["${byName.digest}","a","b"]`],
    ['another version', Buffer.from(`k2:["${byName.digest}","a","b"]`).toString('base64url')],
    ['JSON that is not an array', k1(`{"digest":"${byName.digest}"}`)],
    ['broken JSON', k1(`["${byName.digest}","a",`)],
    ['a key that is an object', k1(`["${byName.digest}",{"a":1},"b"]`)],
    ['a key that is a boolean', k1(`["${byName.digest}",true,"b"]`)],
    ['JSON spelled another way', k1(`[ "${byName.digest}", "a", "b" ]`)],
    ['an issued cursor with a stray character', `${issued}!`],
    ['an issued cursor with padding', `${issued}=`],
    ['trailing text', Buffer.from(`k1:["${byName.digest}","a","b"] OR 1=1`).toString('base64url')],
    ['a cursor longer than any issued', k1(`["${byName.digest}","${'a'.repeat(CAPS.cursorLength)}","b"]`)],
    ['Cypher', "') DETACH DELETE n //"],
  ])('refuses %s with BAD_USER_INPUT naming after', (_what, forged) => {
    expect(refusal(() => afterOf(forged))).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'after',
      message: 'after is not a cursor this API issued',
    });
  });

  it.each([
    ['another order of the same list', cursorOf(byId, ['Village:1']), byName],
    ['another list', cursorOf(cursorScope('Person n.name, n.id', 2), ['a', 'Person:1']), byName],
    ['fewer keys than the order has', k1(`["${byName.digest}","Village:1"]`), byName],
    ['an id that is not text', k1(`["${byName.digest}","a",1]`), byName],
  ])('refuses a cursor of %s, naming before', (_what, cursor, scope) => {
    expect(refusal(() => pageWindow({ last: 1, before: cursor }, scope))).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'before',
      message: 'before is a cursor of another list or order',
    });
  });

  it('refuses every string that is not a cursor it issued', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), (text) => {
        fc.pre(!Buffer.from(text, 'base64url').toString('utf8').startsWith('k1:'));
        expect(refusal(() => afterOf(text)).code).toBe('BAD_USER_INPUT');
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
  const scope = byId;
  const ids = (total: number): string[] =>
    Array.from({ length: total }, (_, i) => `item-${String(i).padStart(3, '0')}`);

  /**
   * A list of `total` items keyed by their id, whose fetches and counts are recorded: a fetch
   * reads what the window asks as a database would (past the cursors, from the end for `last`,
   * one item more than the page).
   */
  function source(total: number) {
    const calls = { pages: 0, counts: 0 };
    const items = ids(total);
    return {
      calls,
      page: (args: PageArgs) => {
        const window = pageWindow(args, scope);
        return connection(
          window,
          scope,
          (): Promise<KeyedRow<string>[]> => {
            calls.pages++;
            const [after, before] = [window.after?.[0], window.before?.[0]];
            const kept = items.filter((id) => (after == null || id > after) && (before == null || id < before));
            const ordered = window.backward ? kept.reverse() : kept;
            return Promise.resolve(ordered.slice(0, window.size + 1).map((id) => ({ node: id, key: [id] })));
          },
          () => {
            calls.counts++;
            return Promise.resolve(total);
          },
        );
      },
    };
  }
  const at = (id: string): string => cursorOf(scope, [id]);

  it('runs only the count for totalCount alone', async () => {
    const s = source(30);
    expect(await s.page({ first: 10 }).totalCount()).toBe(30);
    expect(s.calls).toEqual({ pages: 0, counts: 1 });
  });

  it('fetches one page, shared by edges and pageInfo, each edge with its item’s cursor', async () => {
    const s = source(30);
    const c = s.page({ first: 10 });
    const [edges, info] = await Promise.all([c.edges(), c.pageInfo()]);
    expect(s.calls).toEqual({ pages: 1, counts: 0 });
    expect(edges).toEqual(ids(10).map((id) => ({ cursor: at(id), node: id })));
    expect(info).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: at('item-000'),
      endCursor: at('item-009'),
    });
  });

  it('pages through everything without overlap or gap, following endCursor', async () => {
    const s = source(47);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const c = s.page({ first: 10, after });
      seen.push(...(await c.edges()).map((e) => e.node));
      const info: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } = await c.pageInfo();
      expect(info.hasPreviousPage).toBe(page > 0);
      if (!info.hasNextPage) break;
      after = info.endCursor;
    }
    expect(seen).toEqual(ids(47));
  });

  it('pages backward through everything without overlap or gap, following startCursor, never counting', async () => {
    const s = source(47);
    const pages: string[][] = [];
    let before: string | null = null;
    for (let i = 0; i < 10; i++) {
      const c = s.page({ last: 10, before });
      pages.unshift((await c.edges()).map((e) => e.node));
      const info: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null } = await c.pageInfo();
      expect(info.hasNextPage).toBe(i > 0);
      if (!info.hasPreviousPage) break;
      before = info.startCursor;
    }
    expect(pages.flat()).toEqual(ids(47));
    expect(pages.map((p) => p.length)).toEqual([7, 10, 10, 10, 10]);
    expect(s.calls).toEqual({ pages: 5, counts: 0 });
  });

  it('answers an empty page with null cursors', async () => {
    const info = await source(0).page({ first: 5 }).pageInfo();
    expect(info).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
  });

  it('answers first: 0 with no edge, and whether items follow', async () => {
    const c = source(3).page({ first: 0 });
    expect(await c.edges()).toEqual([]);
    expect(await c.pageInfo()).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('refuses a forged cursor and an oversized page before fetching anything', () => {
    const s = source(10);
    expect(refusal(() => s.page({ first: 5, after: 'forged' })).argument).toBe('after');
    expect(refusal(() => s.page({ first: 101 })).argument).toBe('first');
    expect(s.calls).toEqual({ pages: 0, counts: 0 });
  });

  it('keeps a backward page after `after` and a forward page before `before`', async () => {
    const s = source(30);
    const lastAfter = s.page({ last: 10, after: at('item-024') });
    expect((await lastAfter.edges()).map((e) => e.node)).toEqual(ids(30).slice(25));
    expect(await lastAfter.pageInfo()).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const firstBefore = s.page({ first: 10, after: at('item-002'), before: at('item-006') });
    expect((await firstBefore.edges()).map((e) => e.node)).toEqual(['item-003', 'item-004', 'item-005']);
    expect(await firstBefore.pageInfo()).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const none = s.page({ last: 5, before: at('item-000') });
    expect(await none.pageInfo()).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
    const lastOf = s.page({ last: 3 });
    expect((await lastOf.edges()).map((e) => e.node)).toEqual(ids(30).slice(27));
    expect(await lastOf.pageInfo()).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('answers the last page of an empty list with no page on either side', async () => {
    expect(await source(0).page({ last: 5 }).pageInfo()).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });

  it('refuses first with last, a forged before and an oversized last, naming the argument', () => {
    expect(refusal(() => pageWindow({ first: 5, last: 5 }, scope))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'last',
    });
    expect(refusal(() => pageWindow({ last: 5, before: 'forged' }, scope))).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'before',
      message: 'before is not a cursor this API issued',
    });
    expect(refusal(() => pageWindow({ last: MAX_PAGE + 1 }, scope))).toMatchObject({
      argument: 'last',
      message: `last may be at most ${String(MAX_PAGE)}, got ${String(MAX_PAGE + 1)}`,
    });
  });
});
