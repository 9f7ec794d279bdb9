import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_LIMITS } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { startServer, type RunningServer } from '../src/http/server.js';
import { startTestServer, TEST_AUTH, testDriver, type TestServer } from './helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

interface Raw {
  status: number;
  text: string;
  json: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } | null;
}

function parseJson(text: string): Raw['json'] {
  try {
    return JSON.parse(text) as Raw['json'];
  } catch {
    return null;
  }
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Raw> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  return { status: res.status, text, json: parseJson(text) };
}

const NORMAL = '{ node(id: "Village:620423101203") { id } }';

/** The server still answers an ordinary query. */
async function stillServing(): Promise<void> {
  const res = await t.gql<{ node: { id: string } }>(NORMAL);
  expect(res.body.data?.node.id).toBe('Village:620423101203');
}

function noStackTrace(raw: Raw): void {
  expect(raw.text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\/src\//);
}

describe('abusive operations are refused before they run', () => {
  it('refuses a depth bomb', async () => {
    let selection = 'id';
    for (let i = 0; i < 30; i++) selection = `... on Village { township { villages { ${selection} } } }`;
    const res = await t.gql(`{ node(id: "Village:620423101203") { ${selection} } }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors?.[0]?.message).toMatch(/depth/i);
    expect(res.body.extensions?.cypherRoundTrips ?? 0).toBe(0);
    await stillServing();
  });

  it('refuses an alias bomb of hundreds of aliases', async () => {
    const aliases = Array.from({ length: 200 }, (_, i) => `a${String(i)}: county { id }`).join(' ');
    const res = await t.gql(`{ ${aliases} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toMatch(/alias/i);
    await stillServing();
  });

  it('refuses a 1 MB query with PAYLOAD_TOO_LARGE, as JSON', async () => {
    const query = `{ node(id: "${'x'.repeat(1024 * 1024)}") { id } }`;
    const raw = await post(t.server.url, JSON.stringify({ query }));
    expect(raw.status).toBe(413);
    expect(raw.json?.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    noStackTrace(raw);
    await stillServing();
  });

  it('refuses too many tokens', async () => {
    const fields = Array.from({ length: DEFAULT_LIMITS.maxTokens }, () => 'id').join(' ');
    const res = await t.gql(`{ node(id: "Village:620423101203") { ${fields} } }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toMatch(/token/i);
  });

  it('refuses deeply nested fragments', async () => {
    const fragments = Array.from({ length: 40 }, (_, i) =>
      i === 39
        ? `fragment F${String(i)} on Village { id }`
        : `fragment F${String(i)} on Village { township { villages { ...F${String(i + 1)} } } }`,
    ).join('\n');
    const res = await t.gql(`{ node(id: "Village:620423101203") { ...F0 } }\n${fragments}`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    await stillServing();
  });

  it('refuses a huge page by its estimated cost, QUERY_TOO_EXPENSIVE, before touching the database', async () => {
    const res = await t.gql(
      '{ villages(first: 100000) { edges { node { posts { person { posts { organization { id } } } } } } } }',
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_EXPENSIVE');
    expect(res.body.errors?.[0]?.message).toContain(String(DEFAULT_LIMITS.maxCost));
    expect(res.body.extensions?.cypherRoundTrips ?? 0).toBe(0);
  });

  it.each([
    ['{ network(ids: ["Village:620423101203"], depth: 50) { truncated } }', 'depth'],
    ['{ paths(from: "Village:620423101203", to: "Village:620423203201", maxHops: 100) { length } }', 'maxHops'],
  ])('refuses %s with BAD_USER_INPUT naming the cap', async (query, argument) => {
    const res = await t.gql(query);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    await stillServing();
  });

  it('refuses batched HTTP requests', async () => {
    const raw = await post(t.server.url, JSON.stringify([{ query: NORMAL }, { query: NORMAL }]));
    expect(raw.status).toBe(400);
    noStackTrace(raw);
  });

  it('answers malformed JSON with 400 and no stack trace', async () => {
    const raw = await post(t.server.url, '{"query": "{ node(id: \\"x\\") { id } }"');
    expect(raw.status).toBe(400);
    expect(raw.json?.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    noStackTrace(raw);
  });

  it('keeps introspection on, as configured', async () => {
    const res = await t.gql<{ __schema: { queryType: { name: string } } }>('{ __schema { queryType { name } } }');
    expect(res.body.data?.__schema.queryType.name).toBe('Query');
  });
});

describe('time budget', () => {
  let tight: RunningServer;
  let db: Database;
  beforeAll(async () => {
    db = new Database(testDriver(), 'neo4j');
    // A budget of 0 ms is spent before the first Cypher query on any machine, fast or loaded: the
    // outcome does not hang on how long anything takes.
    tight = await startServer({
      db,
      host: '127.0.0.1',
      port: 0,
      auth: TEST_AUTH,
      limits: { ...DEFAULT_LIMITS, operationTimeoutMs: 0 },
    });
  });
  afterAll(async () => {
    await tight.stop();
    await db.close();
  });

  it('cuts an operation that runs past its budget with TIMEOUT, while other servers keep answering', async () => {
    const raw = await post(tight.url, JSON.stringify({ query: '{ figures { key computed } }' }));
    expect(raw.json?.errors?.[0]?.extensions?.code).toBe('TIMEOUT');
    noStackTrace(raw);
    await stillServing();
  });
});

describe('observability', () => {
  it('echoes a request id and exposes Prometheus metrics', async () => {
    const res = await fetch(t.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'analyst-42' },
      body: JSON.stringify({ query: 'query Details { node(id: "Village:620423101203") { id } }' }),
    });
    expect(res.headers.get('x-request-id')).toBe('analyst-42');
    const metrics = await (await fetch(t.server.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toMatch(/graphql_requests_total\{operation="Details",outcome="ok"\} \d+/);
    expect(metrics).toContain('graphql_request_duration_seconds_bucket');
    expect(metrics).toContain('neo4j_sessions_in_use');
    expect(metrics).toMatch(/graphql_errors_total\{code="[A-Z_]+"\}/);
  });

  it('keeps /metrics under 1 MB after 20,000 distinct operation names', async () => {
    const url = t.server.url.replace(/\/graphql$/, '/metrics');
    const names = 20_000;
    const parallel = 50;
    let answered = 0;
    for (let i = 0; i < names; i += parallel) {
      const statuses = await Promise.all(
        Array.from({ length: parallel }, async (_, j) => {
          const name = `Probe${String(i + j)}`;
          const res = await post(
            t.server.url,
            JSON.stringify({ query: `query ${name} { __typename }`, operationName: name }),
          );
          return res.status;
        }),
      );
      answered += statuses.filter((s) => s === 200).length;
    }
    expect(answered).toBe(names);
    const metrics = await (await fetch(url)).text();
    expect(metrics.length).toBeLessThan(1024 * 1024);
    expect(metrics).not.toContain('operation="Probe');
    // Every one of them is counted, under `other`.
    const other = /graphql_requests_total\{operation="other",outcome="ok"\} (\d+)/.exec(metrics);
    expect(Number(other?.[1])).toBeGreaterThanOrEqual(names);
  }, 600_000);
});

describe('fuzzing and injection', () => {
  async function checksum(): Promise<string> {
    const [row] = await t.db.read<{ nodes: number; rels: number; props: number }>(`
      CALL () { MATCH (n) RETURN count(n) AS nodes, sum(size(keys(n))) AS props }
      CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
      RETURN nodes, rels, props`);
    return JSON.stringify(row);
  }

  const OPERATIONS = [
    'query($v: String!) { search(text: $v) { score } }',
    'query($v: ID!) { node(id: $v) { id } }',
    'query($v: ID!) { network(ids: [$v]) { truncated } }',
    'query($v: ID!) { paths(from: $v, to: "Village:620423101203") { length } }',
    'query($v: ID) { chains(preset: BRANCH_ENTERPRISE_BASE, within: $v, first: 1) { totalCount } }',
    'query($v: String) { villages(where: { nameContains: $v }, first: 1) { totalCount } }',
    'query($v: String) { people(where: { asOf: $v }, first: 1) { totalCount } }',
    'query($v: String) { villages(after: $v) { totalCount } }',
  ];

  it('never answers 500 to random values, and reads change nothing in the graph', async () => {
    const before = await checksum();
    const injections = fc.constantFrom(
      "' OR 1=1 //",
      '") DETACH DELETE n //',
      '*:*',
      '"',
      '\\',
      'AND OR NOT',
      '城北~2 AND *',
      'MATCH (n) DETACH DELETE n',
      '${}',
      '\u0000',
      'Village:620423101203} RETURN 1 //',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OPERATIONS),
        fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 30 }), injections),
        async (query, value) => {
          const raw = await post(t.server.url, JSON.stringify({ query, variables: { v: value } }));
          expect(raw.status, `${query} ${JSON.stringify(value)}`).toBeLessThan(500);
          noStackTrace(raw);
          for (const e of raw.json?.errors ?? []) expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
        },
      ),
      { numRuns: 150, seed: 20200423 },
    );
    expect(await checksum()).toBe(before);
  });

  it('never answers 500 to random, malformed operations', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.constantFrom('{', '{ node }', 'query { __typename', 'mutation { x }', '{ node(id: 1) { id } }'),
        ),
        async (query) => {
          const raw = await post(t.server.url, JSON.stringify({ query }));
          expect(raw.status).toBeLessThan(500);
          noStackTrace(raw);
        },
      ),
      { numRuns: 100, seed: 7 },
    );
  });
});

describe('in production', () => {
  let prod: RunningServer;
  let db: Database;
  beforeAll(async () => {
    db = new Database(testDriver(), 'neo4j');
    prod = await startServer({ db, host: '127.0.0.1', port: 0, auth: TEST_AUTH, production: true });
  });
  afterAll(async () => {
    await prod.stop();
    await db.close();
  });

  it('hides field suggestions and limit details, but keeps the codes', async () => {
    const typo = await post(prod.url, JSON.stringify({ query: '{ county { nam } }' }));
    expect(typo.status).toBe(400);
    expect(typo.json?.errors?.[0]?.message).toContain('Cannot query field "nam"');
    expect(typo.json?.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const dev = await t.gql('{ county { nam } }');
    expect(dev.body.errors?.[0]?.message).toMatch(/Did you mean "name"/);

    // A variable's value is checked against the schema after validation; its message is cut too.
    const enumTypo = await post(
      prod.url,
      JSON.stringify({
        query: 'query ($kinds: [EntityKind!]) { search(text: "景泰", kinds: $kinds) { score } }',
        variables: { kinds: ['VILAGE'] },
      }),
    );
    expect(enumTypo.status).toBe(400);
    expect(enumTypo.json?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(enumTypo.json?.errors?.[0]?.message).toContain('does not exist in "EntityKind" enum');
    expect(enumTypo.json?.errors?.[0]?.message).not.toMatch(/Did you mean/);

    const expensive = await post(prod.url, JSON.stringify({ query: '{ villages(first: 100000) { totalCount } }' }));
    expect(expensive.json?.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_EXPENSIVE');
    expect(expensive.json?.errors?.[0]?.message).not.toMatch(/\d{4,}/);
  });
});
