import type { ArticleCounts } from './invariants.js';
import type { Database } from '../db/database.js';
import { MERGE_DOCUMENT, MERGE_SENTENCES, mergeEntities, mergeRelations } from '../db/seeds.js';
import { ENTITY_LABELS, RELATION_TYPES } from '../model/kinds.js';
import type { SourceDocumentRow } from './documents.js';
import { relationId, type EntityRow, type RelationRow } from './rows.js';

const BATCH = 1000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

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

type Run = (cypher: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>[]>;

async function writeDocuments(run: Run, documents: SourceDocumentRow[]): Promise<void> {
  for (const doc of documents) {
    const { sentences, ...props } = doc;
    await run(
      MERGE_DOCUMENT,
      // Optional metadata is undefined at runtime when absent; Neo4j takes no undefined values.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      { doc: Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) },
    );
    await run(MERGE_SENTENCES, { documentId: doc.id, sentences });
  }
}

async function writeEntities(run: Run, entities: EntityRow[]): Promise<void> {
  // Labels and types come from the allow-lists, never from the rows: a row only selects one.
  for (const label of ENTITY_LABELS) {
    const rows = entities.filter((e) => e.label === label);
    for (const batch of chunks(rows, BATCH)) {
      await run(mergeEntities(label), {
        rows: batch.map((r) => ({ id: r.id, props: r.props, evidence: r.evidence ?? [] })),
        label,
      });
    }
  }
}

async function writeRelations(run: Run, relations: RelationRow[]): Promise<void> {
  for (const type of RELATION_TYPES) {
    const rows = relations.filter((r) => r.type === type);
    for (const batch of chunks(rows, BATCH)) {
      const result = await run(mergeRelations(type), {
        rows: batch.map((r) => ({ id: relationId(r), from: r.from, to: r.to, props: r.props })),
      });
      const missing = result.filter((r) => r.ok !== true);
      const first = missing[0];
      if (first) {
        throw new Error(
          `${String(missing.length)} ${type} relationship(s) name a missing entity, e.g. ${String(first.from)} -> ${String(first.to)}`,
        );
      }
    }
  }
}

/**
 * Merges documents, entities and relationships by id in one write transaction, batched with
 * UNWIND. Running it twice yields the same graph; a relationship naming a missing entity aborts
 * the whole load, so nothing is half-written.
 */
export async function loadRows(db: Database, set: SeedSet): Promise<LoadCounts> {
  await db.writeAll(
    async (run) => {
      await writeDocuments(run, set.documents);
      await writeEntities(run, set.entities);
      await writeRelations(run, set.relations);
    },
    undefined,
    // One bulk transaction, run once per database; on a busy machine (CI, or instances starting
    // together on one host) it has taken longer than two minutes.
    { timeoutMs: 600_000 },
  );
  return {
    documents: set.documents.length,
    sentences: set.documents.reduce((n, d) => n + d.sentences.length, 0),
    entities: set.entities.length,
    relations: set.relations.length,
  };
}
