import type http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_HTTP, DEFAULT_LIMITS } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { startServer, type RunningServer } from '../src/http/server.js';

import { rawRequest, startTestServer, TEST_AUTH, testDriver, type TestServer } from './helpers.js';
import { waitUntil } from './wait.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const CHENGBEI =
  '{ node(id: "Village:620423101203") { id ... on Village { name code kind synthetic township { name } } } }';

describe('GraphQL over HTTP', () => {
  it('answers 城北村 in 芦阳镇 by id', async () => {
    const res = await t.gql(CHENGBEI);
    expect(res.status).toBe(200);
    expect(res.contentType).toContain('application/graphql-response+json');
    expect(res.body.data).toEqual({
      node: {
        id: 'Village:620423101203',
        name: '城北村',
        code: '620423101203',
        kind: 'VILLAGE',
        synthetic: false,
        township: { name: '芦阳镇' },
      },
    });
  });

  it('answers null for an unknown id', async () => {
    const res = await t.gql('{ node(id: "Village:000000000000") { id } }');
    expect(res.body).toMatchObject({ data: { node: null } });
    expect(res.body.errors).toBeUndefined();
  });

  it('serves GET queries from clients that send a CSRF preflight header', async () => {
    const url = `${t.server.url}?query=${encodeURIComponent(CHENGBEI)}`;
    const res = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { node: { name: string } } };
    expect(body.data.node.name).toBe('城北村');
  });

  it('refuses a simple GET that a browser could forge (CSRF prevention)', async () => {
    const res = await fetch(`${t.server.url}?query=${encodeURIComponent(CHENGBEI)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/);
  });

  it('answers 400 with a parse error code for malformed queries', async () => {
    const res = await t.gql('{ node(id: ');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('answers 400 with a validation error for an unknown field, naming it', async () => {
    const res = await t.gql('{ county { nope } }');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors?.[0]?.message).toContain('nope');
  });

  it('answers persisted-query mistakes with 400 and the codes Apollo Client expects, not 500', async () => {
    const persisted = async (version: number, sha256Hash: string, query?: string) => {
      const res = await fetch(t.server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, extensions: { persistedQuery: { version, sha256Hash } } }),
      });
      return { status: res.status, body: (await res.json()) as { errors?: { extensions?: { code?: string } }[] } };
    };
    const unknown = await persisted(1, 'a'.repeat(64));
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const mismatch = await persisted(1, 'a'.repeat(64), '{ townships { name } }');
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors?.[0]).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST' },
    });
    const version = await persisted(2, 'a'.repeat(64));
    expect(version.status).toBe(400);
    expect(version.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('reports the database as up on /health and ready on /ready', async () => {
    const base = t.server.url.replace(/\/graphql$/, '');
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; database: string; checkedAt: string };
    expect(body).toMatchObject({ status: 'ok', database: 'up' });
    expect(Number.isNaN(Date.parse(body.checkedAt))).toBe(false);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
  });

  it('answers /health and /ready from the background check, not with a Cypher query per request', async () => {
    let sessions = 0;
    const counting = new Database(testDriver(), 'neo4j', undefined, {
      inc: () => {
        sessions += 1;
      },
      dec: () => undefined,
    });
    // One check at start and none after it within the test: every request below is answered from it.
    const server = await startServer({
      db: counting,
      host: '127.0.0.1',
      port: 0,
      auth: TEST_AUTH,
      http: { ...DEFAULT_HTTP, healthCheckIntervalMs: 600_000 },
    });
    try {
      expect(sessions).toBe(1);
      const base = server.url.replace(/\/graphql$/, '');
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => fetch(`${base}/${i % 2 ? 'health' : 'ready'}`).then((r) => r.status)),
      );
      expect(answers).toEqual(Array.from({ length: 100 }, () => 200));
      expect(sessions).toBe(1);
    } finally {
      await server.stop();
      await counting.close();
    }
  });
});

/** A raw POST (unless told otherwise), its answer read as text. */
async function raw(
  url: string,
  options: Parameters<typeof rawRequest>[1],
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const res = await rawRequest(url, { method: 'POST', ...options });
  return { ...res, text: res.body.toString('utf8') };
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const errorOf = (res: { text: string }) =>
  (JSON.parse(res.text) as { errors: { message: string; extensions: { code: string } }[] }).errors[0];

describe('the /graphql handler (node:http in front of Express)', () => {
  it('answers a browser opening /graphql with the playground, from Express', async () => {
    const res = await fetch(t.server.url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toMatch(/<html/i);
  });

  it('runs a GET query with a preflight header even from a browser-like Accept, in the negotiated type', async () => {
    const url = `${t.server.url}?query=${encodeURIComponent(CHENGBEI)}`;
    const res = await fetch(url, {
      headers: {
        'apollo-require-preflight': 'true',
        accept: 'application/graphql-response+json',
        'x-request-id': 'get-1',
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
    expect(res.headers.get('x-request-id')).toBe('get-1');
    expect(((await res.json()) as { data: { node: { name: string } } }).data.node.name).toBe('城北村');
  });

  it('leaves a GET without a query that is not a page to Apollo: 400 JSON, not the playground', async () => {
    const res = await fetch(t.server.url, {
      headers: { 'apollo-require-preflight': 'true', accept: 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { message: string }[] }).errors[0]?.message).toMatch(/non-empty `query`/);
  });

  it('echoes a plain x-request-id and replaces any other with a fresh one', async () => {
    const mine = await raw(t.server.url, {
      headers: { ...JSON_HEADERS, 'x-request-id': 'abc.DEF-123' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(mine.headers['x-request-id']).toBe('abc.DEF-123');
    const odd = await raw(t.server.url, {
      headers: { ...JSON_HEADERS, 'x-request-id': 'not a token' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a chunked body over the limit with 413 PAYLOAD_TOO_LARGE, and invalid JSON with 400 BAD_REQUEST', async () => {
    const big = JSON.stringify({ query: `{ node(id: "${'x'.repeat(DEFAULT_LIMITS.maxBodyBytes)}") { id } }` });
    const tooLarge = await raw(t.server.url, { headers: JSON_HEADERS, body: big, chunked: true });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(errorOf(tooLarge)).toEqual({
      message: 'The request body is larger than this server accepts.',
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    });
    const invalid = await raw(t.server.url, { headers: JSON_HEADERS, body: '{"query": ' });
    expect(invalid.status).toBe(400);
    expect(errorOf(invalid)).toEqual({
      message: 'The request body is not valid JSON.',
      extensions: { code: 'BAD_REQUEST' },
    });
    // The same answers where Express still routes to the handler (/graphql/).
    const viaExpress = await raw(`${t.server.url}/`, { headers: JSON_HEADERS, body: '{"query": ' });
    expect(viaExpress.status).toBe(400);
    expect(viaExpress.text).toBe(invalid.text);
  });

  it('reads bodies as express.json did: gzip accepted, a non-UTF charset refused with 415', async () => {
    const gzipped = await raw(t.server.url, {
      headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' },
      body: zlib.gzipSync(JSON.stringify({ query: '{ __typename }' })),
    });
    expect(gzipped.status).toBe(200);
    expect(JSON.parse(gzipped.text)).toMatchObject({ data: { __typename: 'Query' } });
    const latin1 = await raw(t.server.url, {
      headers: { 'content-type': 'application/json; charset=latin1' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(latin1.status).toBe(415);
    expect(errorOf(latin1)?.extensions.code).toBe('BAD_REQUEST');
  });

  it('sends answers as Express did: Content-Length, a weak ETag, 304 to a matching If-None-Match', async () => {
    const url = `${t.server.url}?query=${encodeURIComponent('{ __typename }')}`;
    const headers = { 'apollo-require-preflight': 'true' };
    const first = await raw(url, { method: 'GET', headers });
    expect(first.status).toBe(200);
    expect(first.headers['content-length']).toBe(String(Buffer.byteLength(first.text)));
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^W\/"[0-9a-f]+-[\w+/]{27}"$/);
    const again = await raw(url, { method: 'GET', headers: { ...headers, 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('sends a POST answer with its UTF-8 length and no ETag (only GET and HEAD are revalidated)', async () => {
    const res = await raw(t.server.url, {
      headers: JSON_HEADERS,
      body: JSON.stringify({ query: '{ node(id: "Village:620423101203") { id ... on Village { name } } }' }),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ data: { node: { id: 'Village:620423101203' } } });
    // A Chinese name takes three bytes a character: the length counts bytes, not characters.
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
    expect(Number(res.headers['content-length'])).toBeGreaterThan(res.text.length);
    expect(res.headers.etag).toBeUndefined();
  });

  it('still serves /graphql/ and other spellings Express routed to GraphQL', async () => {
    for (const path of ['/graphql/', '/GraphQL']) {
      const res = await raw(t.server.url.replace(/\/graphql$/, path), {
        headers: JSON_HEADERS,
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toMatchObject({ data: { __typename: 'Query' } });
    }
  });
});

describe('security headers', () => {
  it.each([
    ['GET', '/health', undefined],
    ['GET', '/ready', undefined],
    ['GET', '/metrics', undefined],
    ['GET', '/nowhere', undefined],
    ['POST', '/graphql', '{"query":"{ county { name } }"}'],
    ['POST', '/graphql', '{"query":'],
  ])('are on %s %s, with a policy that lets a JSON answer load nothing', async (method, route, body) => {
    const res = await fetch(t.server.url.replace(/\/graphql$/, route), {
      method,
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    // Express's 404 page sends its own `default-src 'none'`, as strict but without frame-ancestors.
    if (route !== '/nowhere') expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it("keep the pages' own policy, which allows what they load from this server", async () => {
    for (const page of ['/playground', '/explore']) {
      const res = await fetch(t.server.url.replace(/\/graphql$/, page));
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("default-src 'none'");
    }
  });
});

/** Connects a raw socket and collects what the server sends until it closes the connection. */
function rawSocket(port: number): { socket: net.Socket; connected: Promise<void>; closed: Promise<string> } {
  let received = '';
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  // A reset counts as a close: what matters is what was received before it.
  socket.on('error', () => undefined);
  const connected = new Promise<void>((resolve) => socket.once('connect', resolve));
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  return { socket, connected, closed };
}

/** Writes `text` one byte every 50 ms until the server closes the socket (or the bytes run out). */
async function trickle(socket: net.Socket, text: string): Promise<void> {
  for (const byte of text) {
    if (socket.destroyed || !socket.writable) return;
    socket.write(byte);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('slow clients and too many connections', () => {
  let server: RunningServer;
  const settings = { ...DEFAULT_HTTP, headersTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxConnections: 2 };
  beforeAll(async () => {
    server = await startServer({ db: t.db, host: '127.0.0.1', port: 0, auth: TEST_AUTH, http: settings });
  });
  afterAll(() => server.stop());

  it('answers 408 and closes a connection whose headers trickle in', async () => {
    const { socket, connected, closed } = rawSocket(server.port);
    await connected;
    // 600 bytes at one per 50 ms would take 30 s: far past the headers' timeout.
    void trickle(socket, `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ${'a'.repeat(600)}`);
    expect(await closed).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers 408 and closes a connection whose body trickles in', async () => {
    const { socket, connected, closed } = rawSocket(server.port);
    await connected;
    const body = JSON.stringify({ query: `{ county { name } }${' '.repeat(600)}` });
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${String(Buffer.byteLength(body))}\r\n\r\n`,
    );
    void trickle(socket, body);
    expect(await closed).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes connections beyond the cap at once and keeps serving the open ones', async () => {
    const first = rawSocket(server.port);
    const second = rawSocket(server.port);
    await Promise.all([first.connected, second.connected]);
    const third = rawSocket(server.port);
    third.socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(await third.closed).toBe('');

    // An open connection is still served.
    second.socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(await second.closed).toMatch(/^HTTP\/1\.1 200 /);
    first.socket.destroy();
    await first.closed;
    // With both gone, a new client gets in (once the server has seen them close).
    let status = 0;
    await waitUntil(
      'a new connection to be served',
      async () => {
        status = await fetch(`http://127.0.0.1:${String(server.port)}/health`)
          .then((r) => r.status)
          .catch(() => 0);
        return status === 200;
      },
      { state: () => String(status) },
    );
  });
});
