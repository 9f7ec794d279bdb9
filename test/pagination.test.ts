import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CAPS } from '../src/defaults.js';
import { startTestServer, type TestServer } from './helpers.js';

// Relay's `nodes(ids:)` and backward pagination (`last`/`before`), through the planner and level
// by level: both paths must give the same answer, against the seeded graph.
let planned: TestServer;
let perLevel: TestServer;
beforeAll(async () => {
  [planned, perLevel] = await Promise.all([
    startTestServer(),
    startTestServer(undefined, undefined, { planner: false }),
  ]);
});
afterAll(async () => {
  await Promise.all([planned.close(), perLevel.close()]);
});

interface Page {
  villages: {
    totalCount: number;
    edges: { cursor: string; node: { id: string } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}
const PAGE = `query($first: Int, $after: String, $last: Int, $before: String) {
  villages(first: $first, after: $after, last: $last, before: $before) {
    totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe.each([
  ['the planner', () => planned],
  ['the per-level path', () => perLevel],
])('through %s', (_name, server) => {
  it('pages backward through every village once, in the order forward paging gives', async () => {
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: { body: { data?: Page | null } } = await server().gql<Page>(PAGE, { first: 40, after });
      const v = res.body.data?.villages;
      if (!v) throw new Error(JSON.stringify(res.body));
      forward.push(...v.edges.map((e) => e.node.id));
      if (!v.pageInfo.hasNextPage) break;
      after = v.pageInfo.endCursor;
    }
    const pages: string[][] = [];
    let before: string | null = null;
    const totals = new Set<number>();
    for (;;) {
      const res: { body: { data?: Page | null } } = await server().gql<Page>(PAGE, { last: 40, before });
      const v = res.body.data?.villages;
      if (!v) throw new Error(JSON.stringify(res.body));
      totals.add(v.totalCount);
      pages.unshift(v.edges.map((e) => e.node.id));
      expect(v.pageInfo.hasNextPage).toBe(before !== null);
      if (!v.pageInfo.hasPreviousPage) break;
      before = v.pageInfo.startCursor;
    }
    expect(totals.size).toBe(1);
    const total = [...totals][0] ?? 0;
    expect(total).toBeGreaterThan(100);
    expect(forward).toHaveLength(total);
    expect(new Set(forward).size).toBe(total);
    expect(pages.flat()).toEqual(forward);
    expect(pages[0]).toHaveLength(total % 40 || 40);
  });

  it('gives each edge the cursor forward paging gives the same item', async () => {
    const last = (await server().gql<Page>(PAGE, { last: 3 })).body.data?.villages;
    const total = last?.totalCount ?? 0;
    const before = (await server().gql<Page>(PAGE, { first: 3, after: last?.edges[0]?.cursor })).body.data?.villages;
    expect(before?.edges.map((e) => e.node.id)).toEqual(last?.edges.slice(1).map((e) => e.node.id));
    const all = (await server().gql<Page>(PAGE, { first: 100, after: null })).body.data?.villages;
    const forwardCursors = new Map(all?.edges.map((e) => [e.node.id, e.cursor]));
    if (total <= 100) for (const e of last?.edges ?? []) expect(e.cursor).toBe(forwardCursors.get(e.node.id));
    expect(last?.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('refuses first with last, naming last', async () => {
    const res = await server().gql(PAGE, { first: 2, last: 2 });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'last' });
  });

  it('answers nodes(ids) in the order asked, null where nothing has the id, in one round trip', async () => {
    const ids = ['Village:620423101203', 'Village:000000000000', 'Township:620423101000', 'Village:620423101203'];
    const res = await server().gql<{ nodes: ({ id: string; __typename: string; name?: string } | null)[] }>(
      'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Entity { name } } }',
      { ids },
    );
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data?.nodes ?? [];
    expect(nodes.map((n) => n?.id ?? null)).toEqual([ids[0], null, ids[2], ids[0]]);
    expect(nodes.map((n) => n?.__typename ?? null)).toEqual(['Village', null, 'Township', 'Village']);
    expect(nodes[0]?.name).toBe('城北村');
    expect(res.body.extensions?.cypherRoundTrips).toBe(1);
  });

  it(`refuses more than ${String(CAPS.nodesIds)} ids, naming ids`, async () => {
    const ids = Array.from({ length: CAPS.nodesIds + 1 }, (_, i) => `Village:${String(i)}`);
    const res = await server().gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'ids' });
  });
});
