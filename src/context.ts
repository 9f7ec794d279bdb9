import { randomUUID } from 'node:crypto';

import { ANONYMOUS, type Caller } from './auth/index.js';
import { QueryLog, type Database } from './db/database.js';
import type { PlanCache } from './db/planner/cache.js';
import { createLoaders, type Loaders } from './loaders/index.js';

/** What every resolver receives: the database handle, this request's loaders and its query log. */
export interface Context {
  db: Database;
  loaders: Loaders;
  log: QueryLog;
  /** Echoed in the `x-request-id` header and in every log line of the request. */
  requestId: string;
  /** Who is calling, from the Authorization header. */
  caller: Caller;
  /** Root fields are compiled into one Cypher query; off, every level loads through the loaders. */
  planner: boolean;
  /**
   * Runs `done` once the answer has left the server (written out, or its connection closed); absent
   * when the operation is not answered over HTTP, and then the answer is ready when it is sent.
   */
  answered?: (done: () => void) => void;
  /** The server's plans, kept across requests (none: every root field is planned afresh). */
  planCache?: PlanCache;
}

/** A fresh context per request: loaders must not cache across callers. */
export function createContext(
  db: Database,
  options: {
    timeoutMs?: number;
    requestId?: string;
    caller?: Caller;
    planner?: boolean;
    planCache?: PlanCache;
    /** The client's bookmarks (the Neo4j-Bookmarks header): what every transaction starts after. */
    bookmarks?: readonly string[];
    answered?: (done: () => void) => void;
  } = {},
): Context {
  const log = new QueryLog(
    options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs,
    options.bookmarks,
  );
  return {
    db,
    log,
    loaders: createLoaders(db, log),
    requestId: options.requestId ?? randomUUID(),
    caller: options.caller ?? ANONYMOUS,
    planner: options.planner ?? true,
    answered: options.answered,
    planCache: options.planCache,
  };
}
