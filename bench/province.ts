import type { Database } from '../src/db/database.js';
import { ENTITY_LABELS, RELATION_TYPES } from '../src/model/kinds.js';

// A synthetic province for the scale benchmark: the loaded seeds copied `copies` times inside the
// database, each copy's ids and codes made distinct and every copied node and relationship marked
// `synthetic: true`. Names stay as they are (a copy of 城北村 is a synthetic 城北村): the worst case
// for a search that must still put the real one first. Labels and types come from the allow-lists
// of src/model/kinds.ts; the copy number is a parameter.

/** Copies done per transaction: tens of thousands of nodes at most, far below the transaction memory cap. */
const BATCH = 20;

const copyId = (expression: string): string => `${expression} + '-x' + toString(toInteger(k))`;

// The copy's code: the province's two digits, then a four-digit number of the copy (from 5000, so
// no copy takes the real 0423), then the rest of the 12-digit code.
const copyCode = (expression: string): string =>
  `CASE WHEN ${expression} IS NULL THEN null ELSE substring(${expression}, 0, 2) + toString(5000 + toInteger(k)) + substring(${expression}, 6) END`;

// The originals are found by id (an index lookup each), so each batch costs the same however many
// copies the database already holds.
const copyNodes = (label: string): string => `UNWIND $copies AS k
  UNWIND $ids AS id
  MATCH (n:Node:Entity:${label} {id: id})
  CREATE (c:Node:Entity:${label})
  SET c = n {.*, id: ${copyId('n.id')}, code: ${copyCode('n.code')}, synthetic: true, copy: k}`;

const copyRelations = (type: string): string => `UNWIND $ids AS id
  MATCH (a:Node {id: id})-[r:${type}]->(b:Entity) WHERE b.copy IS NULL
  UNWIND $copies AS k
  MATCH (ca:Node {id: ${copyId('a.id')}}), (cb:Node {id: ${copyId('b.id')}})
  CREATE (ca)-[c:${type}]->(cb)
  SET c = r {.*, id: ${copyId('coalesce(r.id, elementId(r))')}, synthetic: true}`;

/**
 * Adds `copies` synthetic copies of the loaded entities and their relationships, with progress;
 * stops between batches when `signal` fires.
 */
export async function copySeeds(
  db: Database,
  copies: number,
  report: (line: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  const started = Date.now();
  const originals = await db.read<{ label: string; ids: string[] }>(
    'MATCH (n:Entity) WHERE n.copy IS NULL RETURN n.kind AS label, collect(n.id) AS ids',
  );
  const ids = originals.flatMap((o) => o.ids);
  for (let from = 1; from <= copies; from += BATCH) {
    signal?.throwIfAborted();
    const batch = Array.from({ length: Math.min(BATCH, copies - from + 1) }, (_, i) => from + i);
    const options = { timeoutMs: 600_000 };
    for (const label of ENTITY_LABELS) {
      const ofLabel = originals.find((o) => o.label === label)?.ids ?? [];
      await db.write(copyNodes(label), { copies: batch, ids: ofLabel }, undefined, options);
    }
    for (const type of RELATION_TYPES) await db.write(copyRelations(type), { copies: batch, ids }, undefined, options);
    const done = batch.at(-1) ?? from;
    const seconds = (Date.now() - started) / 1000;
    report(
      `copied ${String(done)}/${String(copies)} (${((100 * done) / copies).toFixed(0)} %, ${seconds.toFixed(0)} s, ` +
        `${(done / seconds).toFixed(1)} copies/s)`,
    );
  }
}
