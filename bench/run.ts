import { isDeepStrictEqual } from 'node:util';

import { CASES, type Case } from './cases.js';
import { startFloor } from './floor.js';
import { machine, percentile, table, withSeededServer } from './harness.js';
import { LoadGenerator, type LoadResult } from './loadgen.js';
import { peerVersion, startPeer } from './peer.js';

// `npm run bench`: each question asked three ways on one throwaway embedded Neo4j holding the
// seeds — this API, the same question through the Neo4j GraphQL Library (the peer), and one
// hand-written Cypher query (the floor) — after checking all three answer the same data. The
// three servers share this process; the load comes from a child process. Rounds are interleaved
// (each round runs every question on every side, starting with a different side each round) so
// that noise on this machine lands on all sides alike. Figures only: nothing here asserts.

// tsx turns on source-mapped stack traces, which make neo4j-driver's per-transaction stack
// capture expensive; `npm start` runs compiled JavaScript without them. Off here, for all three
// sides alike, so the bench measures what users run.
process.setSourceMapsEnabled(false);

function setting(name: string, fallback: number, { zero = false } = {}): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !zero)) {
    throw new Error(`${name} must be a ${zero ? 'non-negative' : 'positive'} number, got ${String(raw)}`);
  }
  return value;
}

const SECONDS = setting('BENCH_SECONDS', 5);
const CONNECTIONS = Math.round(setting('BENCH_CONNECTIONS', 8));
const ROUNDS = Math.round(setting('BENCH_ROUNDS', 3));
const WARMUP = setting('BENCH_WARMUP', 1);
// Before the first round, every side of every question runs this long unmeasured: Neo4j's JIT and
// query caches are cold after start-up, which would otherwise count against whichever side runs
// first in round one.
const PREWARM = setting('BENCH_PREWARM', 2, { zero: true });
const ONLY = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

const unknown = ONLY.filter((name) => !CASES.some((c) => c.name === name));
if (unknown.length > 0) {
  throw new Error(
    `BENCH_ONLY: unknown ${unknown.join(', ')}; the questions are ${CASES.map((c) => c.name).join(', ')}`,
  );
}
const SELECTED = ONLY.length > 0 ? CASES.filter((c) => ONLY.includes(c.name)) : CASES;

type Side = 'api' | 'peer' | 'floor';
const SIDES: Side[] = ['api', 'peer', 'floor'];

interface Answer {
  data: unknown;
  roundTrips: number | undefined;
}

async function ask(url: string, body: string): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = (await res.json()) as { data?: unknown; errors?: unknown[]; extensions?: { cypherRoundTrips?: number } };
  if (!res.ok || json.errors) throw new Error(`${url} answered ${String(res.status)}: ${JSON.stringify(json)}`);
  return { data: json.data, roundTrips: json.extensions?.cypherRoundTrips };
}

/** "totalCount 124, 22 items": enough to see at a glance what was compared. */
function summary(data: unknown): string {
  const parts: string[] = [];
  const walk = (value: unknown): void => {
    if (parts.length >= 2 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      parts.push(`${String(value.length)} items`);
      return;
    }
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'totalCount') parts.push(`totalCount ${String(inner)}`);
      else walk(inner);
    }
  };
  walk(data);
  parts.push(`${(JSON.stringify(data).length / 1024).toFixed(1)} kB of JSON`);
  return parts.join(', ');
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at character ${String(i)}: API …${a.slice(Math.max(0, i - 40), i + 60)}… vs …${b.slice(Math.max(0, i - 40), i + 60)}…`;
}

interface Figures {
  rate: number;
  p50: number;
  p99: number;
}

interface Tally {
  latencies: number[];
  /** Measured seconds, all rounds together. */
  elapsed: number;
  /** Each round's figures, in round order: the ratios pair the sides round by round. */
  rounds: Figures[];
  errors: number;
  detail: { errors: number; non2xx: number; graphqlErrors: number };
  /** This process's CPU time while the side ran (warm-up included), in µs, and the answers it gave. */
  cpuMicros: number;
  answered: number;
}

/** "0", or "3 (1 socket, 2 GraphQL)". */
function errorCell(t: Tally): string {
  const { errors, non2xx, graphqlErrors } = t.detail;
  if (t.errors === 0) return '0';
  const parts = [
    errors ? `${String(errors)} socket` : '',
    non2xx ? `${String(non2xx)} non-2xx` : '',
    graphqlErrors ? `${String(graphqlErrors)} GraphQL` : '',
  ].filter(Boolean);
  return `${String(t.errors)} (${parts.join(', ')})`;
}

const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');
/**
 * API ÷ other for one figure: the geometric mean of the rounds' ratios. Within a round the sides
 * ran back to back, so a slow spell of the machine divides out instead of favouring whichever side
 * it happened to hit.
 */
function ratio(api: Tally | undefined, other: Tally | undefined, figure: keyof Figures): string {
  if (!api || !other) return 'n/a';
  const logs = api.rounds.map((r, i) => Math.log(r[figure] / (other.rounds[i]?.[figure] ?? NaN)));
  const mean = Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length);
  return Number.isFinite(mean) ? `${mean.toFixed(2)}×` : '-';
}

await withSeededServer('bench', async (server, db, report, signal) => {
  const [component] = await db.read<{ version: string }>(
    'CALL dbms.components() YIELD versions RETURN versions[0] AS version',
  );
  const neo4jVersion = component?.version ?? '?';
  const peerName = `@neo4j/graphql ${peerVersion()}`;
  const cleanup: (() => unknown)[] = [];
  try {
    report(`starting the peer (${peerName}), the floor and the load generator...`);
    const peer = await startPeer(db.driver, db.name);
    cleanup.push(() => peer.stop());
    const floor = await startFloor(db, SELECTED);
    cleanup.push(() => floor.stop());
    const loadgen = new LoadGenerator(signal);
    cleanup.push(() => loadgen.close());
    report(`API ${server.url}, peer ${peer.url}, floor ${floor.url(SELECTED[0] as Case).replace(/\/[^/]*$/, '/…')}`);
    const urlOf = (c: Case, side: Side): string =>
      side === 'api' ? server.url : side === 'peer' ? peer.url : floor.url(c);
    const bodyOf = (c: Case, side: Side): string => JSON.stringify({ query: side === 'peer' ? c.peer?.query : c.api });
    const sidesOf = (c: Case): Side[] => SIDES.filter((s) => s !== 'peer' || c.peer);

    // Same data first: nothing is timed unless every side gives the API's answer.
    const roundTrips = new Map<string, number | undefined>();
    for (const c of SELECTED) {
      const canonical = c.canonical ?? ((d: unknown) => d);
      // Asked twice: the peer's first request also asks Neo4j for its version, once per process.
      await ask(server.url, bodyOf(c, 'api'));
      const api = await ask(server.url, bodyOf(c, 'api'));
      const expected = JSON.stringify(canonical(api.data));
      roundTrips.set(`${c.name}/api`, api.roundTrips);
      for (const side of sidesOf(c).filter((s) => s !== 'api')) {
        await ask(urlOf(c, side), bodyOf(c, side));
        const answer = await ask(urlOf(c, side), bodyOf(c, side));
        const data = side === 'peer' && c.peer ? c.peer.toApi(answer.data) : answer.data;
        const got = JSON.stringify(canonical(data));
        if (!isDeepStrictEqual(JSON.parse(got), JSON.parse(expected))) {
          throw new Error(
            `${c.name}: the ${side} does not answer what the API does, ${firstDifference(expected, got)}`,
          );
        }
        roundTrips.set(`${c.name}/${side}`, answer.roundTrips);
      }
      report(
        `${c.name}: ${sidesOf(c).join(', ')} answer the same data (${summary(api.data)}); ` +
          `Cypher round trips ${sidesOf(c)
            .map((s) => `${s} ${String(roundTrips.get(`${c.name}/${s}`) ?? '?')}`)
            .join(', ')}`,
      );
    }

    if (PREWARM > 0) {
      const sides = SELECTED.reduce((n, c) => n + sidesOf(c).length, 0);
      report(
        `warming up: every side of every question for ${String(PREWARM)} s, unmeasured (${fmt((sides * PREWARM) / 60)} min)`,
      );
      for (const c of SELECTED) {
        for (const side of sidesOf(c)) {
          signal.throwIfAborted();
          await loadgen.run({
            url: urlOf(c, side),
            body: bodyOf(c, side),
            connections: CONNECTIONS,
            seconds: PREWARM,
            warmupSeconds: 0,
          });
        }
      }
    }

    const tallies = new Map<string, Tally>();
    const runs = ROUNDS * SELECTED.reduce((n, c) => n + sidesOf(c).length, 0);
    report(
      `${String(ROUNDS)} interleaved rounds, ${String(runs)} runs of ${String(WARMUP)} s warm-up + ${String(SECONDS)} s, ` +
        `${String(CONNECTIONS)} connections: about ${fmt((runs * (WARMUP + SECONDS + 0.3)) / 60)} min`,
    );
    let done = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of SELECTED) {
        const sides = sidesOf(c);
        // Each round starts with another side, so no side always runs first (or last).
        const order = sides.map((_, i) => sides[(i + round) % sides.length] as Side);
        for (const side of order) {
          signal.throwIfAborted();
          // The three servers share this process and only one side runs at a time: the process's CPU
          // time during a run is that side's (plus a little IPC with the load generator). Per answer
          // it is the server's own work per request, which a machine shared with other jobs slows
          // less than it slows req/s. Neo4j's JVM is a process of its own and not counted.
          const cpuBefore = process.cpuUsage();
          const result: LoadResult = await loadgen.run({
            url: urlOf(c, side),
            body: bodyOf(c, side),
            connections: CONNECTIONS,
            seconds: SECONDS,
            warmupSeconds: WARMUP,
          });
          const cpu = process.cpuUsage(cpuBefore);
          const key = `${c.name}/${side}`;
          const tally = tallies.get(key) ?? {
            latencies: [],
            elapsed: 0,
            rounds: [],
            errors: 0,
            detail: { errors: 0, non2xx: 0, graphqlErrors: 0 },
            cpuMicros: 0,
            answered: 0,
          };
          tally.cpuMicros += cpu.user + cpu.system;
          tally.answered += result.answered;
          tally.latencies.push(...result.latencies);
          tally.elapsed += result.elapsed;
          const sorted = [...result.latencies].sort((a, b) => a - b);
          tally.rounds.push({
            rate: result.latencies.length / result.elapsed,
            p50: percentile(sorted, 50),
            p99: percentile(sorted, 99),
          });
          tally.errors += result.errors + result.non2xx + result.graphqlErrors;
          tally.detail.errors += result.errors;
          tally.detail.non2xx += result.non2xx;
          tally.detail.graphqlErrors += result.graphqlErrors;
          tallies.set(key, tally);
          done++;
          report(
            `[${String(done)}/${String(runs)}] round ${String(round + 1)} ${c.name} ${side}: ` +
              `${fmt(result.latencies.length / result.elapsed, 0)} req/s` +
              (result.errors + result.non2xx + result.graphqlErrors > 0
                ? `, ${String(result.errors)} socket errors, ${String(result.non2xx)} non-2xx, ${String(result.graphqlErrors)} GraphQL errors`
                : ''),
          );
        }
      }
    }

    const LABEL: Record<Side, string> = {
      api: 'API (this service)',
      peer: `peer (${peerName})`,
      floor: 'floor (1 Cypher query)',
    };
    const out: string[] = [
      '',
      `machine: ${machine()}; Neo4j ${neo4jVersion} embedded (1 GiB heap); servers in one process, load generator (autocannon) in a child process, all on the same cores`,
      `run: ${String(ROUNDS)} interleaved rounds × ${String(SECONDS)} s per side and question after ${String(WARMUP)} s of warm-up, ${String(CONNECTIONS)} connections (closed loop), loopback HTTP`,
      'floor: the question as one hand-written Cypher query through the same driver (one auto-commit read per request, as the API) behind a bare node:http handler in the same process: it includes HTTP and JSON, not GraphQL',
      'req/s: all rounds together (min–max of the rounds); p50/p99 over every request of every round; errors: socket errors + non-2xx + answers with GraphQL errors',
      'CPU ms/req: this process’s CPU time while the side ran (user + system, warm-up included) per answer: the server’s own work per request, Neo4j’s excluded',
      'ratios: API ÷ other side, the geometric mean of the rounds’ ratios (sides paired within a round); above 1 for req/s, below 1 for latencies, is the API doing better',
    ];
    const summaryRows: string[][] = [];
    SELECTED.forEach((c, i) => {
      const stats = new Map(
        sidesOf(c).map((side) => {
          const t = tallies.get(`${c.name}/${side}`);
          const sorted = [...(t?.latencies ?? [])].sort((a, b) => a - b);
          const rate = t ? t.latencies.length / t.elapsed : NaN;
          return [side, { t, rate, p50: percentile(sorted, 50), p99: percentile(sorted, 99) }] as const;
        }),
      );
      const rows = sidesOf(c).map((side) => {
        const s = stats.get(side);
        const rates = (s?.t?.rounds ?? []).map((r) => r.rate);
        return [
          LABEL[side],
          `${fmt(s?.rate ?? NaN, 0)} (${fmt(Math.min(...rates), 0)}–${fmt(Math.max(...rates), 0)})`,
          fmt(s?.p50 ?? NaN),
          fmt(s?.p99 ?? NaN),
          s?.t ? errorCell(s.t) : '-',
          String(roundTrips.get(`${c.name}/${side}`) ?? '?'),
          s?.t && s.t.answered > 0 ? fmt(s.t.cpuMicros / 1000 / s.t.answered, 2) : '-',
        ];
      });
      const api = stats.get('api');
      for (const other of ['peer', 'floor'] as const) {
        const o = stats.get(other)?.t;
        if (!api?.t || !o) continue;
        const cpu = (t: Tally): number => t.cpuMicros / Math.max(1, t.answered);
        rows.push([
          `API ÷ ${other}`,
          ratio(api.t, o, 'rate'),
          ratio(api.t, o, 'p50'),
          ratio(api.t, o, 'p99'),
          '',
          '',
          `${fmt(cpu(api.t) / cpu(o), 2)}×`,
        ]);
      }
      out.push('', `${String(i + 1)}. ${c.name} — ${c.title}`, '');
      out.push(table(['side', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'Cypher round trips', 'CPU ms/req'], rows));
      const peerStats = stats.get('peer');
      const floorStats = stats.get('floor');
      summaryRows.push([
        c.name,
        fmt(api?.rate ?? NaN, 0),
        peerStats ? fmt(peerStats.rate, 0) : 'n/a',
        fmt(floorStats?.rate ?? NaN, 0),
        ratio(api?.t, peerStats?.t, 'rate'),
        ratio(api?.t, floorStats?.t, 'rate'),
        ratio(api?.t, peerStats?.t, 'p50'),
        ratio(api?.t, floorStats?.t, 'p50'),
        [
          roundTrips.get(`${c.name}/api`),
          c.peer ? roundTrips.get(`${c.name}/peer`) : undefined,
          roundTrips.get(`${c.name}/floor`),
        ]
          .map((n) => (n === undefined ? '-' : String(n)))
          .join(' / '),
        [api?.t, peerStats?.t, floorStats?.t]
          .map((t) => (t && t.answered > 0 ? fmt(t.cpuMicros / 1000 / t.answered, 2) : '-'))
          .join(' / '),
      ]);
    });
    out.push('', 'All questions', '');
    out.push(
      table(
        [
          'question',
          'API req/s',
          'peer req/s',
          'floor req/s',
          'req/s API÷peer',
          'req/s API÷floor',
          'p50 API÷peer',
          'p50 API÷floor',
          'round trips API / peer / floor',
          'CPU ms/req API / peer / floor',
        ],
        summaryRows,
      ),
    );
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    report('stopping the load generator, the peer and the floor...');
    for (const stop of cleanup.reverse())
      await Promise.resolve()
        .then(stop)
        .catch(() => undefined);
  }
});
