import fs from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { projectRoot } from '../src/config.js';
import { startTestServer, type TestServer } from './helpers.js';

// The playground opens each of these as a tab; running them here keeps them from rotting.
const dir = path.join(projectRoot, 'web', 'examples');
const examples = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.graphql'))
  .sort();

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('the playground examples', () => {
  it('are there: chains, stationed cadres, a path, the figures, a pinyin search, a village network, seven aggregates, the weak and slack organisations, the resident cadres sent in 2020', () => {
    expect(examples).toHaveLength(15);
  });

  it.each(examples)('%s runs without errors and returns data', async (file) => {
    const query = fs.readFileSync(path.join(dir, file), 'utf8');
    expect(query.split('\n')[0]).toMatch(/^# \S/);
    const res = await t.gql(query);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const values = Object.values(res.body.data ?? {});
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(value === null || (Array.isArray(value) && value.length === 0)).toBe(false);
  });
});
