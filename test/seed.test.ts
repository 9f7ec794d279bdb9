import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seed } from '../src/seed/index.js';
import { startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

async function counts(): Promise<{ labels: Record<string, number>; partOf: number; nodes: number }> {
  const rows = await t.db.read<{ kind: string; n: number }>('MATCH (n:Entity) RETURN n.kind AS kind, count(*) AS n');
  const [rel] = await t.db.read<{ n: number }>(
    'MATCH (a:Entity)-[r:PART_OF]->(:Entity) WHERE a:Township OR a:Village OR a:Community RETURN count(r) AS n',
  );
  const [all] = await t.db.read<{ n: number }>('MATCH (n) RETURN count(n) AS n');
  return { labels: Object.fromEntries(rows.map((r) => [r.kind, r.n])), partOf: rel?.n ?? -1, nodes: all?.n ?? -1 };
}

describe('seeding', () => {
  it('loads 1 county, 11 townships, 136 villages and 13 communities, and a second run changes nothing', async () => {
    const before = await counts();
    expect(before.labels).toMatchObject({ County: 1, Township: 11, Village: 136, Community: 13 });
    expect(before.partOf).toBe(160);

    await seed(t.db);
    expect(await counts()).toEqual(before);
  });

  it('answers the hierarchy through GraphQL', async () => {
    const res = await t.gql<{
      county: { name: string; townships: { name: string; villages: unknown[]; communities: unknown[] }[] };
    }>('{ county { name townships { name villages { id } communities { id } } } }');
    expect(res.body.errors).toBeUndefined();
    const townships = res.body.data?.county.townships ?? [];
    expect(res.body.data?.county.name).toBe('景泰县');
    expect(townships).toHaveLength(11);
    expect(townships.reduce((n, tw) => n + tw.villages.length, 0)).toBe(136);
    expect(townships.reduce((n, tw) => n + tw.communities.length, 0)).toBe(13);
  });
});
