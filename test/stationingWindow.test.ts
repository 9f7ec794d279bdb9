import fs from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { projectRoot } from '../src/config.js';
import { startTestServer, type TestServer } from './helpers.js';

// The article's 补充增派省级14名、县级38名干部驻村帮扶, reproduced through the API: people whose
// stationing began in 2020 before the article, per level (web/examples/12), against a
// hand-written Cypher count and the figures' reported values. Also the evidence on the county and
// the model villages.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const example = fs.readFileSync(
  path.join(projectRoot, 'web', 'examples', '15-resident-cadres-sent-in-2020.graphql'),
  'utf8',
);

async function oracle(level: string, from: string, to: string): Promise<number> {
  const [row] = await t.db.read<{ n: number }>(
    `MATCH (p:Person)-[s:STATIONED_IN {level: $level}]->() WHERE s.since >= $from AND s.since <= $to
     RETURN count(DISTINCT p) AS n`,
    { level, from, to },
  );
  return row?.n ?? -1;
}

describe('stationings filtered by when they began', () => {
  it('give the article’s 14 provincial and 38 county resident cadres', async () => {
    const res = await t.gql<{
      provincial: { totalCount: number; edges: { node: { synthetic: boolean } }[] };
      county: { totalCount: number };
    }>(example);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const figures = await t.gql<{ figures: { key: string; reported: number }[] }>('{ figures { key reported } }');
    expect(figures.body.errors, JSON.stringify(figures.body.errors)).toBeUndefined();
    const reported = (key: string) => figures.body.data?.figures.find((f) => f.key === key)?.reported;

    expect(res.body.data?.provincial.totalCount).toBe(await oracle('PROVINCIAL', '2020-01', '2020-04'));
    expect(res.body.data?.county.totalCount).toBe(await oracle('COUNTY', '2020-01', '2020-04'));
    expect(res.body.data?.provincial.totalCount).toBe(reported('provincial-resident-cadres'));
    expect(res.body.data?.county.totalCount).toBe(reported('county-resident-cadres'));
    expect(res.body.data?.provincial.edges.every((e) => e.node.synthetic)).toBe(true);
  });

  it('take either bound alone, and years and days as well as months', async () => {
    const res = await t.gql<{
      since: { totalCount: number };
      until: { totalCount: number };
      day: { totalCount: number };
    }>(`{
      since: people(where: { stationedLevel: CITY, stationedSince: "2018" }) { totalCount }
      until: people(where: { stationedLevel: CITY, stationedUntil: "2017-12-31" }) { totalCount }
      day: people(where: { stationedSince: "2020-01-01", stationedUntil: "2020-04-30" }) { totalCount }
    }`);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data?.since.totalCount).toBe(await oracle('CITY', '2018', '9999'));
    expect(res.body.data?.until.totalCount).toBe(await oracle('CITY', '0000', '2017-12-99'));
    const [row] = await t.db.read<{ n: number }>(
      "MATCH (p:Person)-[s:STATIONED_IN]->() WHERE s.since >= '2020-01' AND s.since <= '2020-04-99' RETURN count(DISTINCT p) AS n",
    );
    expect(res.body.data?.day.totalCount).toBe(row?.n);
  });

  it.each([
    ['stationedSince: "2020-13"', 'stationedSince'],
    ['stationedUntil: "soon"', 'stationedUntil'],
    ['stationedSince: "2020-05", stationedUntil: "2020-01"', 'stationedUntil'],
  ])('refuses %s naming the argument', async (args, argument) => {
    const res = await t.gql(`{ people(where: { ${args} }) { totalCount } }`);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  });
});

describe('evidence of the real places the article names', () => {
  it('the county and the three model villages carry the sentence that names them', async () => {
    const res = await t.gql<{ nodes: ({ id: string; name: string; evidence: { text: string }[] } | null)[] }>(`{
      nodes(ids: ["County:620423000000", "Village:620423101203", "Village:620423203201", "Village:620423107205"]) {
        ... on County { id name evidence { text } }
        ... on Village { id name evidence { text } }
      }
    }`);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const nodes = res.body.data?.nodes ?? [];
    expect(nodes).toHaveLength(4);
    for (const node of nodes) {
      expect(node?.evidence.length, node?.id).toBeGreaterThan(0);
      for (const s of node?.evidence ?? []) expect(s.text).toContain(node?.name);
    }
  });
});
