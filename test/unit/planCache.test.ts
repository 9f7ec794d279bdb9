import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Context } from '../../src/context.js';
import { compileBatch, type PlannedField } from '../../src/db/planner/batch.js';
import { PlanCache } from '../../src/db/planner/cache.js';
import { resolvers } from '../../src/resolvers/index.js';
import { readPlannedFields } from '../../src/resolvers/planned.js';
import { loadTypeDefs } from '../../src/schema.js';
import { values } from './plan.js';

// The plan cache over the real resolvers and schema, no database: a request's plan loader records
// the fields it is asked for and compiles them as the server would, counting the compilations.
const typeDefs = loadTypeDefs();
const apollo = new ApolloServer<Context>({ typeDefs, resolvers: readPlannedFields(resolvers, buildSchema(typeDefs)) });
await apollo.start();

interface Asked {
  cypher: string;
  params: Record<string, unknown>;
  /** How many of the operation's root fields were compiled rather than taken from the cache. */
  compiled: number;
}

async function ask(cache: PlanCache, query: string, variables: Record<string, unknown> = {}): Promise<Asked> {
  const fields: PlannedField[] = [];
  let compiled = 0;
  const contextValue = {
    planner: true,
    planCache: cache,
    loaders: {
      plans: {
        load: (field: PlannedField) => {
          fields.push({
            ...field,
            compile: (params, selection) => {
              compiled++;
              return field.compile(params, selection);
            },
          });
          return Promise.resolve(null);
        },
      },
    },
  } as unknown as Context;
  // The recorded fields are what counts here; the answers (made of nothing) are not read.
  await apollo.executeOperation({ query, variables }, { contextValue });
  const batch = compileBatch(fields);
  return { cypher: batch.cypher, params: values(batch.params), compiled };
}

const NODE = 'query($id: ID!) { node(id: $id) { id ... on Village { name township { name } } } }';
const TWO = `query($id: ID!, $n: Int) {
  node(id: $id) { id }
  villages(first: $n) { totalCount edges { node { name } } }
}`;

afterEach(() => {
  vi.useRealTimers();
});

describe('plan cache', () => {
  it('plans an operation once for the same variables, and counts the hits', async () => {
    const cache = new PlanCache();
    const first = await ask(cache, NODE, { id: 'Village:620423101203' });
    expect(first.compiled).toBe(1);
    for (let i = 0; i < 3; i++) {
      const again = await ask(cache, NODE, { id: 'Village:620423101203' });
      expect(again).toEqual({ ...first, compiled: 0 });
    }
    expect({ hits: cache.hits, misses: cache.misses, size: cache.size }).toEqual({ hits: 3, misses: 1, size: 1 });
  });

  it('plans again when a variable changes, with that value as the parameter', async () => {
    const cache = new PlanCache();
    const a = await ask(cache, NODE, { id: 'Village:620423101203' });
    const b = await ask(cache, NODE, { id: 'Village:620423203201' });
    expect(b.compiled).toBe(1);
    expect(b.cypher).toBe(a.cypher);
    expect(Object.values(a.params)).toContain('Village:620423101203');
    expect(Object.values(b.params)).toContain('Village:620423203201');
    expect(Object.values(b.params)).not.toContain('Village:620423101203');
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 0, misses: 2 });
  });

  it('keys a selection changed by @include on its variable', async () => {
    const cache = new PlanCache();
    const query =
      'query($more: Boolean!) { node(id: "Village:620423101203") { id ... on Village { name @include(if: $more) } } }';
    const without = await ask(cache, query, { more: false });
    const withName = await ask(cache, query, { more: true });
    expect(withName.compiled).toBe(1);
    expect(withName.cypher).not.toBe(without.cypher);
    expect(withName.cypher).toContain('.`name`');
    expect(without.cypher).not.toContain('.`name`');
    expect((await ask(cache, query, { more: false })).cypher).toBe(without.cypher);
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 1, misses: 2 });
  });

  it('keeps each root field of a batch in its place, with its own parameter prefix', async () => {
    const cache = new PlanCache();
    const first = await ask(cache, TWO, { id: 'Village:620423101203', n: 3 });
    expect(first.compiled).toBe(2);
    expect(first.cypher).toContain('$q0_p0');
    expect(first.cypher).toContain('$q1_p');
    const again = await ask(cache, TWO, { id: 'Village:620423101203', n: 3 });
    expect(again).toEqual({ ...first, compiled: 0 });
    // The same operation with one root field fewer is another document: no parameter prefix there.
    const alone = await ask(cache, NODE, { id: 'Village:620423101203' });
    expect(alone.compiled).toBe(1);
    expect(alone.cypher).not.toContain('$q0_');
  });

  it('plans afresh on a new day, since "now" is one of its parameters', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
    const cache = new PlanCache();
    const query = '{ node(id: "Village:620423101203") { ... on Village { secretary { name } } } }';
    const monday = await ask(cache, query);
    expect(Object.values(monday.params)).toContain('2026-03-01');
    expect((await ask(cache, query)).compiled).toBe(0);
    vi.setSystemTime(new Date('2026-03-02T00:00:01Z'));
    const tuesday = await ask(cache, query);
    expect(tuesday.compiled).toBe(1);
    expect(Object.values(tuesday.params)).toContain('2026-03-02');
    expect(Object.values(tuesday.params)).not.toContain('2026-03-01');
  });

  it('keeps at most maxEntries plans, the most recently used', async () => {
    const cache = new PlanCache(2);
    const ids = ['Village:620423101203', 'Village:620423203201', 'Township:620423101000'];
    for (const id of ids) await ask(cache, NODE, { id });
    expect(cache.size).toBe(2);
    // The first was dropped: planned again; the last is still there.
    expect((await ask(cache, NODE, { id: ids[0] })).compiled).toBe(1);
    expect((await ask(cache, NODE, { id: ids[2] })).compiled).toBe(0);
    expect({ hits: cache.hits, misses: cache.misses, size: cache.size }).toEqual({ hits: 1, misses: 4, size: 2 });
  });
});
