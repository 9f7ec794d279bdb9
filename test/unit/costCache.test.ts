import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { describe, expect, it } from 'vitest';

import { costVariables, createCostAnalysis } from '../../src/http/limits.js';
import { loadTypeDefs } from '../../src/schema.js';

// Pure: the real schema, no database. Counts how often graphql-query-complexity actually runs.
const schema = buildSchema(loadTypeDefs());

function counted(maxEntries?: number) {
  let calls = 0;
  const analysis = createCostAnalysis({
    maxEntries,
    complexity: (options) => {
      calls++;
      return getComplexity(options);
    },
  });
  return { analysis, calls: () => calls };
}

const NODE = '{ node(id: "Village:620423101203") { id ... on Village { name township { name } } } }';

describe('cost analysis cache', () => {
  it('computes a document once, however often it is sent or re-parsed', () => {
    const { analysis, calls } = counted();
    const first = analysis.cost(schema, parse(NODE), undefined, undefined);
    for (let i = 0; i < 5; i++) expect(analysis.cost(schema, parse(NODE), undefined, {})).toBe(first);
    expect(calls()).toBe(1);
  });

  it('ignores variables that cannot change the cost', () => {
    const { analysis, calls } = counted();
    const query = 'query($id: ID!) { node(id: $id) { id } }';
    analysis.cost(schema, parse(query), undefined, { id: 'Village:620423101203' });
    analysis.cost(schema, parse(query), undefined, { id: 'Village:620423203201' });
    expect(calls()).toBe(1);
  });

  it('computes again for each value of a variable used in a cost argument or directive', () => {
    const { analysis, calls } = counted();
    const query = 'query($n: Int, $id: ID!) { villages(first: $n, where: { ids: [$id] }) { totalCount } }';
    const ten = analysis.cost(schema, parse(query), undefined, { n: 10, id: 'a' });
    const hundred = analysis.cost(schema, parse(query), undefined, { n: 100, id: 'b' });
    expect(hundred).toBeGreaterThan(ten);
    expect(analysis.cost(schema, parse(query), undefined, { n: 10, id: 'c' })).toBe(ten);
    expect(calls()).toBe(2);
    // Left out (the default) and null are different values.
    analysis.cost(schema, parse(query), undefined, { id: 'a' });
    analysis.cost(schema, parse(query), undefined, { n: null, id: 'a' });
    expect(calls()).toBe(4);

    const skip = 'query($big: Boolean!) { county { name } villages(first: 100) @include(if: $big) { totalCount } }';
    const small = analysis.cost(schema, parse(skip), undefined, { big: false });
    expect(analysis.cost(schema, parse(skip), undefined, { big: true })).toBeGreaterThan(small);
  });

  it('keys by operation name as well as by text', () => {
    const { analysis, calls } = counted();
    const text = 'query A { county { name } } query B { villages(first: 50) { totalCount } }';
    const a = analysis.cost(schema, parse(text), 'A', undefined);
    const b = analysis.cost(schema, parse(text), 'B', undefined);
    expect(b).not.toBe(a);
    expect(analysis.cost(schema, parse(text), 'A', undefined)).toBe(a);
    expect(calls()).toBe(2);
  });

  it('keeps only the most recently used entries', () => {
    const { analysis, calls } = counted(2);
    const docs = [1, 2, 3].map((n) => `{ villages(first: ${String(n)}) { totalCount } }`);
    for (const d of docs) analysis.cost(schema, parse(d), undefined, undefined);
    analysis.cost(schema, parse(docs[2] as string), undefined, undefined); // still cached
    expect(calls()).toBe(3);
    analysis.cost(schema, parse(docs[0] as string), undefined, undefined); // evicted
    expect(calls()).toBe(4);
  });

  it('finds the variables that matter', () => {
    expect(
      costVariables(
        parse(
          'query($a: Int = 3, $b: ID, $c: Boolean!, $d: Int) { network(ids: [$b], depth: $a, limit: $d) @skip(if: $c) { truncated } }',
        ),
      ),
    ).toEqual(['a', 'c', 'd']);
  });
});
