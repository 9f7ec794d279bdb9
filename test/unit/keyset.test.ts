import { describe, expect, it } from 'vitest';

import { keyList, orderText, pageLimit, seek, sortKeys, type PageWindow } from '../../src/db/keyset.js';
import { Params } from '../../src/db/params.js';

const window = (w: Partial<PageWindow>): PageWindow => ({ size: 20, backward: false, after: null, before: null, ...w });

/** The seek conditions of a window over `order`, with the parameters they use. */
function seekOf(order: string[], w: Partial<PageWindow>): { where: string[]; values: Record<string, unknown> } {
  const params = new Params();
  return { where: seek(sortKeys(order, 'n.id'), window(w), params), values: params.values };
}

describe('sort keys', () => {
  it('end with the id, once, and nothing after it', () => {
    expect(sortKeys(['n.code'], 'n.id')).toEqual([
      { expr: 'n.code', desc: false },
      { expr: 'n.id', desc: false },
    ]);
    expect(sortKeys(['n.name DESC', 'n.id ASC', 'n.code'], 'n.id')).toEqual([
      { expr: 'n.name', desc: true },
      { expr: 'n.id', desc: false },
    ]);
    expect(sortKeys(['n.id DESC'], 'n.id')).toEqual([{ expr: 'n.id', desc: true }]);
  });

  it('order forwards, or exactly backwards for a page read from the end', () => {
    const keys = sortKeys(['n.collectiveIncome DESC'], 'n.id');
    expect(orderText(keys)).toBe('n.collectiveIncome DESC, n.id');
    expect(orderText(keys, true)).toBe('n.collectiveIncome, n.id DESC');
    expect(keyList(keys)).toBe('[n.collectiveIncome, n.id]');
  });
});

describe('a keyset page', () => {
  it('after an id is one range on the id, which the label’s id index serves', () => {
    expect(seekOf([], { after: ['Person:0999'] })).toEqual({
      where: ['n.id > $p0'],
      values: { p0: 'Person:0999' },
    });
    expect(seekOf(['n.id DESC'], { after: ['Person:0999'], before: ['Person:0500'] })).toEqual({
      where: ['n.id < $p0', 'n.id > $p1'],
      values: { p0: 'Person:0999', p1: 'Person:0500' },
    });
  });

  it('after a value of an ascending key: greater values, then the nulls that sort last, then ties by id', () => {
    expect(seekOf(['n.name'], { after: ['城北村', 'Village:1'] })).toEqual({
      where: ['(((n.name > $p0 OR n.name IS NULL)) OR (n.name = $p0 AND n.id > $p1))'],
      values: { p0: '城北村', p1: 'Village:1' },
    });
  });

  it('after a null of an ascending key: only the null ties, by id', () => {
    expect(seekOf(['n.collectiveIncome'], { after: [null, 'Village:1'] })).toEqual({
      where: ['n.collectiveIncome IS NULL AND n.id > $p0'],
      values: { p0: 'Village:1' },
    });
  });

  it('after a value of a descending key: smaller values (nulls came first), bounded for an index', () => {
    expect(seekOf(['n.collectiveIncome DESC'], { after: [50000, 'Village:1'] })).toEqual({
      where: [
        'n.collectiveIncome <= $p0 AND ((n.collectiveIncome < $p0) OR (n.collectiveIncome = $p0 AND n.id > $p1))',
      ],
      values: { p0: 50000, p1: 'Village:1' },
    });
  });

  it('after a null of a descending key: every value, and the null ties by id', () => {
    expect(seekOf(['n.collectiveIncome DESC'], { after: [null, 'Village:1'] }).where).toEqual([
      '((n.collectiveIncome IS NOT NULL) OR (n.collectiveIncome IS NULL AND n.id > $p0))',
    ]);
  });

  it('before a value of an ascending key: smaller values, and ties by id', () => {
    expect(seekOf(['n.code'], { before: ['620423101203', 'Village:1'] }).where).toEqual([
      'n.code <= $p0 AND ((n.code < $p0) OR (n.code = $p0 AND n.id < $p1))',
    ]);
  });

  it('before a null of an ascending key: every value, and the null ties by id', () => {
    expect(seekOf(['n.code'], { before: [null, 'Village:1'] }).where).toEqual([
      '((n.code IS NOT NULL) OR (n.code IS NULL AND n.id < $p0))',
    ]);
  });

  it('never puts a cursor’s text into the Cypher: hostile values are parameters', () => {
    const hostile = "x') DETACH DELETE n //";
    const { where, values } = seekOf(['n.name DESC'], { after: [hostile, hostile], before: [hostile, hostile] });
    expect(where.join(' ')).not.toContain('DETACH');
    expect(Object.values(values)).toEqual([hostile, hostile, hostile, hostile]);
  });

  it('reads one row more than the page, to know whether another follows', () => {
    const params = new Params();
    expect(pageLimit(window({ size: 20 }), params)).toBe('$p0');
    expect(params.values.p0).toEqual(expect.objectContaining({ low: 21 }));
  });
});
