import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

// `npm run bench:http`: what the HTTP layer costs. The same Apollo Server set-up (schema, limits,
// plugins, context) behind Express 5 + @as-integrations/express5 (how the service served /graphql
// until it got its own handler) and behind the service's node:http handler calling
// executeHTTPGraphQLRequest (src/http/graphql.ts, the service itself), on the seeded embedded
// Neo4j; autocannon runs in a child process, the two servers are measured alternately.
//   BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 10), BENCH_ROUNDS (default 2)

// As under `npm start`: no source-mapped stack traces (tsx turns them on), graphql-js in
// production mode. Everything else is imported after this.
process.setSourceMapsEnabled(false);
process.env.NODE_ENV ??= 'production';

const { expressMiddleware } = await import('@as-integrations/express5');
const { default: express } = await import('express');
const { authenticate } = await import('../src/auth/index.js');
const { DEFAULT_LIMITS, loadConfig } = await import('../src/config.js');
const { createContext } = await import('../src/context.js');
const { createApollo } = await import('../src/http/apollo.js');
const { table, withSeededServer } = await import('./harness.js');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const QUERIES = [
  { name: '{ __typename }', query: '{ __typename }' },
  {
    name: 'node(id:)',
    query: '{ node(id: "Village:620423101203") { id ... on Village { name township { name } } } }',
  },
];
const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

interface Result {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}

function autocannon(url: string, query: string, seconds: number): Promise<Result> {
  const args = [autocannonBin, '-j', '-c', String(CONNECTIONS), '-d', String(seconds), '-m', 'POST'];
  args.push('-H', 'content-type=application/json', '-b', JSON.stringify({ query }), url);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 16 * 2 ** 20 }, (err, stdout) => {
      if (err) reject(new Error(`autocannon failed: ${err.message}`));
      else resolve(JSON.parse(stdout) as Result);
    });
  });
}

await withSeededServer('http-layer', async (server, db, report) => {
  const auth = loadConfig().auth;
  // The previous serving path: Express's router, express.json, then the express5 integration.
  const app = express();
  app.disable('x-powered-by');
  const viaExpress = http.createServer(app);
  const apollo = createApollo(viaExpress, DEFAULT_LIMITS, false);
  await apollo.start();
  app.use(
    '/graphql',
    express.json({ limit: DEFAULT_LIMITS.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const caller = await authenticate(req.headers.authorization, auth);
        return createContext(db, { timeoutMs: DEFAULT_LIMITS.operationTimeoutMs, caller });
      },
    }),
  );
  await new Promise<void>((resolve) => viaExpress.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const expressUrl = `http://127.0.0.1:${String((viaExpress.address() as AddressInfo).port)}/graphql`;
  const targets = [
    { name: 'Express 5 + express5 integration', url: expressUrl },
    { name: 'node:http + executeHTTPGraphQLRequest (the service)', url: server.url },
  ];

  const rps = new Map<string, number[]>();
  const rows: string[][] = [];
  try {
    for (const q of QUERIES) {
      for (const t of targets) await autocannon(t.url, q.query, 2); // warm-up, unmeasured
      for (let round = 0; round < ROUNDS; round++) {
        for (const t of round % 2 ? [...targets].reverse() : targets) {
          const r = await autocannon(t.url, q.query, SECONDS);
          const key = `${q.name}\n${t.name}`;
          rps.set(key, [...(rps.get(key) ?? []), r.requests.average]);
          report(
            `${q.name} via ${t.name}: ${r.requests.average.toFixed(0)} req/s, p50 ${String(r.latency.p50)} ms, ${String(r.errors + r.non2xx)} errors`,
          );
          rows.push([q.name, t.name, r.requests.average.toFixed(0), String(r.latency.p50), String(r.latency.p99)]);
        }
      }
      const [express, bare] = targets.map((t) => {
        const all = rps.get(`${q.name}\n${t.name}`) ?? [];
        return all.reduce((a, b) => a + b, 0) / all.length;
      });
      report(`${q.name}: node:http is ${((100 * ((bare ?? 0) - (express ?? 0))) / (express ?? 1)).toFixed(1)}% faster`);
    }
  } finally {
    await apollo.stop();
  }
  console.log(
    `\n${String(CONNECTIONS)} connections, ${String(SECONDS)} s a run, servers alternated:\n\n` +
      table(['query', 'server', 'req/s', 'p50 ms', 'p99 ms'], rows),
  );
});
