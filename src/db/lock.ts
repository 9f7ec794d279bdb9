import { isRetryableError, Neo4jError } from 'neo4j-driver';

import type { Database } from './database.js';

/**
 * A lock held in the database, so that API instances starting at the same time against one
 * (clustered) Neo4j take turns for the work that must happen once: migrations and the seed load.
 * The lock is a `:Lock` node whose name is unique (a constraint), held by one owner until its
 * lease runs out; the holder renews the lease while it works, and a lease left by an instance
 * that died runs out on its own. It is a write like any other: in a cluster it goes to the
 * leader, and the driver's bookmarks then make the taker's reads see what the previous holder
 * wrote.
 */

export const LOCK_CONSTRAINT = 'CREATE CONSTRAINT lock_name IF NOT EXISTS FOR (l:Lock) REQUIRE l.name IS UNIQUE';

// The first SET takes the node's write lock, so that the owner and lease read after it are the
// committed ones and no other instance can take the lock between that read and the claim.
const TAKE = `MERGE (l:Lock {name: $name})
  SET l.attemptedAt = datetime()
  WITH l, l.owner IS NULL OR l.owner = $owner OR l.until < datetime() AS free
  SET l.owner = CASE WHEN free THEN $owner ELSE l.owner END,
      l.until = CASE WHEN free THEN datetime() + duration({milliseconds: $leaseMs}) ELSE l.until END
  RETURN free, l.owner AS owner`;

const RENEW = `MATCH (l:Lock {name: $name, owner: $owner})
  SET l.until = datetime() + duration({milliseconds: $leaseMs})`;

const RELEASE = 'MATCH (l:Lock {name: $name, owner: $owner}) DELETE l';

// Start-up statements on a cold JVM, on a busy machine, can take far longer than a request's.
const PATIENT = { timeoutMs: 120_000 };

export interface LockOptions {
  /** How long the lock stays held without a renewal. */
  leaseMs?: number;
  /** Pause between two attempts while another owner holds it. */
  pollMs?: number;
  /** Called once, when the lock is found held by someone else. */
  onWait?: (holder: string) => void;
}

// Two instances creating the constraint or the lock node at the very same moment: one of them
// may be told the other's already exists, or Neo4j may find them deadlocked on the schema and
// abort one (a transient error). Trying again then finds the constraint or the node.
function isCreationRace(err: unknown): boolean {
  return (
    isRetryableError(err) ||
    (err instanceof Neo4jError &&
      (err.code === 'Neo.ClientError.Schema.ConstraintValidationFailed' ||
        err.code === 'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists' ||
        err.code === 'Neo.ClientError.Schema.ConstraintAlreadyExists' ||
        err.code === 'Neo.ClientError.Schema.IndexAlreadyExists'))
  );
}

async function again<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isCreationRace(err) || tries >= 5) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * tries));
    }
  }
}

/**
 * Runs `work` while holding the lock `name` as `owner`, waiting for it as long as another owner
 * holds it; the lock is released afterwards, whether `work` succeeded or not.
 */
export async function withLock<T>(
  db: Database,
  name: string,
  owner: string,
  work: () => Promise<T>,
  { leaseMs = 60_000, pollMs = 500, onWait }: LockOptions = {},
): Promise<T> {
  await again(() => db.schema(LOCK_CONSTRAINT));
  let announced = false;
  for (;;) {
    const [row] = await again(() =>
      db.write<{ free: boolean; owner: string }>(TAKE, { name, owner, leaseMs }, undefined, PATIENT),
    );
    if (row?.free) break;
    if (!announced) onWait?.(row?.owner ?? 'another instance');
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  const renewal = setInterval(() => {
    db.write(RENEW, { name, owner, leaseMs }, undefined, PATIENT).catch(() => undefined);
  }, leaseMs / 3);
  try {
    return await work();
  } finally {
    clearInterval(renewal);
    await db.write(RELEASE, { name, owner }, undefined, PATIENT).catch(() => undefined);
  }
}
