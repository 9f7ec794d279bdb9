import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { loadConfig } from '../config.js';
import { withLock } from '../db/lock.js';
import { migrate } from '../db/migrations.js';
import { connectNeo4j } from '../neo4j/connect.js';
import { DEFAULT_SEED_DIR, markSeeded, seed } from './index.js';
import { settleUnfinishedLoads } from './undo.js';

// `npm run seed [-- --dir <folder>] [--batch-rows N]`: loads the seeds into the configured Neo4j
// (embedded or NEO4J_URI). Stop `npm start` first when using the embedded database: both need its folder.
const { values } = parseArgs({ options: { dir: { type: 'string' }, 'batch-rows': { type: 'string' } } });
const dir = values.dir ? path.resolve(values.dir) : DEFAULT_SEED_DIR;
const batchRows = values['batch-rows'] === undefined ? undefined : Number(values['batch-rows']);
const report = (line: string): void => void process.stdout.write(`[seed] ${line}\n`);

const neo4j = await connectNeo4j(loadConfig().neo4j, report);
try {
  // The same start-up lock as the API instances (src/service.ts): safe while they start.
  const me = `npm run seed (${os.hostname()}/${String(process.pid)})`;
  const { counts, started } = await withLock(neo4j.db, 'startup', me, async () => {
    await migrate(neo4j.db, me);
    // A load a crash interrupted is undone before anything else (no other load runs under the lock).
    await settleUnfinishedLoads(neo4j.db, report);
    const started = Date.now();
    report(`Loading ${dir}...`);
    const counts = await seed(neo4j.db, dir, { report, batchRows });
    if (dir === DEFAULT_SEED_DIR) await markSeeded(neo4j.db, dir, me);
    return { counts, started };
  });
  report(
    `Merged ${String(counts.entities)} entities and ${String(counts.relations)} relationships in ${String(Date.now() - started)} ms (peak memory of this process: ${String(Math.round(process.resourceUsage().maxRSS / 1024))} MiB)`,
  );
} catch (err) {
  process.exitCode = 1;
  process.stderr.write(`[seed] ${err instanceof Error ? err.message : String(err)}\n`);
} finally {
  await neo4j.close();
}
