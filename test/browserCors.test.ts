/// <reference lib="dom" />
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { chromiumPath, launch } from './browser/browser.js';
import { startTestServer, type TestServer } from './helpers.js';

/** A site on its own origin (127.0.0.1 on a port of its own) serving one empty page. */
async function site(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end('<!doctype html><title>portal</title>');
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const origin = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

interface Outcome {
  ok?: boolean;
  typename?: string;
  requestId?: string | null;
  error?: string;
}

// Chromium comes from Debian (apt-get install chromium); see test/browser/browser.ts.
describe.skipIf(!chromiumPath)('CORS in the browser, from two other origins', { timeout: 120_000 }, () => {
  let t: TestServer;
  let browser: Browser;
  let listed: Awaited<ReturnType<typeof site>>;
  let unlisted: Awaited<ReturnType<typeof site>>;

  beforeAll(async () => {
    listed = await site();
    unlisted = await site();
    t = await startTestServer(undefined, undefined, { corsOrigins: [listed.origin] });
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
    await t.close();
    await listed.close();
    await unlisted.close();
  });

  /** Runs an Apollo-client-like POST (preflighted) from a page of `origin`, with credentials. */
  async function queryFrom(origin: string): Promise<Outcome> {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/`);
      return await page.evaluate(async (api: string): Promise<Outcome> => {
        try {
          const res = await fetch(api, {
            method: 'POST',
            credentials: 'include',
            headers: {
              'content-type': 'application/json',
              'x-apollo-operation-name': 'Ping',
              'x-request-id': 'from-the-portal',
            },
            body: JSON.stringify({ query: 'query Ping { __typename }' }),
          });
          const body = (await res.json()) as { data: { __typename: string } };
          return { ok: res.ok, typename: body.data.__typename, requestId: res.headers.get('x-request-id') };
        } catch (err) {
          return { error: String(err) };
        }
      }, t.server.url);
    } finally {
      await page.close();
    }
  }

  it('lets a page of a listed origin query the API and read x-request-id', async () => {
    expect(await queryFrom(listed.origin)).toEqual({ ok: true, typename: 'Query', requestId: 'from-the-portal' });
  });

  it('refuses a page of any other origin', async () => {
    const outcome = await queryFrom(unlisted.origin);
    expect(outcome.error).toMatch(/TypeError|Failed to fetch/);
  });
});
