import { QueryLog, type Database } from './db/database.js';
import { createLoaders, type Loaders } from './loaders/index.js';

/** What every resolver receives: the database handle, this request's loaders and its query log. */
export interface Context {
  db: Database;
  loaders: Loaders;
  log: QueryLog;
}

/** A fresh context per request: loaders must not cache across callers. */
export function createContext(db: Database): Context {
  const log = new QueryLog();
  return { db, log, loaders: createLoaders(db, log) };
}
