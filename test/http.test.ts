import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer, type TestServer } from './helpers.js';

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

  it('reports the database as up on /health and ready on /ready', async () => {
    const base = t.server.url.replace(/\/graphql$/, '');
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'up' });
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
  });
});
