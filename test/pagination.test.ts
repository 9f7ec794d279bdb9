import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { CAPS } from '../src/defaults.js';
import { orderText, seek, sortKeys } from '../src/db/keyset.js';
import { Params } from '../src/db/params.js';
import { cursorOf } from '../src/resolvers/connection.js';
import { listScope } from '../src/resolvers/lists.js';
import { startTestServer, testDriver, type TestServer } from './helpers.js';
import { plan } from './unit/plan.js';

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

  /** A list under one order and filter, and how its items compare in that order (ties by id). */
  interface Walk {
    name: string;
    field: string;
    args: string;
    selection: string;
    /** The item's sort key as the answer shows it (null sorts last ascending, first descending). */
    key: (node: Record<string, unknown>) => string | number | null;
    desc: boolean;
    /** The page size, smaller than the list. */
    size?: number;
  }
  const income = (n: Record<string, unknown>): number | null =>
    (n.collectiveIncome as { amountYuan: number } | null)?.amountYuan ?? null;
  const WALKS: Walk[] = [
    {
      name: 'villages by code',
      field: 'villages',
      args: '',
      selection: 'id code',
      key: (n) => n.code as string,
      desc: false,
    },
    {
      name: 'villages by collective income, nulls last',
      field: 'villages',
      args: 'orderBy: [{ field: COLLECTIVE_INCOME }]',
      selection: 'id collectiveIncome { amountYuan }',
      key: income,
      desc: false,
    },
    {
      name: 'villages by collective income descending, nulls first',
      field: 'villages',
      args: 'orderBy: [{ field: COLLECTIVE_INCOME, direction: DESC }]',
      selection: 'id collectiveIncome { amountYuan }',
      key: income,
      desc: true,
    },
    {
      name: 'villages of a township by name descending',
      field: 'villages',
      args: 'where: { township: "Township:620423101000" }, orderBy: [{ field: NAME, direction: DESC }]',
      selection: 'id name',
      key: (n) => n.name as string,
      desc: true,
      size: 4,
    },
    {
      name: 'Party secretaries by id',
      field: 'people',
      args: 'where: { role: PARTY_SECRETARY }',
      selection: 'id',
      key: (n) => n.id as string,
      desc: false,
    },
    {
      name: 'enterprises by villages reached (a computed key)',
      field: 'enterprises',
      args: 'orderBy: [{ field: VILLAGES_REACHED, direction: DESC }]',
      selection: 'id villagesReached',
      key: (n) => n.villagesReached as number,
      desc: true,
    },
  ];

  /** Neo4j's order of the keys: nulls last ascending, first descending; ties by id. */
  const inOrder = (w: Walk, a: Record<string, unknown>, b: Record<string, unknown>): number => {
    const [x, y] = [w.key(a), w.key(b)];
    const byKey = x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
    return (w.desc ? -byKey : byKey) || (String(a.id) < String(b.id) ? -1 : 1);
  };

  interface WalkPage {
    totalCount: number;
    edges: { cursor: string; node: Record<string, unknown> }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  }
  async function pageOf(w: Walk, paging: string): Promise<WalkPage> {
    const args = [w.args, paging].filter(Boolean).join(', ');
    const res = await server().gql<Record<string, WalkPage>>(
      `{ ${w.field}(${args}) { totalCount edges { cursor node { ${w.selection} } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
    );
    const page = res.body.data?.[w.field];
    if (!page) throw new Error(JSON.stringify(res.body));
    return page;
  }

  it.each(WALKS)('walks $name page by page, forwards and backwards, in the order asked', async (w) => {
    const size = w.size ?? 13;
    const forward: Record<string, unknown>[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await pageOf(w, `first: ${String(size)}${after ? `, after: "${after}"` : ''}`);
      forward.push(...page.edges.map((e) => e.node));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(size);
      after = page.pageInfo.endCursor;
    }
    const backward: Record<string, unknown>[][] = [];
    let before: string | null = null;
    for (;;) {
      const page = await pageOf(w, `last: ${String(size)}${before ? `, before: "${before}"` : ''}`);
      backward.unshift(page.edges.map((e) => e.node));
      expect(page.pageInfo.hasNextPage).toBe(before !== null);
      if (!page.pageInfo.hasPreviousPage) break;
      expect(page.edges).toHaveLength(size);
      before = page.pageInfo.startCursor;
    }
    const { totalCount } = await pageOf(w, 'first: 0');
    expect(totalCount).toBeGreaterThan(size);
    expect(forward).toHaveLength(totalCount);
    expect(new Set(forward.map((n) => n.id)).size).toBe(totalCount);
    expect(backward.flat()).toEqual(forward);
    expect(forward).toEqual([...forward].sort((a, b) => inOrder(w, a, b)));
    // Pages of another size, from a cursor in the middle, give the same items.
    const middle = await pageOf(w, `first: 5${after ? `, after: "${after}"` : ''}`);
    const at = forward.findIndex((n) => n.id === middle.edges[0]?.node.id);
    expect(middle.edges.map((e) => e.node)).toEqual(forward.slice(at, at + 5));
    if (totalCount <= 100) expect((await pageOf(w, 'first: 100')).edges.map((e) => e.node)).toEqual(forward);
  });

  it('walks chains page by page both ways, the same as one big page', async () => {
    interface Chains {
      totalCount: number;
      edges: { cursor: string; node: { nodes: { id: string }[] } }[];
      pageInfo: {
        hasNextPage: boolean;
        hasPreviousPage: boolean;
        startCursor: string | null;
        endCursor: string | null;
      };
    }
    const query = async (paging: string): Promise<Chains | undefined> =>
      (
        await server().gql<{ chains: Chains }>(
          `{ chains(preset: BRANCH_COOPERATIVE_BASE, ${paging}) { totalCount edges { cursor node { nodes { id } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
        )
      ).body.data?.chains;
    const ids = (edges: { node: { nodes: { id: string }[] } }[]) =>
      edges.map((e) => e.node.nodes.map((n) => n.id).join(' '));
    const all = await query('first: 100');
    expect(all?.totalCount).toBeGreaterThan(7);
    expect(all?.totalCount).toBeLessThanOrEqual(100);
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const c: Chains | undefined = await query(`first: 7${after ? `, after: "${after}"` : ''}`);
      forward.push(...ids(c?.edges ?? []));
      if (!c?.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    const backward: string[][] = [];
    let before: string | null = null;
    for (;;) {
      const c: Chains | undefined = await query(`last: 7${before ? `, before: "${before}"` : ''}`);
      backward.unshift(ids(c?.edges ?? []));
      if (!c?.pageInfo.hasPreviousPage) break;
      before = c.pageInfo.startCursor;
    }
    expect(forward).toEqual(ids(all?.edges ?? []));
    expect(backward.flat()).toEqual(forward);
  });

  it('refuses a cursor of another order, another list, or the offsets of old, naming the argument', async () => {
    const byCode = await pageOf(WALKS[0] as Walk, 'first: 2');
    const cursor = byCode.edges[0]?.cursor ?? '';
    const refusals = [
      `{ villages(orderBy: [{ field: NAME }], first: 2, after: "${cursor}") { totalCount } }`,
      `{ people(first: 2, after: "${cursor}") { edges { cursor } } }`,
      `{ villages(last: 2, before: "${cursor}X") { edges { cursor } } }`,
      `{ chains(preset: BRANCH_COOPERATIVE_BASE, last: 2, before: "${cursor}") { edges { cursor } } }`,
      `{ villages(first: 2, after: "${Buffer.from('o:4').toString('base64url')}") { edges { cursor } } }`,
    ];
    for (const query of refusals) {
      const res = await server().gql(query);
      expect(res.status, query).toBe(400);
      expect(res.body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: query.includes('before') ? 'before' : 'after',
      });
    }
    // The same list and order under another filter takes the cursor: it names a place in the order.
    const res = await server().gql<{ villages: { edges: unknown[] } }>(
      `{ villages(where: { township: "Township:620423101000" }, first: 2, after: "${cursor}") { edges { cursor } } }`,
    );
    expect(res.body.errors).toBeUndefined();
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

describe('a deep page in id order', () => {
  /** The operators of Neo4j's plan for a query, by name without the runtime suffix. */
  async function operators(cypher: string, params: Record<string, unknown>): Promise<string[]> {
    const driver = testDriver();
    try {
      const { summary } = await driver.executeQuery(`EXPLAIN ${cypher}`, params, { database: inject('neo4jDatabase') });
      const names: string[] = [];
      const walk = (op: { operatorType: string; children: unknown[] }): void => {
        names.push(op.operatorType.replace(/@.*$/, ''));
        for (const child of op.children) walk(child as { operatorType: string; children: unknown[] });
      };
      if (summary.plan) walk(summary.plan);
      return names;
    } finally {
      await driver.close();
    }
  }

  it('seeks the label’s id index from the cursor on: no scan, no sort, no rows skipped', async () => {
    const after = cursorOf(listScope('Person', ['n.id']), ['Person:000999']);
    const { cypher, params } = await plan(`{ people(first: 20, after: "${after}") { edges { node { id name } } } }`);
    const ops = await operators(cypher, params);
    expect(ops).toContain('NodeIndexSeekByRange');
    expect(ops.filter((o) => /Scan|Sort|Skip/.test(o))).toEqual([]);
  });
});

describe('the seek past a cursor, on Neo4j itself', () => {
  // Rows with nulls and ties in their sort keys, as maps: the seek and the order run on Neo4j as
  // the lists' do, without writing anything to the graph.
  const rows = [null, 5, 5, 3, null, 7, 3, 5, null, 1, 7, null].map((income, i) => ({
    id: `V:${String(i).padStart(2, '0')}`,
    income,
    name: i % 3 === 0 ? null : `name-${String(i % 4)}`,
  }));

  it.each([[['n.income']], [['n.income DESC']], [['n.name', 'n.income DESC']], [['n.name DESC', 'n.income']]])(
    'keeps exactly the rows after and before each row, in order %j',
    async (order) => {
      const keys = sortKeys(order, 'n.id');
      const driver = testDriver();
      const database = inject('neo4jDatabase');
      const ids = async (where: string[], reverse: boolean, params: Params): Promise<string[]> => {
        const { records } = await driver.executeQuery(
          `UNWIND $rows AS n WITH n${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} RETURN n.id AS id ORDER BY ${orderText(keys, reverse)}`,
          { ...params.values, rows },
          { database },
        );
        return records.map((r) => r.get('id') as string);
      };
      try {
        const all = await ids([], false, new Params());
        expect(all).toHaveLength(rows.length);
        for (const [i, id] of all.entries()) {
          const row = rows.find((r) => r.id === id) as Record<string, string | number | null>;
          const key = keys.map((k) => row[k.expr.slice(2)] ?? null);
          const window = { size: rows.length, backward: false, after: key, before: null };
          const afterParams = new Params();
          expect(await ids(seek(keys, window, afterParams), false, afterParams)).toEqual(all.slice(i + 1));
          const beforeParams = new Params();
          const before = seek(keys, { ...window, after: null, before: key }, beforeParams);
          expect(await ids(before, true, beforeParams)).toEqual(all.slice(0, i).reverse());
        }
      } finally {
        await driver.close();
      }
    },
  );
});
