import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer, type TestServer } from './helpers.js';

const QUERY = '{ county { id } }';
const ANALYST = { authorization: 'Bearer analyst-token-0123456789' };

/** Sends `QUERY` with the given headers; its status, code, Retry-After and county id. */
async function ask(t: TestServer, headers: Record<string, string> = {}) {
  const res = await fetch(t.server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: QUERY }),
  });
  const body = (await res.json()) as {
    data?: { county: { id: string } };
    errors?: { extensions?: { code?: string; retryAfterSeconds?: number } }[];
  };
  return {
    status: res.status,
    code: body.errors?.[0]?.extensions?.code,
    retryAfter: res.headers.get('retry-after'),
    id: body.data?.county.id,
  };
}

describe('the anonymous rate limit', () => {
  let direct: TestServer;
  let proxied: TestServer;
  beforeAll(async () => {
    direct = await startTestServer(undefined, undefined, { http: { anonymousPerMinute: 3 } });
    // Behind a proxy on loopback: X-Forwarded-For names the client.
    proxied = await startTestServer(undefined, undefined, {
      http: { anonymousPerMinute: 3, trustProxy: ['loopback'] },
    });
  });
  afterAll(async () => {
    await direct.close();
    await proxied.close();
  });

  it('answers an address its budget, then 429 RATE_LIMITED with Retry-After; callers with a token are not limited', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await ask(direct));
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[0]?.id).toBe('County:620423000000');
    const refused = answers[3];
    expect(refused?.status).toBe(429);
    expect(refused?.code).toBe('RATE_LIMITED');
    expect(Number(refused?.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused?.retryAfter)).toBeLessThanOrEqual(60);
    // A forwarded address from an untrusted peer changes nothing.
    expect((await ask(direct, { 'x-forwarded-for': '203.0.113.5' })).status).toBe(429);
    const signedIn = await ask(direct, ANALYST);
    expect(signedIn.status).toBe(200);
    expect(signedIn.id).toBe('County:620423000000');
  });

  it('counts each client behind a trusted proxy on its own', async () => {
    const first = { 'x-forwarded-for': '203.0.113.5' };
    const second = { 'x-forwarded-for': '198.51.100.7' };
    for (let i = 0; i < 3; i++) expect((await ask(proxied, first)).status).toBe(200);
    expect((await ask(proxied, first)).code).toBe('RATE_LIMITED');
    expect((await ask(proxied, second)).status).toBe(200);
  });
});
