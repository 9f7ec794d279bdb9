import type { LinkType, LoadLabel } from '../db/seeds.js';
import { ENTITY_LABELS, EVIDENCE_TYPE, RELATION_TYPES, type RelationType } from '../model/kinds.js';
import type { SeedSet } from './load.js';
import { relationId, type PropertyValue, type RowOrigin } from './rows.js';

/** Rows one batch writes at most, each batch in a transaction of its own. */
export const BATCH_ROWS = 2_000;

/** A node to merge by id: its properties as stored and the ids its link type reaches. */
export interface NodeRow {
  id: string;
  props: Record<string, PropertyValue>;
  links: string[];
  origin?: RowOrigin;
}

/** A relationship to merge by its id between two entities. */
export interface RelRow {
  id: string;
  from: string;
  to: string;
  props: Record<string, PropertyValue>;
  origin?: RowOrigin;
}

/** One transaction's worth of rows of one kind, and how to name it in messages. */
export type Batch =
  | { kind: 'nodes'; labels: LoadLabel[]; linkType: LinkType; rows: NodeRow[]; what: string }
  | { kind: 'relations'; type: RelationType; rows: RelRow[]; what: string };

/** Consecutive slices of at most `size` items (the last one shorter). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`batch size must be a positive integer, got ${String(size)}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** "Village rows 2,001–4,000 of 13,600": which rows of a kind a batch holds. */
export function describeSlice(name: string, start: number, count: number, total: number): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  return count === total
    ? `${name} rows (${n(total)})`
    : `${name} rows ${n(start + 1)}–${n(start + count)} of ${n(total)}`;
}

function* sliced<R>(name: string, rows: R[], size: number, make: (rows: R[], what: string) => Batch): Generator<Batch> {
  let i = 0;
  for (const part of chunks(rows, size)) {
    yield make(part, describeSlice(name, i * size, part.length, rows.length));
    i += 1;
  }
}

/** Leaves out what is undefined (optional metadata absent at runtime): Neo4j takes no undefined values. */
function defined(record: Record<string, unknown>): Record<string, PropertyValue> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Record<string, PropertyValue>;
}

/** Rows a set's batches hold in all: its documents, sentences, entities and relationships. */
export function rowsOf(set: SeedSet): number {
  const sentences = set.documents.reduce((n, d) => n + d.sentences.length, 0);
  return set.documents.length + sentences + set.entities.length + set.relations.length;
}

/**
 * The whole set as batches in the order they are written: documents, their sentences, entities
 * kind by kind, then relationships type by type (so every batch finds what it links to written).
 * Lazily, one kind at a time: the rows of a kind are shaped for writing only when its turn comes,
 * so a province's load holds its input once, not twice.
 */
export function* planBatches(set: SeedSet, size = BATCH_ROWS): Generator<Batch> {
  const documents: NodeRow[] = set.documents.map((doc) => {
    const props: Record<string, unknown> = { ...doc };
    delete props.sentences;
    delete props.id;
    return { id: doc.id, props: { ...defined(props), kind: 'SourceDocument', synthetic: false }, links: [] };
  });
  yield* sliced('SourceDocument', documents, size, (rows, what) => ({
    kind: 'nodes',
    labels: ['SourceDocument'],
    linkType: 'IN_DOCUMENT',
    rows,
    what,
  }));
  const sentences: NodeRow[] = set.documents.flatMap((d) =>
    d.sentences.map((s) => ({
      id: s.id,
      props: { kind: 'Sentence', index: s.index, text: s.text, documentId: s.documentId, synthetic: false },
      links: [s.documentId],
    })),
  );
  yield* sliced('Sentence', sentences, size, (rows, what) => ({
    kind: 'nodes',
    labels: ['Sentence'],
    linkType: 'IN_DOCUMENT',
    rows,
    what,
  }));
  // Labels and types come from the allow-lists, never from the rows: a row only selects one.
  for (const label of ENTITY_LABELS) {
    const rows: NodeRow[] = set.entities
      .filter((e) => e.label === label)
      .map((e) => ({
        id: e.id,
        props: { ...e.props, kind: label },
        links: e.evidence ?? [],
        ...(e.origin ? { origin: e.origin } : {}),
      }));
    yield* sliced(label, rows, size, (part, what) => ({
      kind: 'nodes',
      labels: ['Entity', label],
      linkType: EVIDENCE_TYPE,
      rows: part,
      what,
    }));
  }
  for (const type of RELATION_TYPES) {
    const rows: RelRow[] = set.relations
      .filter((r) => r.type === type)
      .map((r) => ({
        id: relationId(r),
        from: r.from,
        to: r.to,
        props: r.props,
        ...(r.origin ? { origin: r.origin } : {}),
      }));
    yield* sliced(type, rows, size, (part, what) => ({ kind: 'relations', type, rows: part, what }));
  }
}

/**
 * Consecutive batches joined into one transaction while their rows together stay within `size`:
 * the many small kinds of a county's seeds then share a few transactions instead of one each.
 */
export function* groupBatches(batches: Iterable<Batch>, size = BATCH_ROWS): Generator<Batch[]> {
  let group: Batch[] = [];
  let rows = 0;
  for (const batch of batches) {
    if (group.length > 0 && rows + batch.rows.length > size) {
      yield group;
      group = [];
      rows = 0;
    }
    group.push(batch);
    rows += batch.rows.length;
  }
  if (group.length > 0) yield group;
}
/** Whether two stored values are the same (null and absent are: Neo4j stores no nulls). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null) return b === undefined || b === null;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return a === b;
}

/** Whether setting `props` (`SET x += props`) on what holds `stored` would change any property. */
export function changes(stored: Record<string, unknown>, props: Record<string, PropertyValue>): boolean {
  return Object.entries(props).some(([key, value]) => !sameValue(stored[key], value));
}

/** A node of a batch as the database holds it before the batch. */
export interface StoredNode {
  props: Record<string, unknown>;
  labels: string[];
  links: string[];
}

/** What a batch of nodes must write, and its undo: created ids, prior states, links added. */
export interface NodeDiff {
  write: NodeRow[];
  created: string[];
  restore: { id: string; props: Record<string, unknown>; labels: string[] }[];
  links: [string, string][];
}

/**
 * Compares a batch of node rows with what the database holds: rows that would change nothing are
 * not written (re-loading the same seeds writes nothing), and for the others the undo record says
 * how to put the database back as it was.
 */
export function diffNodes(rows: NodeRow[], labels: readonly string[], stored: Map<string, StoredNode>): NodeDiff {
  const diff: NodeDiff = { write: [], created: [], restore: [], links: [] };
  for (const row of rows) {
    const before = stored.get(row.id);
    if (!before) {
      diff.created.push(row.id);
      diff.write.push(row);
      continue;
    }
    const added = row.links.filter((to) => !before.links.includes(to));
    const changed = changes(before.props, row.props) || labels.some((l) => !before.labels.includes(l));
    if (changed) diff.restore.push({ id: row.id, props: before.props, labels: before.labels });
    diff.links.push(...added.map((to): [string, string] => [row.id, to]));
    if (changed || added.length > 0) diff.write.push(row);
  }
  return diff;
}

/** A relationship of a batch as the database sees it before the batch. */
export interface StoredRelation {
  hasFrom: boolean;
  hasTo: boolean;
  /** Its properties, or null when it does not exist yet. */
  props: Record<string, unknown> | null;
}

/** What a batch of relationships must write, and its undo. */
export interface RelationDiff {
  write: RelRow[];
  created: { from: string; id: string }[];
  restore: { from: string; id: string; props: Record<string, unknown> }[];
  /** Rows with an end that is no entity of the database (a failure validation could not foresee). */
  missing: RelRow[];
}

export function diffRelations(rows: RelRow[], stored: Map<string, StoredRelation>): RelationDiff {
  const diff: RelationDiff = { write: [], created: [], restore: [], missing: [] };
  for (const row of rows) {
    const before = stored.get(row.id);
    if (!before?.hasFrom || !before.hasTo) {
      diff.missing.push(row);
    } else if (!before.props) {
      diff.created.push({ from: row.from, id: row.id });
      diff.write.push(row);
    } else if (changes(before.props, row.props)) {
      diff.restore.push({ from: row.from, id: row.id, props: before.props });
      diff.write.push(row);
    }
  }
  return diff;
}
