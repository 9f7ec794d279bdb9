import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Database } from '../src/db/database.js';
import type { Case } from './cases.js';

// The floor: each question's one hand-written Cypher query, sent through the API's own driver
// wrapper (`db.read`: a session and one auto-commit read per request, as the API's
// resolvers use) behind a bare node:http handler that answers `{"data": …}`. It runs in the same
// process as the API and the peer and is driven over loopback by the same load generator, so
// API ÷ floor is what GraphQL and the API's resolvers cost on top of one query's round trip,
// HTTP and JSON included on both sides.

export interface RunningFloor {
  /** The URL answering `c`. */
  url: (c: Case) => string;
  stop: () => Promise<void>;
}

export async function startFloor(db: Database, cases: readonly Case[]): Promise<RunningFloor> {
  const byPath = new Map(cases.map((c) => [`/floor/${c.name}`, c]));
  const server = http.createServer((req, res) => {
    const c = byPath.get(req.url ?? '');
    // The request body (the API's query) is read and ignored: the route names the question.
    req.resume();
    req.on('end', () => {
      const reply = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (!c) return reply(404, { errors: [{ message: 'no such question' }] });
      db.read<{ data: unknown }>(c.floor.cypher, c.floor.params ?? {}).then(
        (rows) => reply(200, { data: rows[0]?.data ?? null, extensions: { cypherRoundTrips: 1 } }),
        (err: unknown) => reply(500, { errors: [{ message: err instanceof Error ? err.message : String(err) }] }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: (c) => `http://127.0.0.1:${String(port)}/floor/${c.name}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
