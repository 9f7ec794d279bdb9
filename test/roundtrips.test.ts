import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('Cypher round trips', () => {
  it('cost one round trip per level of a nested hierarchy query, whatever the number of parents', async () => {
    // county (1) → townships (1 batch for all 11) → villages (1 batch for 11 townships)
    // → each village's township (1 batch for 136 villages) → that township's county (1).
    const res = await t.gql<{ county: { townships: { villages: { township: { county: { id: string } } }[] }[] } }>(
      '{ county { townships { name villages { name township { name county { id } } } } } }',
    );
    expect(res.body.errors).toBeUndefined();
    const villages = res.body.data?.county.townships.flatMap((tw) => tw.villages) ?? [];
    expect(villages).toHaveLength(136);
    expect(res.body.extensions?.cypherRoundTrips).toBe(5);
  });

  it('batch sibling lookups by id into one round trip', async () => {
    const res = await t.gql(
      '{ a: node(id: "Village:620423101203") { id } b: node(id: "Township:620423101000") { id } c: node(id: "County:620423000000") { id } d: node(id: "Village:000") { id } }',
    );
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
    }>(
      '{ county { townships { villages { name partyOrganization { name cooperatives { name bases { name } } } } } } }',
    );
    expect(res.body.errors).toBeUndefined();
    const villages = res.body.data?.county.townships.flatMap((tw) => tw.villages) ?? [];
    expect(villages).toHaveLength(136);
    const cooperatives = villages.flatMap((v) => v.partyOrganization?.cooperatives ?? []);
    expect(cooperatives).toHaveLength(65);
    expect(res.body.extensions?.cypherRoundTrips).toBe(6);
  });

  it('resolve relationship evidence for many posts in one extra round trip', async () => {
    // node (1) → posts (1) → the evidence sentences of every post, batched (1)
    const res = await t.gql<{ node: { posts: { evidence: { text: string } }[] } }>(
      '{ node(id: "Village:620423101203") { ... on Village { posts { role evidence { text } } } } }',
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.node.posts.length).toBeGreaterThan(5);
    expect(res.body.extensions?.cypherRoundTrips).toBe(3);
  });
});
