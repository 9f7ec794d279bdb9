import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Database, exceedsTransactionMemory, openDriver } from '../src/db/database.js';
import { migrate } from '../src/db/migrations.js';
import { mergeNodes, mergeRelations } from '../src/db/seeds.js';
import { EmbeddedNeo4j } from '../src/neo4j/embedded.js';
import { planBatches } from '../src/seed/batches.js';
import { seedFiles } from '../src/seed/files.js';
import { DEFAULT_SEED_DIR, readSeedSet, seed } from '../src/seed/index.js';
import { loadRows, type SeedSet } from '../src/seed/load.js';
import { ownNeo4j } from './helpers.js';

/**
 * The loader against an embedded Neo4j of its own whose transactions may use far less memory than
 * the seeds need in one: loading works in batches, and a load that fails at its very last batch
 * leaves the database exactly as it was.
 */
const CAP = '10m';
const BATCH_ROWS = 500;

const target = ownNeo4j('loader');
const home = target.homeDir;
let neo4j: EmbeddedNeo4j;
let db: Database;

beforeAll(async () => {
  neo4j = await EmbeddedNeo4j.start({ ...target, transactionMemory: CAP });
  db = new Database(openDriver({ uri: neo4j.uri, database: 'neo4j', ...neo4j.credentials() }), 'neo4j', 600_000);
  await migrate(db);
}, 400_000); // a JVM start on a machine that may be busy

afterAll(async () => {
  await db.close();
  await neo4j.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

/** Every node and relationship with its labels or type and properties, as one hash, and the counts. */
async function snapshot(): Promise<{ nodes: number; relationships: number; checksum: string }> {
  const props = await db.read<{ labels: string[]; props: Record<string, unknown> }>(
    'MATCH (n) RETURN labels(n) AS labels, properties(n) AS props',
  );
  const rels = await db.read<{ from: unknown; type: string; to: unknown; props: Record<string, unknown> }>(
    'MATCH (a)-[r]->(b) RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props',
  );
  const canonical = (value: unknown): string =>
    JSON.stringify(value, (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
        : v,
    );
  const lines = [...props.map((p) => canonical([[...p.labels].sort(), p.props])), ...rels.map(canonical)].sort();
  return {
    nodes: props.length,
    relationships: rels.length,
    checksum: createHash('sha256').update(lines.join('\n')).digest('hex'),
  };
}

describe('loading under a small transaction memory cap', () => {
  it('cannot write the seeds in one transaction under the cap', async () => {
    const set = readSeedSet(DEFAULT_SEED_DIR);
    const total = set.entities.length + set.relations.length;
    const attempt = db.writeAll(
      async (run) => {
        for (const batch of planBatches(set, total)) {
          if (batch.kind === 'nodes') await run(mergeNodes(batch.labels, batch.linkType), { rows: batch.rows });
          else await run(mergeRelations(batch.type), { rows: batch.rows });
        }
      },
      undefined,
      { bulk: true, timeoutMs: 600_000 },
    );
    const err: unknown = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(exceedsTransactionMemory(err)).toBe(true);
    expect((await snapshot()).nodes).toBe(1); // the migrations' record only
  }, 600_000);

  it('loads them in batches, reports progress, leaves no undo records, and a second load changes nothing', async () => {
    const lines: string[] = [];
    const counts = await seed(db, DEFAULT_SEED_DIR, {
      batchRows: BATCH_ROWS,
      report: (l) => lines.push(l),
      progressEveryMs: 0,
    });
    const [loaded] = await db.read<{ entities: number; relations: number; bookkeeping: number }>(
      `CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
       CALL () { MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS relations }
       CALL () { MATCH (n) WHERE n:SeedLoad OR n:SeedUndo RETURN count(n) AS bookkeeping }
       RETURN entities, relations, bookkeeping`,
    );
    expect(loaded).toEqual({ entities: counts.entities, relations: counts.relations, bookkeeping: 0 });
    // At progressEveryMs 0: a line per seed file read, the rows read and checked, a line per batch.
    const reading = lines.filter((l) => l.startsWith('Reading '));
    const files = seedFiles(DEFAULT_SEED_DIR);
    expect(reading).toEqual(
      files.map(
        (f, i) => `Reading ${path.relative(DEFAULT_SEED_DIR, f)} (file ${String(i + 1)} of ${String(files.length)})`,
      ),
    );
    const total = (n: number): string => n.toLocaleString('en-US');
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^Read ${total(counts.entities)} entities and ${total(counts.relations)} relationships in [\\d.]+ s; checking them`,
        ),
      ),
    );
    expect(lines.filter((l) => l.startsWith('Loading: ')).length).toBeGreaterThan(10);
    expect(lines.at(-1)).toMatch(/^Loading: 100% \([\d,]+ of [\d,]+ rows\), [\d,]+ rows\/s$/);

    const before = await snapshot();
    await seed(db, DEFAULT_SEED_DIR, { batchRows: BATCH_ROWS });
    expect(await snapshot()).toEqual(before);
  }, 900_000);

  it('leaves the database exactly as it was when the last batch fails at write time', async () => {
    const before = await snapshot();
    const set = readSeedSet(DEFAULT_SEED_DIR);
    const sentence = set.documents[0]?.sentences[0]?.id ?? '';
    const people = set.entities.filter((e) => e.label === 'Person');
    const copied = new Set(people.map((p) => p.id));
    const changed: SeedSet = {
      documents: set.documents,
      entities: [
        // Existing entities with a changed property and a new evidence link…
        ...set.entities.map((e, i) =>
          i % 3 === 0 ? { ...e, props: { ...e.props, nameEn: `changed ${String(i)}` }, evidence: [sentence] } : e,
        ),
        // …and new ones, over many batches.
        ...people.map((p) => ({ ...p, id: `${p.id}-copy` })),
      ],
      relations: [
        ...set.relations.map((r, i) => (i % 4 === 0 ? { ...r, props: { ...r.props, weight: i } } : r)),
        ...set.relations.filter((r) => copied.has(r.from)).map((r) => ({ ...r, from: `${r.from}-copy` })),
      ],
    };
    // The very last row written (relationships come last, RECTIFIES is the last type): one row
    // larger than a transaction may hold, which no validation of the rows looks at.
    const last = changed.relations.findLast((r) => r.type === 'RECTIFIES');
    if (!last) throw new Error('the seeds hold no RECTIFIES relationship');
    last.props = { ...last.props, note: 'x'.repeat(12 * 2 ** 20) };
    last.origin = { file: 'relationships/RECTIFIES.json', line: 12 };

    const attempt = loadRows(db, changed, { batchRows: BATCH_ROWS });
    await expect(attempt).rejects.toThrow(
      /relationships\/RECTIFIES\.json:12: this row alone needs more memory than one Neo4j transaction may use\. Raise NEO4J_TRANSACTION_MAX_MEMORY/,
    );
    await expect(attempt).rejects.toThrow(/the database is as it was before it/);
    expect(await snapshot()).toEqual(before);
  }, 900_000);
});
