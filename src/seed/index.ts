import path from 'node:path';

import { projectRoot } from '../config.js';
import type { Database } from '../db/database.js';
import { readDivisions } from './divisions.js';
import { loadRows, type LoadCounts } from './load.js';

export const DEFAULT_SEED_DIR = path.join(projectRoot, 'seeds');

/** Loads every seed file of `dir` (default: the project's seeds/). Idempotent. */
export async function seed(db: Database, dir = DEFAULT_SEED_DIR): Promise<LoadCounts> {
  const divisions = readDivisions(path.join(dir, 'divisions.csv'));
  return loadRows(db, divisions.entities, divisions.relations);
}

/** True when the database holds no entity yet, so `npm start` knows to seed it. */
export async function isEmpty(db: Database): Promise<boolean> {
  const [row] = await db.read<{ n: number }>('MATCH (n:Entity) RETURN count(n) AS n');
  return (row?.n ?? 0) === 0;
}
