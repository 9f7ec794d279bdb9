import { EmbeddedNeo4jError } from './errors.js';
import { prepareLauncher } from './jars.js';

// Run by `npm install` (postinstall): fetches the Neo4j jars once so the first `npm start` only
// has to start the JVM. Never fails the install: a user of an external Neo4j (NEO4J_URI) or of
// docker compose needs no Java, and `npm start` repeats the check with the same clear message.
const report = (line: string): void => void process.stdout.write(`[neo4j] ${line}\n`);

if (process.env.NEO4J_URI) {
  report('NEO4J_URI is set: the embedded Neo4j is not needed, nothing to fetch.');
} else {
  try {
    await prepareLauncher(report);
    report('embedded Neo4j is ready');
  } catch (err) {
    const message = err instanceof EmbeddedNeo4jError ? err.message : String(err);
    report(`could not prepare the embedded Neo4j now (npm start will try again):\n${message}`);
  }
}
