import type { Neo4jTarget } from '../config.js';
import { Database, externalConnection, openDriver, type Connection } from '../db/database.js';
import { EmbeddedNeo4j } from './embedded.js';
import { EmbeddedSupervisor, type SupervisorOptions } from './supervisor.js';

export interface Neo4jHandle {
  db: Database;
  /** Present when this process started the JVM itself: the one running now (restarts replace it). */
  readonly embedded?: EmbeddedNeo4j;
  /** Restarts the embedded JVM when it dies unexpectedly; present with `embedded`. */
  readonly supervisor?: EmbeddedSupervisor;
  /** Closes the driver, then stops the embedded Neo4j if there is one. */
  close(): Promise<void>;
}

async function waitForConnectivity(
  db: Database,
  connection: Connection,
  timeoutMs: number,
  report: (line: string) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      await db.driver.verifyConnectivity({ database: connection.database });
      return;
    } catch (err) {
      if (Date.now() > deadline) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new Error(`Could not reach Neo4j at ${connection.uri}: ${reason}`, { cause: err });
      }
      if (!announced) report(`Waiting for Neo4j at ${connection.uri}...`);
      announced = true;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/**
 * Starts the embedded Neo4j (supervised: restarted when its JVM dies) or connects to the external
 * one, and waits until the driver gets through.
 */
export async function connectNeo4j(
  target: Neo4jTarget,
  report: (line: string) => void,
  supervision: SupervisorOptions = {},
): Promise<Neo4jHandle> {
  let embedded: EmbeddedNeo4j | undefined;
  let connection: Connection;
  if (target.mode === 'embedded') {
    embedded = await EmbeddedNeo4j.start({ ...target, report });
    connection = { uri: embedded.uri, database: target.database, ...embedded.credentials() };
  } else {
    connection = externalConnection(target);
  }
  const db = new Database(openDriver(connection), connection.database);
  try {
    await waitForConnectivity(db, connection, target.mode === 'embedded' ? 30_000 : 120_000, report);
  } catch (err) {
    await db.close();
    await embedded?.stop();
    throw err;
  }
  const supervisor = embedded && new EmbeddedSupervisor(embedded, supervision);
  return {
    db,
    supervisor,
    get embedded() {
      return supervisor?.current;
    },
    async close() {
      await db.close();
      await supervisor?.close();
    },
  };
}
