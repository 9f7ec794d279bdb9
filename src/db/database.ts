import neo4j, {
  type BookmarkManager,
  type Driver,
  type Integer,
  type ManagedTransaction,
  type RecordShape,
  type Session,
} from 'neo4j-driver';
import { isRetryableError, Neo4jError } from 'neo4j-driver';
import { E_TIMEOUT, Semaphore, withTimeout, type SemaphoreInterface } from 'async-mutex';

import type { Neo4jTarget } from '../config.js';
import { badUserInput, databaseBusy, databaseUnavailable, timedOut, tooExpensive } from '../errors.js';
import { heavyOperationsWaiting, neo4jSessionsInUse } from '../metrics.js';

/** What a caller needs to open the driver: the embedded launcher provides its URI and credentials. */
export interface Connection {
  uri: string;
  username?: string;
  password?: string;
  database: string;
}

/**
 * A JavaScript number as a Cypher INTEGER: the driver sends plain numbers as floats, which SKIP,
 * LIMIT and range bounds refuse.
 */
export function integer(value: number): Integer {
  return neo4j.int(value);
}

/** Connections the driver keeps to Neo4j at most: its pool, shared by every operation. */
export const POOL_SIZE = 100;

/**
 * Statements one operation may run at the same time: a small share of the pool. The planner runs
 * an operation's root fields as one statement, but the per-level path runs one per loader batch
 * and a connection's page and count side by side, so thirty aliases would otherwise hold sixty
 * connections at once; past this share, an operation's statements wait for its own.
 */
export const OPERATION_STATEMENTS = 4;

/**
 * How long a statement waits for a connection when the whole pool is in use before its operation
 * answers DATABASE_BUSY: a prompt 503 to retry, rather than the driver's acquisition timeout.
 */
export const BUSY_WAIT_MS = 1_000;

/**
 * Heavy operations (estimated cost above `Limits.heavyCost`) the process runs at the same time,
 * whatever the number of callers: they queue for this lane from the moment they are accepted until
 * their answer is sent — their Cypher and the building of their payloads alike — while ordinary
 * operations never wait for it. On the development machine's two cores one heavy operation at a
 * time leaves the other core to everyone else (README, "A lane for heavy operations").
 */
export const HEAVY_OPERATIONS = 1;

/** The longest a heavy operation is let wait, or hold the lane for its answer, when it has no deadline of its own. */
const HEAVY_WAIT_MS = 30_000;

/** How much longer a heavy operation whose answer is ready may hold the lane while it is sent. */
export function heavyLaneHoldMs(log: QueryLog): number {
  return Math.max(0, Math.min(log.remaining(), HEAVY_WAIT_MS));
}

/**
 * One operation's view of the database: counts its Cypher round trips (read by tests, logs and
 * benchmarks), carries its deadline, which every transaction's timeout is cut to, its share of
 * the pool (OPERATION_STATEMENTS), and its bookmarks: those the client sent (the state its
 * transactions must start from) and those of its own last write (returned to the client, see
 * src/http/bookmarks.ts).
 */
export class QueryLog {
  roundTrips = 0;
  /** Bookmarks of this operation's last committed write; empty when it wrote nothing. */
  written: string[] = [];
  readonly statements = new Semaphore(OPERATION_STATEMENTS);

  constructor(
    readonly deadline = Number.POSITIVE_INFINITY,
    /** Bookmarks every transaction of the operation waits for (the client's Neo4j-Bookmarks). */
    readonly after: readonly string[] = [],
  ) {}

  /** Milliseconds left of the operation's budget. */
  remaining(): number {
    return this.deadline - Date.now();
  }

  /** Counts one Cypher statement sent. */
  record(): void {
    this.roundTrips += 1;
  }
}

// neo4j-driver's own codes for a server it cannot reach or a connection it lost.
const UNAVAILABLE = new Set(['ServiceUnavailable', 'SessionExpired', 'ECONNREFUSED', 'ECONNRESET']);
// The driver's pool raises this (with no code, 'N/A') when no connection frees up within
// connectionAcquisitionTimeout; Database's own wait (BUSY_WAIT_MS) normally answers first.
const ACQUISITION_TIMED_OUT = 'Connection acquisition timed out';

/** Translates driver errors into the API's error codes; the only place that knows Neo4j's codes. */
export function translateError(err: unknown): unknown {
  if (!(err instanceof Neo4jError)) return err;
  if (UNAVAILABLE.has(err.code)) return databaseUnavailable();
  if (err.message.startsWith(ACQUISITION_TIMED_OUT)) return databaseBusy();
  if (err.code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut')) return timedOut();
  if (err.code === 'Neo.TransientError.General.MemoryPoolOutOfMemoryError') return tooExpensive();
  // A client's Neo4j-Bookmarks that parse but that Neo4j refuses (not one of its bookmarks).
  if (err.code.startsWith('Neo.ClientError.Transaction.InvalidBookmark')) {
    return badUserInput('The Neo4j-Bookmarks header holds a bookmark this database did not issue.');
  }
  // The member the transaction went to did not reach the bookmarks' state in time (a cluster
  // member far behind): the same answer as any other moment of unavailability.
  if (err.code === 'Neo.TransientError.Transaction.BookmarkTimeout') return databaseUnavailable();
  return err;
}

/** How long a failing transaction is retried (the driver's managed ones and our auto-commit reads). */
const MAX_RETRY_MS = 2_000;

/** Opens one driver for the process with bounds that make an outage fail fast. */
export function openDriver(connection: Connection): Driver {
  const auth =
    connection.username !== undefined && connection.password
      ? neo4j.auth.basic(connection.username, connection.password)
      : undefined;
  return neo4j.driver(connection.uri, auth, {
    disableLosslessIntegers: true,
    // While Neo4j is down a request should fail within a few seconds, not hang for the
    // driver's default 60 s acquisition timeout and 30 s of retries.
    connectionAcquisitionTimeout: 5_000,
    connectionTimeout: 3_000,
    maxConnectionPoolSize: POOL_SIZE,
    maxTransactionRetryTime: MAX_RETRY_MS,
    userAgent: 'jingtai-kg',
  });
}

/** Connection settings for an external target (embedded targets are resolved by the launcher). */
export function externalConnection(target: Extract<Neo4jTarget, { mode: 'external' }>): Connection {
  return { uri: target.uri, username: target.username, password: target.password, database: target.database };
}

export interface RunOptions {
  /** Transaction timeout in milliseconds; Neo4j aborts the transaction past it. */
  timeoutMs?: number;
  /**
   * One batch of a bulk load (src/seed/load.ts): the transaction is not retried, and its error is
   * left as Neo4j raised it, for the loader to word (see {@link exceedsTransactionMemory}).
   */
  bulk?: boolean;
}

/**
 * Whether `err` is Neo4j refusing a transaction that needs more memory than one may use
 * (`db.memory.transaction.max`, NEO4J_TRANSACTION_MAX_MEMORY for the embedded server).
 */
export function exceedsTransactionMemory(err: unknown): boolean {
  return err instanceof Neo4jError && err.code === 'Neo.TransientError.General.MemoryPoolOutOfMemoryError';
}

/**
 * Every driver call of the service goes through here: a session per unit of work, named database
 * (so the driver asks for no routing table it does not need), managed transactions, session
 * closed in `finally`, and errors translated once.
 */
export class Database {
  /** The pool's connections, handed out to statements; waiting longer than BUSY_WAIT_MS is DATABASE_BUSY. */
  private readonly pool: SemaphoreInterface;
  /** Where heavy operations queue (HEAVY_OPERATIONS); ordinary ones pass it by. */
  private readonly heavyLane: SemaphoreInterface;
  private readonly heavyWaiting: { inc(): void; dec(): void };

  constructor(
    readonly driver: Driver,
    readonly name: string,
    private readonly defaultTimeoutMs = 10_000,
    private readonly sessions: { inc(): void; dec(): void } = neo4jSessionsInUse,
    {
      poolSize = POOL_SIZE,
      busyWaitMs = BUSY_WAIT_MS,
      bookmarks = neo4j.bookmarkManager(),
      heavyOperations = HEAVY_OPERATIONS,
      heavyWaiting = heavyOperationsWaiting,
    }: {
      poolSize?: number;
      busyWaitMs?: number;
      bookmarks?: BookmarkManager;
      heavyOperations?: number;
      /** Counts the operations waiting for the heavy lane (a metric; a test's counter). */
      heavyWaiting?: { inc(): void; dec(): void };
    } = {},
  ) {
    this.heavyWaiting = heavyWaiting;
    this.pool = withTimeout(new Semaphore(poolSize), busyWaitMs);
    this.heavyLane = new Semaphore(heavyOperations);
    this.bookmarks = bookmarks;
  }

  /**
   * The process's causal chain: every session starts from the bookmarks of the last transactions
   * this process committed, so a read after a write sees it even when a cluster routes the read
   * to another member. The driver sends them with the transaction's first message (BEGIN, or RUN
   * for an auto-commit read): no extra round trip.
   */
  readonly bookmarks: BookmarkManager;

  /** One read transaction holding one query: exactly one round trip. */
  async read<T extends RecordShape = RecordShape>(
    cypher: string,
    params: Record<string, unknown> = {},
    log?: QueryLog,
    options: RunOptions = {},
  ): Promise<T[]> {
    return this.run<T>('READ', cypher, params, log, options);
  }

  /** One write transaction holding one query. */
  async write<T extends RecordShape = RecordShape>(
    cypher: string,
    params: Record<string, unknown> = {},
    log?: QueryLog,
    options: RunOptions = {},
  ): Promise<T[]> {
    return this.run<T>('WRITE', cypher, params, log, options);
  }

  /** Several statements in one write transaction: all of them or none. */
  async writeAll(
    work: (run: (cypher: string, params?: Record<string, unknown>) => Promise<RecordShape[]>) => Promise<void>,
    log?: QueryLog,
    options: RunOptions = {},
  ): Promise<void> {
    await this.withSession(
      'WRITE',
      log,
      async (session) => {
        const timeout = this.timeout(options, log);
        const body = async (tx: Pick<ManagedTransaction, 'run'>): Promise<void> => {
          await work(async (cypher, params = {}) => {
            log?.record();
            const result = await tx.run(cypher, params);
            return result.records.map((r) => r.toObject());
          });
        };
        if (options.bulk) {
          // An explicit transaction: the driver's managed ones retry transient errors, and a
          // batch that exceeds the memory cap would only fail again.
          const tx = session.beginTransaction({ timeout });
          try {
            await body(tx);
            await tx.commit();
          } finally {
            if (tx.isOpen()) await tx.rollback();
          }
        } else {
          await session.executeWrite(body, { timeout });
        }
        if (log) log.written = session.lastBookmarks();
      },
      !options.bulk,
    );
  }

  /** Runs a schema statement (constraints, indexes) in its own auto-commit transaction. */
  async schema(cypher: string): Promise<void> {
    const session = this.driver.session({ database: this.name, bookmarkManager: this.bookmarks });
    try {
      await session.run(cypher);
    } catch (err) {
      throw translateError(err);
    } finally {
      await session.close();
    }
  }

  /** True when Neo4j answers a trivial query within a couple of seconds. */
  async ping(): Promise<boolean> {
    try {
      await this.read('RETURN 1', {}, undefined, { timeoutMs: 2_000 });
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  /**
   * Runs `work` with a session of its own: within the operation's share of statements, then with
   * one of the pool's connections (DATABASE_BUSY when none frees up in time), closed in `finally`,
   * errors translated.
   */
  private async withSession<T>(
    mode: 'READ' | 'WRITE',
    log: QueryLog | undefined,
    work: (session: Session) => Promise<T>,
    translate = true,
  ): Promise<T> {
    const statement = async (): Promise<T> => {
      const release = await this.connection();
      this.sessions.inc();
      const session = this.driver.session({
        database: this.name,
        defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
        bookmarkManager: this.bookmarks,
        // The driver adds these to the manager's for the session's first transaction.
        bookmarks: log && log.after.length > 0 ? [...log.after] : undefined,
      });
      try {
        return await work(session);
      } catch (err) {
        throw translate ? translateError(err) : err;
      } finally {
        this.sessions.dec();
        release();
        await session.close();
      }
    };
    return log ? log.statements.runExclusive(statement) : statement();
  }

  /**
   * Waits for the heavy lane for a heavy operation (see HEAVY_OPERATIONS), at most half of what is
   * left of its time (the other half is for running it): past that, DATABASE_BUSY, a 503 the caller
   * may retry later. Returns the function that leaves the lane; calling it again does nothing.
   */
  async enterHeavyLane(log: QueryLog): Promise<() => void> {
    const wait = Math.floor(Math.min(log.remaining(), HEAVY_WAIT_MS) / 2);
    if (wait <= 0) throw timedOut();
    this.heavyWaiting.inc();
    try {
      // async-mutex's releaser does nothing when called again.
      const [, release] = await withTimeout(this.heavyLane, wait).acquire();
      return release;
    } catch (err) {
      throw err === E_TIMEOUT ? databaseBusy() : err;
    } finally {
      this.heavyWaiting.dec();
    }
  }

  /** Waits for one of the pool's connections; its release function. */
  private async connection(): Promise<() => void> {
    try {
      const [, release] = await this.pool.acquire();
      return release;
    } catch (err) {
      throw err === E_TIMEOUT ? databaseBusy() : err;
    }
  }

  /** The transaction timeout: the default or the caller's, cut to what is left of the operation. */
  private timeout(options: RunOptions, log: QueryLog | undefined): number {
    const wanted = options.timeoutMs ?? this.defaultTimeoutMs;
    const left = log ? log.remaining() : Number.POSITIVE_INFINITY;
    if (left <= 0) throw timedOut();
    return Math.max(1, Math.min(wanted, Math.floor(left)));
  }

  private async run<T extends RecordShape>(
    mode: 'READ' | 'WRITE',
    cypher: string,
    params: Record<string, unknown>,
    log: QueryLog | undefined,
    options: RunOptions,
  ): Promise<T[]> {
    return this.withSession(mode, log, async (session) => {
      const config = { timeout: this.timeout(options, log) };
      log?.record();
      if (mode === 'READ') return this.autoCommit<T>(session, cypher, params, config.timeout);
      const work = async (tx: ManagedTransaction): Promise<T[]> =>
        (await tx.run<T>(cypher, params)).records.map((r) => r.toObject());
      const rows = await session.executeWrite(work, config);
      if (log) log.written = session.lastBookmarks();
      return rows;
    });
  }

  /**
   * A read of one statement as an auto-commit transaction: one statement is atomic on its own,
   * and RUN+PULL is one exchange with the server where BEGIN…COMMIT is two (measured 1.4–1.6×
   * the reads per second on the development machine). What a managed transaction would retry
   * (a transient error, a lost connection) is retried here the same way, within the driver's
   * retry time.
   */
  private async autoCommit<T extends RecordShape>(
    session: Session,
    cypher: string,
    params: Record<string, unknown>,
    timeout: number,
  ): Promise<T[]> {
    const giveUpAt = Date.now() + Math.min(MAX_RETRY_MS, timeout);
    for (let delay = 50; ; delay *= 2) {
      try {
        return (await session.run<T>(cypher, params, { timeout })).records.map((r) => r.toObject());
      } catch (err) {
        if (!isRetryableError(err) || Date.now() + delay > giveUpAt) throw err;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
