import { performance } from 'node:perf_hooks';

import autocannon from 'autocannon';

import type { Database } from '../src/db/database.js';

import { percentile, table, withSeededServer } from './harness.js';

// `npm run bench`: a fixed query mix against a throwaway embedded Neo4j holding the seeds, each
// query driven over loopback by autocannon, then the same question asked as one Cypher query
// straight through neo4j-driver (the floor). Figures only: nothing here asserts.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);

interface Case {
  name: string;
  query: string;
  floor: { cypher: string; params?: Record<string, unknown> };
}

const CASES: Case[] = [
  {
    name: 'node by id',
    query: '{ node(id: "Village:620423101203") { id ... on Village { name code township { name } } } }',
    floor: {
      cypher: 'MATCH (n:Node {id: $id}) OPTIONAL MATCH (n)-[:PART_OF]->(t) RETURN n.id, n.name, n.code, t.name',
      params: { id: 'Village:620423101203' },
    },
  },
  {
    name: 'villages → org → coops → bases (50)',
    query:
      '{ villages(first: 50) { edges { node { name partyOrganization { name cooperatives { name bases { name } } } } } } }',
    floor: {
      cypher: `MATCH (v:Village) WITH v ORDER BY v.code LIMIT 50
               OPTIONAL MATCH (o:PartyOrganization)-[:GOVERNS]->(v)
               RETURN v.name, o.name, [(o)-[:LEADS]->(c:Cooperative) | {name: c.name, bases: [(c)-[:OPERATES]->(b:Base) | b.name]}]`,
    },
  },
  {
    name: 'search "chengbei"',
    query: '{ search(text: "chengbei") { score entity { id name } } }',
    floor: {
      cypher:
        "CALL db.index.fulltext.queryNodes('entity_names_latin', 'pinyinPlain:chengbei*', {limit: 10}) YIELD node, score RETURN node.id, node.name, score",
    },
  },
  {
    name: 'chains 支部+龙头企业+基地 (20)',
    query:
      '{ chains(preset: BRANCH_ENTERPRISE_BASE, first: 20) { totalCount edges { node { nodes { id name } relationships { type } } } } }',
    floor: {
      cypher: `MATCH (o:PartyOrganization)-[r1:PARTNERS_WITH]->(e:Enterprise {leading: true})-[r2:OPERATES]->(b:Base)
               RETURN o.id, o.name, e.id, e.name, b.id, b.name, type(r1), type(r2) ORDER BY o.id, e.id, b.id LIMIT 20`,
    },
  },
  {
    name: 'paths village → village',
    query: '{ paths(from: "Village:620423101203", to: "Village:620423203201") { length nodes { id name } } }',
    floor: {
      cypher: `MATCH (a:Node {id: $from}), (b:Node {id: $to})
               MATCH p = allShortestPaths((a)-[:PART_OF|GOVERNS|LEADS|PARTNERS_WITH|OPERATES|LOCATED_IN|HOLDS_POST|STATIONED_IN|CONTACTS|MEMBER_OF|COVERS|PROMOTED*..4]-(b))
               RETURN [x IN nodes(p) | x.name] LIMIT 5`,
      params: { from: 'Village:620423101203', to: 'Village:620423203201' },
    },
  },
  {
    name: 'network depth 2 (≤200)',
    query:
      '{ network(ids: ["Village:620423101203"], depth: 2, limit: 200) { truncated nodes { id label kind } edges { source target type } } }',
    floor: {
      cypher: `MATCH (s:Node {id: $id})-[*1..2]-(m:Entity) WITH DISTINCT m LIMIT 200
               WITH collect(m) AS ms
               UNWIND ms AS a MATCH (a)-[r]->(b) WHERE b IN ms RETURN count(r)`,
      params: { id: 'Village:620423101203' },
    },
  },
];

async function floor(db: Database, c: Case): Promise<{ p50: number; p99: number; rps: number }> {
  const latencies: number[] = [];
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const started = performance.now();
        await db.read(c.floor.cypher, c.floor.params ?? {});
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: latencies.length / SECONDS };
}

await withSeededServer('bench', async (server, db, report) => {
  report(`API on ${server.url}; ${String(SECONDS)} s per query, ${String(CONNECTIONS)} connections`);
  const rows: string[][] = [];
  for (const c of CASES) {
    const body = JSON.stringify({ query: c.query });
    const sample = (await (
      await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    ).json()) as { errors?: unknown[]; extensions?: { cypherRoundTrips?: number } };
    if (sample.errors) throw new Error(`${c.name}: ${JSON.stringify(sample.errors)}`);
    report(`${c.name}: GraphQL (1 s warm-up, then ${String(SECONDS)} s)...`);
    const load = {
      url: server.url,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body,
      connections: CONNECTIONS,
    };
    await autocannon({ ...load, duration: 1 });
    const result = await autocannon({
      ...load,
      duration: SECONDS,
      // The load generator runs in its own thread so it does not compete with the API's event loop.
      workers: 1,
    });
    report(`${c.name}: Cypher floor...`);
    const f = await floor(db, c);
    rows.push([
      c.name,
      String(result.latency.p50),
      String(result.latency.p99),
      result.requests.average.toFixed(0),
      String(result.errors + result.non2xx),
      String(sample.extensions?.cypherRoundTrips ?? '?'),
      f.p50.toFixed(1),
      f.p99.toFixed(1),
      f.rps.toFixed(0),
      (result.requests.average / f.rps).toFixed(2),
    ]);
  }
  const header = [
    'query',
    'p50 ms',
    'p99 ms',
    'req/s',
    'errors',
    'round trips',
    'floor p50 ms',
    'floor p99 ms',
    'floor q/s',
    'req/s ÷ floor',
  ];
  process.stdout.write(`\n${table(header, rows)}\n`);
});
