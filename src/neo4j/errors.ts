/** Raised when the embedded Neo4j cannot be prepared or started; `message` is meant for the user. */
export class EmbeddedNeo4jError extends Error {
  override readonly name = 'EmbeddedNeo4jError';
}

export const WAYS_OUT = [
  '  1. install a JDK 17 or newer (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless maven), or',
  '  2. use a Neo4j you already run: NEO4J_URI=bolt://host:7687 NEO4J_USERNAME=neo4j NEO4J_PASSWORD=... npm start, or',
  '  3. run Neo4j and the API in containers: docker compose up',
].join('\n');
