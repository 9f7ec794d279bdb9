import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { MIGRATIONS_FINGERPRINT } from '../src/db/migrations.js';
import { seedFingerprint } from '../src/seed/index.js';
import { startTestServer, type GraphQLResponse, type TestServer } from './helpers.js';

// Two API instances over one Neo4j, as behind a load balancer: test/globalSetup.ts started them
// at the same time on the empty database; here a client writes through one and reads through
// the other.
const instances = inject('instances');
const urlOf = (n: number): string => {
  const instance = instances[n];
  if (!instance) throw new Error(`no API instance ${String(n)}`);
  return instance.url;
};

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.db.write("MATCH (n:Node) WHERE n.id STARTS WITH 'Cooperative:test-instances-' DETACH DELETE n");
  await t.db.write("MATCH (c:Change) WHERE c.targetId STARTS WITH 'Cooperative:test-instances-' DETACH DELETE c");
  await t.close();
});

const EDITOR = { authorization: 'Bearer editor-token-0123456789' };

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the shape it expects
async function post<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    body: (await res.json()) as GraphQLResponse<T>['body'] & { extensions?: { bookmarks?: string[] } },
  };
}

const CREATE = `mutation($id: ID!) {
  createEntity(input: { id: $id, kind: COOPERATIVE, name: "书签测试合作社（模拟）", synthetic: true, properties: { industry: "枸杞" } },
               source: { citation: "two-instance test" }) { id }
}`;
const READ = 'query($id: ID!) { node(id: $id) { id ... on Cooperative { name } } }';

describe('two instances started at once on an empty database', () => {
  it('applied the migrations once and loaded the seeds once, between them', async () => {
    expect(instances).toHaveLength(2);
    const migrated = instances.filter((i) => i.startup.migrated);
    const seeded = instances.filter((i) => i.startup.seeded !== false);
    expect(migrated).toHaveLength(1);
    expect(seeded).toHaveLength(1);
    expect(seeded[0]?.startup.seeded).toBe('empty');
    // The same instance did both (it held the start-up lock), and the database says so.
    const worker = seeded[0]?.startup.instance;
    expect(migrated[0]?.startup.instance).toBe(worker);
    const rows = await t.db.read<{ schema: unknown[]; seeds: unknown[]; locks: number }>(`
      CALL () { MATCH (s:SchemaState) RETURN collect(s {.name, .fingerprint, .appliedBy}) AS schema }
      CALL () { MATCH (s:SeedState) RETURN collect(s {.fingerprint, .loadedBy}) AS seeds }
      CALL () { MATCH (l:Lock) RETURN count(l) AS locks }
      RETURN schema, seeds, locks`);
    expect(rows[0]).toEqual({
      schema: [{ name: 'migrations', fingerprint: MIGRATIONS_FINGERPRINT, appliedBy: worker }],
      seeds: [{ fingerprint: seedFingerprint(), loadedBy: worker }],
      locks: 0,
    });
  });
});

describe('read-your-writes across instances with the Neo4j-Bookmarks header', () => {
  it('returns the bookmark of a mutation, and a read through the other instance sent with it sees the write', async () => {
    const id = 'Cooperative:test-instances-1';
    const created = await post(urlOf(0), CREATE, { id }, EDITOR);
    expect(created.body.errors).toBeUndefined();
    const bookmarks = created.body.extensions?.bookmarks;
    expect(bookmarks).toEqual([expect.stringMatching(/^\S+$/)]);

    const read = await post<{ node: { id: string; name: string } | null }>(
      urlOf(1),
      READ,
      { id },
      { 'neo4j-bookmarks': (bookmarks ?? []).join(',') },
    );
    expect(read.status).toBe(200);
    expect(read.body.data?.node).toEqual({ id, name: '书签测试合作社（模拟）' });
    // A read writes nothing: it has no bookmark to hand back.
    expect(read.body.extensions?.bookmarks).toBeUndefined();
  });

  it('hands the header to Neo4j: a bookmark it did not issue is BAD_USER_INPUT, not ignored', async () => {
    const res = await post(urlOf(1), READ, { id: 'Township:620423101000' }, { 'neo4j-bookmarks': 'FB:garbage' });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toMatch(/Neo4j-Bookmarks/);
  });

  it('refuses a malformed header with BAD_USER_INPUT before any Cypher runs', async () => {
    const res = await post(urlOf(0), READ, { id: 'Township:620423101000' }, { 'neo4j-bookmarks': '["FB:x"]' });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.data).toBeUndefined();
  });
});

describe('read-your-writes within one instance', () => {
  it('chains every transaction after the last one the instance committed, with no extra round trip', async () => {
    const id = 'Cooperative:test-instances-2';
    const created = await t.gql(CREATE, { id }, EDITOR);
    const written = (created.body.extensions as { bookmarks?: string[] } | undefined)?.bookmarks;
    expect(written).toHaveLength(1);
    // The instance's bookmark manager holds the write's bookmark: its next transactions wait for it.
    expect([...(await t.db.bookmarks.getBookmarks())]).toEqual(written);
    const read = await t.gql<{ node: { id: string } | null }>(READ, { id });
    expect(read.body.data?.node?.id).toBe(id);
    expect(read.body.extensions?.cypherRoundTrips).toBe(1);
  });
});
