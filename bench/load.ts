import { performance } from 'node:perf_hooks';

import { percentile, table, withSeededServer } from './harness.js';

// `npm run bench:load`: the query mix sent at a fixed arrival rate (open loop: a slow answer does
// not delay the next request, so queueing shows in the latencies), over loopback, for a fixed
// time. Prints latency percentiles, throughput and error rates. Stops by itself.
const RATE = Number(process.env.LOAD_RATE ?? 15);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 20);

const MIX: { name: string; query: string }[] = [
  { name: 'node', query: '{ node(id: "Village:620423101203") { id ... on Village { name township { name } } } }' },
  {
    name: 'villages nested',
    query:
      '{ villages(first: 20) { edges { node { name partyOrganization { cooperatives { name bases { name } } } } } } }',
  },
  { name: 'search', query: '{ search(text: "chengbei") { score entity { id name } } }' },
  { name: 'search (traditional)', query: '{ search(text: "寺灘") { score entity { id name } } }' },
  {
    name: 'chains',
    query: '{ chains(preset: BRANCH_ENTERPRISE_BASE, first: 20) { totalCount edges { node { nodes { id } } } } }',
  },
  { name: 'paths', query: '{ paths(from: "Village:620423101203", to: "Village:620423203201") { length } }' },
  {
    name: 'network',
    query:
      '{ network(ids: ["Village:620423101203"], depth: 2, limit: 150) { truncated nodes { entityId } edges { relationshipId } } }',
  },
  { name: 'figures', query: '{ figures { key computed consistent } }' },
];

interface Sample {
  name: string;
  ms: number;
  httpError: boolean;
  graphqlError: boolean;
}

const pct = (sorted: number[], p: number): string => (sorted.length ? percentile(sorted, p).toFixed(1) : '-');

await withSeededServer('load', async (server, _db, report) => {
  report(`${String(RATE)} requests/s for ${String(SECONDS)} s against ${server.url}`);

  // Warm-up: each query a few times, unmeasured, so the first figures are not JIT compilation.
  for (let round = 0; round < 3; round++) {
    for (const item of MIX) {
      await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: item.query }),
      });
    }
  }
  const samples: Sample[] = [];
  const inFlight = new Set<Promise<void>>();
  const send = (item: (typeof MIX)[number]): void => {
    const started = performance.now();
    const p = fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: item.query }),
    })
      .then(async (res) => {
        const body = (await res.json()) as { errors?: unknown[] };
        samples.push({
          name: item.name,
          ms: performance.now() - started,
          httpError: res.status >= 500,
          graphqlError: Boolean(body.errors?.length),
        });
      })
      .catch(() => {
        samples.push({ name: item.name, ms: performance.now() - started, httpError: true, graphqlError: false });
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  const total = RATE * SECONDS;
  const begin = performance.now();
  for (let i = 0; i < total; i++) {
    // Wait for the i-th slot of the schedule, not for earlier answers.
    const due = begin + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    send(MIX[i % MIX.length] as (typeof MIX)[number]);
    if (i > 0 && i % (RATE * 5) === 0) report(`  ${String(i)} sent, ${String(inFlight.size)} in flight`);
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - begin) / 1000;

  const rows = [...MIX.map((m) => m.name), 'all'].map((name) => {
    const mine = samples.filter((s) => name === 'all' || s.name === name);
    const ms = mine.map((s) => s.ms).sort((a, b) => a - b);
    const http = mine.filter((s) => s.httpError).length;
    const gql = mine.filter((s) => s.graphqlError).length;
    return [
      name,
      String(mine.length),
      pct(ms, 50),
      pct(ms, 95),
      pct(ms, 99),
      ((100 * http) / Math.max(1, mine.length)).toFixed(2),
      ((100 * gql) / Math.max(1, mine.length)).toFixed(2),
    ];
  });
  const header = ['query', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'HTTP 5xx %', 'GraphQL errors %'];
  process.stdout.write(`\n${table(header, rows)}\n`);
  process.stdout.write(
    `\noffered ${String(RATE)} req/s; completed ${String(samples.length)} in ${elapsed.toFixed(1)} s = ${(samples.length / elapsed).toFixed(1)} req/s\n`,
  );
});
