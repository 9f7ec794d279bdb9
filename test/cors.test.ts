import type http from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { rawRequest, startTestServer, type TestServer } from './helpers.js';

const PORTAL = 'https://portal.example.org';
const OTHER = 'https://evil.example.net';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A request as a browser would send it, Origin included (which fetch may not let us set). */
async function raw(url: string, method: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  const res = await rawRequest(url, { method, headers, body });
  return { ...res, text: res.body.toString('utf8') };
}

const preflight = (url: string, origin: string): Promise<RawResponse> =>
  raw(url, 'OPTIONS', {
    origin,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'content-type,authorization,x-apollo-operation-name,apollo-require-preflight',
  });

const post = (url: string, origin: string): Promise<RawResponse> =>
  raw(
    url,
    'POST',
    { origin, 'content-type': 'application/json', 'x-request-id': 'cors-1' },
    JSON.stringify({ query: '{ __typename }' }),
  );

const corsHeaders = (res: RawResponse): string[] =>
  Object.keys(res.headers).filter((name) => name.startsWith('access-control-'));

describe('CORS with CORS_ORIGINS set', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(undefined, undefined, { corsOrigins: [PORTAL, 'http://10.0.0.5:8080'] });
  });
  afterAll(() => t.close());

  it('answers a listed origin’s preflight of /graphql with 204 and what an Apollo client needs', async () => {
    const res = await preflight(t.server.url, PORTAL);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-allow-methods']).toBe('GET,POST');
    const allowed = (res.headers['access-control-allow-headers'] ?? '').split(',');
    for (const header of [
      'content-type',
      'authorization',
      'apollo-require-preflight',
      'x-request-id',
      'neo4j-bookmarks',
      'x-apollo-operation-name',
    ]) {
      expect(allowed).toContain(header);
    }
    expect(res.headers.vary).toMatch(/\bOrigin\b/);
  });

  it('answers another origin’s preflight with 204 and no CORS header, so the browser refuses', async () => {
    const res = await preflight(t.server.url, OTHER);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(corsHeaders(res)).toEqual([]);
    expect(res.headers.vary).toMatch(/\bOrigin\b/);
  });

  it('marks a listed origin’s POST as readable by it, with its credentials and x-request-id', async () => {
    const res = await post(t.server.url, PORTAL);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ data: { __typename: 'Query' } });
    expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-expose-headers']).toBe('x-request-id');
    expect(res.headers['x-request-id']).toBe('cors-1');
    expect(res.headers.vary).toMatch(/\bOrigin\b/);
  });

  it('gives another origin’s POST no CORS header (the browser hides the answer)', async () => {
    const res = await post(t.server.url, OTHER);
    expect(res.status).toBe(200);
    expect(corsHeaders(res)).toEqual([]);
    expect(res.headers.vary).toMatch(/\bOrigin\b/);
  });

  it('keeps Apollo’s CSRF prevention: a simple cross-site GET is refused, listed origin or not', async () => {
    const url = `${t.server.url}?query=${encodeURIComponent('{ __typename }')}`;
    for (const origin of [PORTAL, OTHER]) {
      const res = await raw(url, 'GET', { origin });
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/CSRF/);
    }
  });

  it('applies the same policy to the routes Express serves', async () => {
    const base = t.server.url.replace(/\/graphql$/, '');
    const listed = await raw(`${base}/health`, 'GET', { origin: PORTAL });
    expect(listed.status).toBe(200);
    expect(listed.headers['access-control-allow-origin']).toBe(PORTAL);
    const other = await raw(`${base}/health`, 'GET', { origin: OTHER });
    expect(corsHeaders(other)).toEqual([]);
    // /graphql/ reaches GraphQL through Express: the same preflight answers there.
    expect((await preflight(`${t.server.url}/`, PORTAL)).headers['access-control-allow-origin']).toBe(PORTAL);
    expect(corsHeaders(await preflight(`${t.server.url}/`, OTHER))).toEqual([]);
  });
});

describe('CORS by default (no CORS_ORIGINS)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('allows no other origin: preflights answered 204 without CORS headers, answers without them', async () => {
    const pre = await preflight(t.server.url, PORTAL);
    expect(pre.status).toBe(204);
    expect(corsHeaders(pre)).toEqual([]);
    const res = await post(t.server.url, PORTAL);
    expect(res.status).toBe(200);
    expect(corsHeaders(res)).toEqual([]);
    expect(res.headers.vary ?? '').not.toMatch(/\bOrigin\b/);
  });
});
