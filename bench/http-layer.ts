import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

// `npm run bench:http`: what the HTTP layer costs. The same Apollo Server set-up (schema, limits,
// plugins, context) behind Express 5 + @as-integrations/express5 (the service, src/http/server.ts)
// and behind a bare node:http handler calling executeHTTPGraphQLRequest, on the seeded embedded
// Neo4j; autocannon runs in a child process, the two servers are measured alternately.
//   BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 10), BENCH_ROUNDS (default 2)

// As under `npm start`: no source-mapped stack traces (tsx turns them on), graphql-js in
// production mode. Everything else is imported after this.
process.setSourceMapsEnabled(false);
process.env.NODE_ENV ??= 'production';

const { HeaderMap } = await import('@apollo/server');
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
  // The bare handler: read the body (same limit), hand the request to Apollo, write its answer.
  const plain = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > DEFAULT_LIMITS.maxBodyBytes) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      void (async () => {
        const headers = new HeaderMap();
        for (const [name, value] of Object.entries(req.headers)) {
          if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        const text = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://localhost');
        const response = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: {
            method: req.method ?? 'GET',
            headers,
            search: url.search,
            body: text ? (JSON.parse(text) as unknown) : undefined,
          },
          context: async () => {
            const caller = await authenticate(req.headers.authorization, auth);
            return createContext(db, { timeoutMs: DEFAULT_LIMITS.operationTimeoutMs, caller });
          },
        });
        res.statusCode = response.status ?? 200;
        for (const [name, value] of response.headers) res.setHeader(name, value);
        if (response.body.kind === 'complete') res.end(response.body.string);
        else {
          for await (const part of response.body.asyncIterator) res.write(part);
          res.end();
        }
      })().catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
  });
  const apollo = createApollo(plain, DEFAULT_LIMITS, false);
  await apollo.start();
  await new Promise<void>((resolve) => plain.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const plainUrl = `http://127.0.0.1:${String((plain.address() as AddressInfo).port)}/graphql`;
  const targets = [
    { name: 'Express 5 + express5 integration', url: server.url },
    { name: 'node:http + executeHTTPGraphQLRequest', url: plainUrl },
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
