import { randomUUID } from 'node:crypto';

import type { ArticleCounts } from './invariants.js';
import { exceedsTransactionMemory, integer, type Database } from '../db/database.js';
import {
  COMMIT_LOAD,
  mergeNodes,
  mergeRelations,
  readNodes,
  readRelations,
  RECORD_UNDO,
  START_LOAD,
} from '../db/seeds.js';
import type { SourceDocumentRow } from './documents.js';
import {
  BATCH_ROWS,
  diffNodes,
  groupBatches,
  diffRelations,
  planBatches,
  rowsOf,
  type Batch,
  type StoredNode,
  type StoredRelation,
} from './batches.js';
import { memoryLimitMessage, rowPlace, SeedLoadError, SeedRowError } from './errors.js';
import { ProgressReporter } from './progress.js';
import type { EntityRow, RelationRow } from './rows.js';
import { finishLoad, undoLoad, type UndoRecord } from './undo.js';

export interface LoadCounts {
  documents: number;
  sentences: number;
  entities: number;
  relations: number;
}

export interface SeedSet {
  documents: SourceDocumentRow[];
  entities: EntityRow[];
  relations: RelationRow[];
  /** The article's counts the per-year invariants compare with, when the set is generated. */
  articleCounts?: ArticleCounts;
}

export interface LoadOptions {
  /** Rows per batch, each batch one transaction (BATCH_ROWS). */
  batchRows?: number;
  /** Receives progress lines ("Loading: 45% …"); without it the load is quiet. */
  report?: (line: string) => void;
  /** How often a progress line is reported at most. */
  progressEveryMs?: number;
  /** What the load is of, recorded with it (the seed folder). */
  source?: string;
}

type Run = (cypher: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>[]>;

/** One batch's transaction can take a while on a busy machine; far less than the old single one. */
const BATCH_TIMEOUT_MS = 300_000;

/** Writes one batch and its undo record in one transaction; returns whether it wrote anything. */
async function writeBatch(run: Run, load: string, seq: number, batch: Batch): Promise<boolean> {
  let undo: UndoRecord;
  let write: () => Promise<void>;
  if (batch.kind === 'nodes') {
    const found = await run(readNodes(batch.linkType), { ids: batch.rows.map((r) => r.id) });
    const stored = new Map(found.map((r) => [String(r.id), r as unknown as StoredNode]));
    const diff = diffNodes(batch.rows, batch.labels, stored);
    if (diff.write.length === 0) return false;
    undo = {
      seq,
      kind: 'nodes',
      labels: batch.labels,
      type: batch.linkType,
      created: diff.created,
      restore: diff.restore.map((r) => JSON.stringify(r)),
      links: diff.links.map((l) => JSON.stringify(l)),
    };
    write = async () => {
      await run(mergeNodes(batch.labels, batch.linkType), {
        rows: diff.write.map((r) => ({ id: r.id, props: r.props, links: r.links })),
      });
    };
  } else {
    const found = await run(readRelations(batch.type), {
      rows: batch.rows.map((r) => ({ id: r.id, from: r.from, to: r.to })),
    });
    const stored = new Map(found.map((r) => [String(r.id), r as unknown as StoredRelation]));
    const diff = diffRelations(batch.rows, stored);
    const first = diff.missing[0];
    if (first) {
      const message = `${String(diff.missing.length)} ${batch.type} relationship(s) name a missing entity, e.g. ${first.from} -> ${first.to}`;
      if (first.origin) throw new SeedRowError(first.origin.file, first.origin.line, message);
      throw new Error(message);
    }
    if (diff.write.length === 0) return false;
    undo = {
      seq,
      kind: 'relations',
      labels: [],
      type: batch.type,
      created: diff.created.map((r) => JSON.stringify(r)),
      restore: diff.restore.map((r) => JSON.stringify(r)),
      links: [],
    };
    write = async () => {
      const [row] = await run(mergeRelations(batch.type), {
        rows: diff.write.map((r) => ({ id: r.id, from: r.from, to: r.to, props: r.props })),
      });
      // Both ends were there when the batch read them; a concurrent delete is all that takes one away.
      if (row?.merged !== diff.write.length)
        throw new Error(`${batch.what}: an end of a relationship vanished while loading`);
    };
  }
  await run(RECORD_UNDO, { load, undo: { ...undo, seq: integer(seq) } });
  await write();
  return true;
}

/**
 * Writes a group of batches in one transaction, each with its undo record; when Neo4j refuses it
 * for its memory, writes its batches one by one, and a batch as two halves, down to one row,
 * which it then names with the setting to raise. Returns the next undo sequence number.
 */
async function writeFitting(db: Database, load: string, seq: number, group: Batch[]): Promise<number> {
  try {
    let next = seq;
    await db.writeAll(
      async (run) => {
        next = seq;
        for (const batch of group) {
          if (await writeBatch(run, load, next, batch)) next += 1;
        }
      },
      undefined,
      { timeoutMs: BATCH_TIMEOUT_MS, bulk: true },
    );
    return next;
  } catch (err) {
    if (!exceedsTransactionMemory(err)) throw err;
    let parts: Batch[][];
    const [only] = group;
    if (group.length > 1 || !only) {
      parts = group.map((batch) => [batch]);
    } else {
      const [row, ...more] = only.rows;
      if (row && more.length === 0) throw new Error(memoryLimitMessage(rowPlace(row)), { cause: err });
      const half = Math.ceil(only.rows.length / 2);
      parts = [only.rows.slice(0, half), only.rows.slice(half)].map((rows) => [{ ...only, rows } as Batch]);
    }
    let next = seq;
    for (const part of parts) next = await writeFitting(db, load, next, part);
    return next;
  }
}

/**
 * Merges documents, entities and relationships by id, in batches of `batchRows` rows, each its
 * own transaction holding its undo record; all or nothing at any size: when a batch fails, the
 * batches before it are undone (src/seed/undo.ts), and the load is kept only once the last one
 * has committed. Rows that would change nothing are not written: running it twice yields the
 * same graph and writes nothing the second time. A relationship naming a missing entity fails the
 * load, naming its file and line.
 */
export async function loadRows(db: Database, set: SeedSet, options: LoadOptions = {}): Promise<LoadCounts> {
  const size = options.batchRows ?? BATCH_ROWS;
  const total = rowsOf(set);
  const progress = options.report && new ProgressReporter(total, options.report, options.progressEveryMs);
  const load = randomUUID();
  await db.write(START_LOAD, { id: load, source: options.source ?? null });
  let seq = 0;
  let current: string | undefined;
  try {
    for (const group of groupBatches(planBatches(set, size), size)) {
      current = group.length === 1 ? group[0]?.what : `${String(group[0]?.what)} … ${String(group.at(-1)?.what)}`;
      seq = await writeFitting(db, load, seq, group);
      progress?.advance(group.reduce((n, b) => n + b.rows.length, 0));
    }
    await db.write(COMMIT_LOAD, { id: load });
  } catch (err) {
    const failure =
      err instanceof SeedRowError || !current
        ? err
        : new Error(`While writing ${current}: ${err instanceof Error ? err.message : String(err)}`, {
            cause: err,
          });
    try {
      await undoLoad(db, load);
    } catch (undoErr) {
      throw new SeedLoadError(failure, false, undoErr);
    }
    throw new SeedLoadError(failure, true);
  }
  await finishLoad(db, load);
  return {
    documents: set.documents.length,
    sentences: set.documents.reduce((n, d) => n + d.sentences.length, 0),
    entities: set.entities.length,
    relations: set.relations.length,
  };
}
