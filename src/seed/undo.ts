import type { Database } from '../db/database.js';
import {
  DELETE_LOAD,
  DELETE_UNDO,
  DROP_UNDO_RECORDS,
  LAST_UNDO,
  UNDO_CREATED_NODES,
  undoChangedNodes,
  undoChangedRelations,
  undoCreatedRelations,
  undoLinks,
  UNFINISHED_LOADS,
  type LinkType,
  type LoadLabel,
} from '../db/seeds.js';
import { integer } from '../db/database.js';
import { ENTITY_LABELS, isRelationType } from '../model/kinds.js';

/**
 * A batch's undo record as stored on its `:SeedUndo` node, written in the batch's own transaction:
 * what the batch created, and what it changed as it was before. Lists of JSON text, since a Neo4j
 * property holds no maps.
 */
export interface UndoRecord {
  seq: number;
  kind: 'nodes' | 'relations';
  /** Nodes: the labels the batch set; relationships: none. */
  labels: string[];
  /** Nodes: the type of their links; relationships: their type. */
  type: string;
  /** Nodes: ids; relationships: JSON {from, id}. */
  created: string[];
  /** JSON {id, props, labels} of nodes, or {from, id, props} of relationships. */
  restore: string[];
  /** Nodes: JSON [from, to] of links added to nodes that existed. */
  links: string[];
}

/** A batch's undo is as large as the batch; its transaction gets as long. */
const UNDO_TIMEOUT_MS = 600_000;

const LOAD_LABELS = new Set<string>([...ENTITY_LABELS, 'Entity', 'SourceDocument', 'Sentence']);
const LINK_TYPES = new Set<string>(['EVIDENCED_BY', 'IN_DOCUMENT']);

function loadLabels(labels: string[]): LoadLabel[] {
  // Read back from the database, and spliced into Cypher: only from the allow-list.
  const bad = labels.find((l) => !LOAD_LABELS.has(l));
  if (bad !== undefined) throw new Error(`an undo record names the label ${bad}, which no load writes`);
  return labels as LoadLabel[];
}

function linkType(type: string): LinkType {
  if (!LINK_TYPES.has(type)) throw new Error(`an undo record names the link type ${type}, which no load writes`);
  return type as LinkType;
}

const parsed = (items: string[]): unknown[] => items.map((item) => JSON.parse(item) as unknown);

/**
 * Undoes the load `load` batch by batch, newest first, each batch's undo in one transaction with
 * the deletion of its record: interrupted, it resumes where it stopped.
 */
export async function undoLoad(db: Database, load: string): Promise<void> {
  for (;;) {
    const [row] = await db.read<{ undo: UndoRecord }>(LAST_UNDO, { load }, undefined, { timeoutMs: UNDO_TIMEOUT_MS });
    if (!row) break;
    const undo = row.undo;
    await db.writeAll(
      async (run) => {
        if (undo.kind === 'nodes') {
          const type = linkType(undo.type);
          if (undo.links.length > 0) await run(undoLinks(type), { links: parsed(undo.links) });
          if (undo.restore.length > 0) {
            await run(undoChangedNodes(loadLabels(undo.labels)), { rows: parsed(undo.restore) });
          }
          if (undo.created.length > 0) await run(UNDO_CREATED_NODES, { ids: undo.created });
        } else {
          if (!isRelationType(undo.type)) throw new Error(`an undo record names the type ${undo.type}`);
          if (undo.created.length > 0) await run(undoCreatedRelations(undo.type), { rows: parsed(undo.created) });
          if (undo.restore.length > 0) await run(undoChangedRelations(undo.type), { rows: parsed(undo.restore) });
        }
        await run(DELETE_UNDO, { load, seq: integer(undo.seq) });
      },
      undefined,
      { timeoutMs: UNDO_TIMEOUT_MS },
    );
  }
  await db.write(DELETE_LOAD, { id: load });
}

/** Drops the undo records of a committed load, a few hundred per transaction, then the load. */
export async function finishLoad(db: Database, load: string): Promise<void> {
  for (;;) {
    const [row] = await db.write<{ deleted: number }>(DROP_UNDO_RECORDS, { load, limit: integer(200) }, undefined, {
      timeoutMs: UNDO_TIMEOUT_MS,
    });
    if (!row || row.deleted === 0) break;
  }
  await db.write(DELETE_LOAD, { id: load });
}

/**
 * Settles loads a crash left behind: one that was running is undone, one that was committed is
 * cleaned up. Call it where no other load can be running (under the start-up lock).
 */
export async function settleUnfinishedLoads(
  db: Database,
  report: (line: string) => void = () => undefined,
): Promise<void> {
  const loads = await db.read<{ id: string; state: string; source: string | null }>(UNFINISHED_LOADS);
  for (const load of loads) {
    if (load.state === 'committed') {
      await finishLoad(db, load.id);
    } else {
      report(`Undoing an unfinished seed load of ${load.source ?? 'rows'} (${load.id})...`);
      await undoLoad(db, load.id);
    }
  }
}
