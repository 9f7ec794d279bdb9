import { performance } from 'node:perf_hooks';

import { DEFAULT_LIMITS, loadConfig } from '../src/config.js';
import { startServer, type RunningServer } from '../src/http/server.js';
import { percentile, table, withSeededServer } from './harness.js';
import { costOf, HEAVIEST } from './heavy.js';

// `npm run bench:fairness`: does an ordinary query keep answering while the heaviest operations
// an anonymous caller may send (bench/heavy.ts) are running, and do client-chosen operation names keep /metrics
// small? Prints the ordinary query's latency idle and under load, the heavy operations' outcomes,
// and /metrics' size after many distinct operation names. Stops by itself.
const HEAVY_CLIENTS = (process.env.FAIRNESS_CLIENTS ?? '2,20').split(',').map(Number);
const ORDINARY_SAMPLES = Number(process.env.FAIRNESS_SAMPLES ?? 20);
const NAMES = Number(process.env.FAIRNESS_NAMES ?? 20_000);
const ONLY = process.env.FAIRNESS_ONLY?.split(',');

const ORDINARY = '{ node(id: "Village:620423101203") { id ... on Village { name township { name } } } }';

const CHAIN_PATTERN =
  '[{kind: VILLAGE}, {kind: PROGRAM, relation: IMPLEMENTS}, {kind: VILLAGE, relation: IMPLEMENTS, direction: IN}, {kind: PROGRAM, relation: IMPLEMENTS}, {kind: VILLAGE, relation: IMPLEMENTS, direction: IN}]';

/** The heaviest operations as first tried (now refused by the cost limit: shown alone). */
const REFUSED: Record<string, string> = {
  'chains × 30 aliases': `{ ${Array.from({ length: 30 }, (_, i) => `c${String(i)}: chains(pattern: ${CHAIN_PATTERN}, first: 20) { totalCount edges { cursor } }`).join(' ')} }`,
  'network × 8 aliases': `{ ${Array.from({ length: 8 }, (_, i) => `n${String(i)}: network(ids: ["Village:620423101203"], depth: 3, limit: 2000) { truncated nodes { entityId kind label pinyin synthetic depth properties } edges { relationshipId source target type synthetic properties } cytoscape graphology }`).join(' ')} }`,
};

interface Outcome {
  status: number;
  code: string | undefined;
  bytes: number;
  ms: number;
  cost?: number;
}

async function post(url: string, query: string, operationName?: string): Promise<Outcome> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, operationName }),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  let code: string | undefined;
  try {
    const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
    code = body.errors?.[0]?.extensions?.code;
  } catch {
    code = 'NOT_JSON';
  }
  return { status: res.status, code, bytes: text.length, ms };
}

const fmt = (n: number): string => n.toFixed(0);

await withSeededServer('fairness', async (server, db, report, signal) => {
  // The reference, on the same database in the same run: no operation is heavy, so none queues.
  const noLane = await startServer({
    db,
    host: '127.0.0.1',
    port: 0,
    auth: loadConfig().auth,
    limits: { ...DEFAULT_LIMITS, heavyCost: Number.POSITIVE_INFINITY },
  });
  try {
    await measure(server, noLane, report, signal);
  } finally {
    await noLane.stop();
  }
});

async function measure(
  server: RunningServer,
  noLane: RunningServer,
  report: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const idle: number[] = [];
  for (let i = 0; i < ORDINARY_SAMPLES; i++) idle.push((await post(server.url, ORDINARY)).ms);
  idle.sort((a, b) => a - b);
  report(`ordinary query idle: p50 ${fmt(percentile(idle, 50))} ms, p95 ${fmt(percentile(idle, 95))} ms`);

  for (const [name, query] of Object.entries(REFUSED)) {
    const alone = await post(server.url, query);
    report(`${name} (cost ${fmt(costOf(query))}): ${String(alone.status)} ${alone.code ?? 'ok'}, ${fmt(alone.ms)} ms`);
  }
  const heavyOps = Object.entries(HEAVIEST).filter(([name]) => !ONLY || ONLY.includes(name));
  for (const [name, query] of heavyOps) {
    const alone = await post(server.url, query);
    report(
      `${name} (cost ${fmt(costOf(query))}) alone: ${String(alone.status)} ${alone.code ?? 'ok'}, ${fmt(alone.ms)} ms, ${(alone.bytes / 1e6).toFixed(2)} MB`,
    );
    signal.throwIfAborted();
  }
  const idleP50 = percentile(idle, 50);

  const rows: string[][] = [];
  for (const [name, query] of heavyOps) {
    for (const clients of HEAVY_CLIENTS) {
      for (const [lane, target] of [
        ['heavy lane', server],
        ['no lane', noLane],
      ] as const) {
        let running = true;
        const heavy: Outcome[] = [];
        const loops = Array.from({ length: clients }, async () => {
          while (running) heavy.push(await post(target.url, query));
        });
        // Let the heavy operations take hold before measuring.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const busy: Outcome[] = [];
        for (let i = 0; i < ORDINARY_SAMPLES; i++) busy.push(await post(target.url, ORDINARY));
        running = false;
        await Promise.all(loops);
        const ms = busy.map((o) => o.ms).sort((a, b) => a - b);
        const failed = busy.filter((o) => o.status !== 200 || o.code);
        const codes = (list: Outcome[]) =>
          [...new Set(list.map((o) => `${String(o.status)} ${o.code ?? 'ok'}`))].join(', ') || '-';
        rows.push([
          `${name} × ${String(clients)} clients, ${lane}`,
          `${fmt(percentile(ms, 50))} / ${fmt(percentile(ms, 95))}`,
          (percentile(ms, 50) / idleP50).toFixed(2),
          `${String(failed.length)} (${codes(failed)})`,
          `${String(heavy.length)}: ${codes(heavy)}`,
        ]);
        signal.throwIfAborted();
      }
    }
  }
  process.stdout.write(
    `\n${table(['heavy load', 'ordinary p50 / p95 ms', 'p50 ÷ idle p50', 'ordinary failures', 'heavy answers'], rows)}\n\n`,
  );

  const metricsUrl = server.url.replace(/\/graphql$/, '/metrics');
  const before = (await (await fetch(metricsUrl)).text()).length;
  const rssBefore = process.memoryUsage().rss;
  for (let i = 0; i < NAMES; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, NAMES - i) }, (_, j) => {
        const name = `Op${String(i + j)}`;
        return post(server.url, `query ${name} { __typename }`, name);
      }),
    );
    signal.throwIfAborted();
  }
  const started = performance.now();
  const metrics = await (await fetch(metricsUrl)).text();
  const scrapeMs = performance.now() - started;
  const series = metrics.split('\n').filter((l) => l && !l.startsWith('#')).length;
  report(
    `/metrics after ${String(NAMES)} distinct operation names: ${(before / 1e3).toFixed(0)} KB → ${(metrics.length / 1e3).toFixed(0)} KB, ${String(series)} series, scrape ${fmt(scrapeMs)} ms, RSS ${fmt(rssBefore / 2 ** 20)} → ${fmt(process.memoryUsage().rss / 2 ** 20)} MB`,
  );
}
