import zlib from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { rawRequest, startTestServer, type RawResponse, type TestServer } from './helpers.js';

/** A request as written, without fetch's default Accept-Encoding and transparent decompression. */
const raw = (url: string, method: string, headers: Record<string, string>, body?: string): Promise<RawResponse> =>
  rawRequest(url, { method, headers, body });

// About 240 KB of JSON: the network two steps around 城北村.
const NETWORK =
  '{ network(ids: ["Village:620423101203"], depth: 2, limit: 300) { truncated nodes { entityId kind label depth } edges { relationshipId source target type } cytoscape graphology } }';
const PREFLIGHTED = { 'apollo-require-preflight': 'true', accept: 'application/graphql-response+json' };

let t: TestServer;
let base: string;
beforeAll(async () => {
  t = await startTestServer();
  base = t.server.url.replace(/\/graphql$/, '');
});
afterAll(() => t.close());

describe('compression', () => {
  it('gzips a large /graphql answer when asked, without the uncompressed Content-Length', async () => {
    const body = JSON.stringify({ query: NETWORK });
    const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
    const gzipped = await raw(t.server.url, 'POST', { ...headers, 'accept-encoding': 'gzip' }, body);
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['content-length']).toBeUndefined();
    expect(gzipped.headers.vary).toMatch(/\bAccept-Encoding\b/);
    const text = zlib.gunzipSync(gzipped.body).toString('utf8');
    expect(text.length).toBeGreaterThan(100_000);
    expect(gzipped.body.length).toBeLessThan(text.length / 4);
    const answer = JSON.parse(text) as { data: { network: { nodes: unknown[] } } };
    expect(answer.data.network.nodes.length).toBeGreaterThan(50);

    const plain = await raw(t.server.url, 'POST', headers, body);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-length']).toBe(String(plain.body.length));
    expect(JSON.parse(plain.body.toString('utf8'))).toEqual(answer);
  });

  it('keeps the weak ETag and the 304 on a gzipped GET', async () => {
    const url = `${t.server.url}?query=${encodeURIComponent(NETWORK)}`;
    const headers = { ...PREFLIGHTED, 'accept-encoding': 'gzip' };
    const first = await raw(url, 'GET', headers);
    expect(first.status).toBe(200);
    expect(first.headers['content-encoding']).toBe('gzip');
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^W\//);
    const again = await raw(url, 'GET', { ...headers, 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers['content-encoding']).toBeUndefined();
  });

  it('leaves answers under 1 KB as they are', async () => {
    const res = await raw(
      t.server.url,
      'POST',
      { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      JSON.stringify({ query: '{ __typename }' }),
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-length']).toBe(String(res.body.length));
  });

  it('gzips the playground’s JS bundle when asked, and only then', async () => {
    const page = await raw(`${base}/playground`, 'GET', {});
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body.toString('utf8'))?.[1];
    expect(script).toBeDefined();
    const gzipped = await raw(`${base}${script ?? ''}`, 'GET', { 'accept-encoding': 'gzip' });
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['content-length']).toBeUndefined();
    const plain = await raw(`${base}${script ?? ''}`, 'GET', {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-length']).toBe(String(plain.body.length));
    expect(plain.body.length).toBeGreaterThan(100_000);
    expect(zlib.gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
  });
});
