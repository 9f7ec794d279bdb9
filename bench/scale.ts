import { parseArgs } from 'node:util';

import { integer, type Database } from '../src/db/database.js';
import { cursorOf } from '../src/resolvers/connection.js';
import { listScope } from '../src/resolvers/lists.js';
import { interruptible, percentile, startSeededSide, table, type SeededSide } from './harness.js';
import { copySeeds } from './province.js';

// `npm run bench:scale`: how the query mix slows down when the graph grows. Two throwaway
// embedded Neo4j databases, one with the seeds (1×) and one with the seeds and `--copies` - 1
// synthetic copies of them (a province of as many counties), each behind its own API; every
// operation is asked of both in turn, alternated round by round, and the p50s and their ratio
// printed. An operation meets the target when its p50 at scale is at most twice its 1× figure.
//
//   npm run bench:scale -- [--copies 100] [--rounds 30] [--warmup 5] [--only name,name]

const { values } = parseArgs({
  options: {
    copies: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    only: { type: 'string' },
  },
});
const copies = Number(values.copies);
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);

const VILLAGE = 'Village:620423101203';
const OTHER_VILLAGE = 'Village:620423203201';
const TOWNSHIP = 'Township:620423101000';
const COUNTY = 'County:620423000000';

/**
 * The query mix: what an analyst of one county asks, whatever else the graph holds. A deep page
 * starts after a cursor that names a person far down the list: the 1,000th on both sides, and the
 * one halfway down, so on the province 100 times deeper.
 */
const MIX: { name: string; query: string | ((side: Side) => string) }[] = [
  { name: 'node', query: `{ node(id: "${VILLAGE}") { id ... on Village { name code township { name } } } }` },
  {
    name: 'villages of a township by income, with count',
    query: `{ villages(where: { township: "${TOWNSHIP}", collectiveIncomeMin: 50000 }, first: 20) { totalCount edges { node { name } } } }`,
  },
  {
    name: 'villages of a township by organisation, with count',
    query: `{ villages(where: { township: "${TOWNSHIP}", partyOrganization: { leadsCooperatives: true } }, first: 20) { totalCount edges { node { name } } } }`,
  },
  {
    name: 'deep page of people',
    query: (side: Side) => `{ people(first: 20, after: "${side.cursors.thousandth}") { edges { node { id name } } } }`,
  },
  {
    name: 'page of people halfway down',
    query: (side: Side) => `{ people(first: 20, after: "${side.cursors.halfway}") { edges { node { id name } } } }`,
  },
  {
    name: 'chains, first page',
    query: '{ chains(preset: BRANCH_ENTERPRISE_BASE, first: 22) { edges { node { nodes { id name } } } } }',
  },
  {
    name: 'chains within a township, with count',
    query: `{ chains(preset: BRANCH_COOPERATIVE_BASE, within: "${TOWNSHIP}", first: 20) { totalCount edges { node { nodes { id name } } } } }`,
  },
  { name: 'search 城北 (Chinese)', query: '{ search(text: "城北") { score entity { id name synthetic } } }' },
  { name: 'search chengbei (pinyin)', query: '{ search(text: "chengbei") { score entity { id name synthetic } } }' },
  { name: 'paths', query: `{ paths(from: "${VILLAGE}", to: "${OTHER_VILLAGE}") { length nodes { id } } }` },
  {
    name: 'network depth 2',
    query: `{ network(ids: ["${VILLAGE}"], depth: 2, limit: 200) { truncated nodes { entityId } edges { source target } } }`,
  },
  { name: 'figures', query: '{ figures { key computed consistent } }' },
  {
    name: 'people by role and year in the county, with count',
    query: `{ people(where: { role: PARTY_SECRETARY, during: 2019, within: "${COUNTY}" }, first: 20) { totalCount edges { node { id name } } } }`,
  },
].filter((op) => !values.only || values.only.split(',').some((o) => op.name.startsWith(o.trim())));

interface Side extends SeededSide {
  label: string;
  /** Cursors of people down the list: the 1,000th and the one halfway (people are paged by id). */
  cursors: { thousandth: string; halfway: string };
}

/** The cursor of the person at `offset` in id order, as the API issues it. */
async function personCursor(db: Database, offset: number): Promise<string> {
  const [row] = await db.read<{ id: string }>(
    'MATCH (n:Person) WHERE n.id IS NOT NULL RETURN n.id AS id ORDER BY n.id SKIP $offset LIMIT 1',
    { offset: integer(offset) },
  );
  if (!row) throw new Error(`no person at ${String(offset)}`);
  return cursorOf(listScope('Person', ['n.id']), [row.id]);
}

/** One side: the seeds and `extraCopies` synthetic copies of them, behind its own API. */
async function start(
  label: string,
  extraCopies: number,
  report: (line: string) => void,
  signal: AbortSignal,
): Promise<Side> {
  const say = (line: string): void => report(`${label}: ${line}`);
  const side = await startSeededSide(
    'scale',
    {
      pageCache: '512m',
      transactionTimeout: '600s',
      // A busy machine must not turn a slow answer into a failed one: the figures over a province
      // can take longer than a request may by default.
      operationTimeoutMs: 120_000,
      load: async (db, _report, stopped) => {
        if (extraCopies > 0) await copySeeds(db, extraCopies, say, stopped);
        const [row] = await db.read<{ entities: number; relationships: number }>(
          'CALL () { MATCH (n:Entity) RETURN count(n) AS entities } CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } RETURN entities, relationships',
        );
        say(`${String(row?.entities)} entities, ${String(row?.relationships)} relationships`);
      },
    },
    say,
    signal,
  );
  const [people] = await side.db.read<{ n: number }>('MATCH (n:Person) RETURN count(n) AS n');
  const cursors = {
    thousandth: await personCursor(side.db, 999),
    halfway: await personCursor(side.db, Math.floor((people?.n ?? 0) / 2)),
  };
  return { ...side, label, cursors };
}

/** One request: its time in ms; an error in the answer stops the run. */
async function ask(side: Side, query: string, signal: AbortSignal): Promise<{ ms: number; data: unknown }> {
  const started = performance.now();
  const response = await fetch(side.server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    signal,
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
  const ms = performance.now() - started;
  if (body.errors) throw new Error(`${side.label}: ${query}: ${body.errors.map((e) => e.message).join('; ')}`);
  return { ms, data: body.data };
}

/** The first hit of a search answer, to check that the real entity still ranks first. */
function firstHit(data: unknown): string {
  const hits = (data as { search: { entity: { name: string; synthetic: boolean } }[] }).search;
  const hit = hits[0]?.entity;
  return hit ? `${hit.name}${hit.synthetic ? ' (synthetic)' : ' (real)'}` : 'nothing';
}

await interruptible('scale', async (report, signal) => {
  report(
    `${String(MIX.length)} operations, 1× against ${String(copies)}×, ${String(rounds)} rounds after ${String(warmup)}`,
  );
  const sides: Side[] = [];
  try {
    sides.push(await start('1×', 0, report, signal));
    sides.push(await start(`${String(copies)}×`, copies - 1, report, signal));
    const [one, many] = sides as [Side, Side];
    const times = new Map(MIX.map((op) => [op.name, { one: [] as number[], many: [] as number[] }]));
    for (let round = 0; round < warmup + rounds; round++) {
      for (const op of MIX) {
        // Alternated: which side goes first changes every round.
        const order = round % 2 === 0 ? [one, many] : [many, one];
        for (const side of order) {
          const { ms, data } = await ask(side, typeof op.query === 'string' ? op.query : op.query(side), signal);
          if (round === 0 && op.name.startsWith('search'))
            report(`${side.label} ${op.name}: first hit ${firstHit(data)}`);
          if (round < warmup) continue;
          const t = times.get(op.name);
          (side === one ? t?.one : t?.many)?.push(ms);
        }
      }
      if ((round + 1) % 5 === 0) report(`round ${String(round + 1)}/${String(warmup + rounds)}`);
    }
    const rows = MIX.map((op) => {
      const t = times.get(op.name) ?? { one: [], many: [] };
      const [a, b] = [
        percentile(
          t.one.sort((x, y) => x - y),
          50,
        ),
        percentile(
          t.many.sort((x, y) => x - y),
          50,
        ),
      ];
      const ratio = b / a;
      return [op.name, a.toFixed(1), b.toFixed(1), `${ratio.toFixed(1)}×`, ratio <= 2 ? 'yes' : 'no'];
    });
    console.log(table(['operation', 'p50 1× (ms)', `p50 ${String(copies)}× (ms)`, 'ratio', '≤ 2×'], rows));
  } finally {
    for (const side of sides.reverse()) await side.stop();
  }
});
