import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer, type TestServer } from './helpers.js';

// Two servers on the same graph: the planner's (one Cypher query per operation) and the per-level
// path's (one batched query per level), which answers what the planner declines.
let planned: TestServer;
let t: TestServer;
beforeAll(async () => {
  planned = await startTestServer();
  t = await startTestServer(undefined, undefined, { planner: false });
});
afterAll(async () => {
  await planned.close();
  await t.close();
});

const HIERARCHY = '{ county { townships { name villages { name township { name county { id } } } } } }';
const DOMAIN =
  '{ county { townships { villages { name partyOrganization { name cooperatives { name bases { name } } } } } } }';
const POSTS = '{ node(id: "Village:620423101203") { ... on Village { posts { role evidence { text } } } } }';
const SIBLINGS =
  '{ a: node(id: "Village:620423101203") { id } b: node(id: "Township:620423101000") { id } c: node(id: "County:620423000000") { id } d: node(id: "Village:000") { id } }';

describe('Cypher round trips', () => {
  it('cost one round trip per level of a nested hierarchy query, whatever the number of parents', async () => {
    // county (1) → townships (1 batch for all 11) → villages (1 batch for 11 townships)
    // → each village's township (1 batch for 136 villages) → that township's county (1).
    const res = await t.gql<{ county: { townships: { villages: { township: { county: { id: string } } }[] }[] } }>(
      HIERARCHY,
    );
    expect(res.body.errors).toBeUndefined();
    const villages = res.body.data?.county.townships.flatMap((tw) => tw.villages) ?? [];
    expect(villages).toHaveLength(136);
    expect(res.body.extensions?.cypherRoundTrips).toBe(5);
  });

  it('batch sibling lookups by id into one round trip', async () => {
    const res = await t.gql(SIBLINGS);
    expect(res.body.data).toEqual({
      a: { id: 'Village:620423101203' },
      b: { id: 'Township:620423101000' },
      c: { id: 'County:620423000000' },
      d: null,
    });
    expect(res.body.extensions?.cypherRoundTrips).toBe(1);
  });
});

describe('Cypher round trips across the domain', () => {
  it('cost one round trip per level for villages → Party organisation → cooperatives → bases, for all 136 villages', async () => {
    // county (1) → townships (1) → villages (1) → partyOrganization (1) → cooperatives (1) → bases (1)
    const res = await t.gql<{
      county: {
        townships: { villages: { partyOrganization: { cooperatives: { bases: { id: string }[] }[] } | null }[] }[];
      };
    }>(DOMAIN);
    expect(res.body.errors).toBeUndefined();
    const villages = res.body.data?.county.townships.flatMap((tw) => tw.villages) ?? [];
    expect(villages).toHaveLength(136);
    const cooperatives = villages.flatMap((v) => v.partyOrganization?.cooperatives ?? []);
    expect(cooperatives).toHaveLength(65);
    expect(res.body.extensions?.cypherRoundTrips).toBe(6);
  });

  it('resolve relationship evidence for many posts in one extra round trip', async () => {
    // node (1) → posts (1) → the evidence sentences of every post, batched (1)
    const res = await t.gql<{ node: { posts: { evidence: { text: string } }[] } }>(POSTS);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.node.posts.length).toBeGreaterThan(5);
    expect(res.body.extensions?.cypherRoundTrips).toBe(3);
  });
});

describe('planned operations', () => {
  it.each([
    ['the county hierarchy down to each village’s county', HIERARCHY],
    ['villages → Party organisation → cooperatives → bases', DOMAIN],
    ['a village’s posts with their evidence', POSTS],
    ['four node(id) lookups, one of them missing', SIBLINGS],
    [
      'node(id) with fragments, aliases and arguments',
      `query ($asOf: String, $skip: Boolean!) { node(id: "Village:620423101203") { ...V } }
       fragment V on Village { name now: secretary { name } then: secretary(asOf: $asOf) { name }
         oneShoulder modelVillage collectiveIncome { amountYuan evidence { index } }
         stationed(during: 2019) { level since person { name } place { id } }
         township @skip(if: $skip) { name } ... on Entity { evidence { index } } }`,
    ],
    [
      'the documents, the places each is about and their prefecture',
      `{ documents { id about { id name code ... on County { prefecture { name counties { id } } } } }
         prefectures { name counties { name } } }`,
    ],
    [
      'lists with totalCount, a search, chains and a path in one operation',
      `{ v: villages(where: { nameContains: "滩" }, first: 5) { totalCount edges { node { name township { name } } } }
         s: search(text: "chengbei") { score entity { id name } }
         c: chains(preset: BRANCH_ENTERPRISE_BASE, first: 3) { totalCount edges { node { nodes { id } } } }
         p: paths(from: "Village:620423101203", to: "Village:620423203201") { length nodes { id } } }`,
    ],
  ])('answer %s in one round trip, as the per-level path does', async (_name, query) => {
    const variables = { asOf: '2018', skip: false };
    const [a, b] = await Promise.all([planned.gql(query, variables), t.gql(query, variables)]);
    expect(a.body.errors).toBeUndefined();
    expect(a.body.data).toEqual(b.body.data);
    expect(a.body.extensions?.cypherRoundTrips).toBe(1);
    expect(b.body.extensions?.cypherRoundTrips).toBeGreaterThanOrEqual(1);
  });
});
