import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { projectRoot } from '../src/config.js';
import { readDivisions } from '../src/seed/divisions.js';
import { DEFAULT_SEED_DIR, seed } from '../src/seed/index.js';
import { writeSyntheticProvince } from '../src/seed/province.js';
import { plannedAndPerLevel, type TestServer } from './helpers.js';

// Counties as data: the real divisions of all of Baiyin (5 county-level units) and a synthetic
// county loaded beside Jingtai, read through the planner and level by level. Everything loaded
// here that is not Jingtai's is removed afterwards.

const BAIYIN = path.join(projectRoot, 'test/fixtures/baiyin-divisions/divisions.csv');
const ARTICLE = 'SourceDocument:xibaiyin-2020-04-23';
const baiyin = readDivisions(BAIYIN);
const others = baiyin.entities.filter((e) => !String(e.props.code).startsWith('620423'));
const counties = baiyin.entities.filter((e) => e.label === 'County');

const servers = plannedAndPerLevel();
const both = (): [string, TestServer][] => [
  ['planned', servers.planned],
  ['per level', servers.perLevel],
];

interface Figure {
  key: string;
  computed: number;
  consistent: boolean;
}
const FIGURES = `{ figures(document: "${ARTICLE}") { key computed consistent } }`;
let before: Figure[] = [];
let synthetic = '';

async function remove(t: TestServer, ids: string[]): Promise<void> {
  await t.db.write('MATCH (n:Node) WHERE n.id IN $ids DETACH DELETE n', { ids });
}

beforeAll(async () => {
  before = (await servers.planned.gql<{ figures: Figure[] }>(FIGURES)).body.data?.figures ?? [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baiyin-seeds-'));
  fs.copyFileSync(BAIYIN, path.join(dir, 'divisions.csv'));
  await seed(servers.planned.db, dir);
});

afterAll(async () => {
  await remove(
    servers.planned,
    others.map((e) => e.id),
  );
});

describe('the real divisions of Baiyin, loaded beside Jingtai', () => {
  it('holds the 5 counties, 78 towns and 846 village-level units, in one round trip when planned', async () => {
    for (const [name, t] of both()) {
      const res = await t.gql<{
        counties: {
          code: string;
          name: string;
          prefectureName: string;
          townships: { villages: unknown[]; communities: unknown[] }[];
        }[];
      }>(`{ counties { code name prefectureCode prefectureName provinceCode synthetic
                       townships { code villages { id } communities { id } } } }`);
      expect(res.body.errors, name).toBeUndefined();
      const real = (res.body.data?.counties ?? []).filter((c) => c.code.startsWith('6204'));
      expect(
        real.map((c) => c.code),
        name,
      ).toEqual(counties.map((c) => c.props.code));
      expect(
        real.every((c) => c.prefectureName === '白银市'),
        name,
      ).toBe(true);
      const townships = real.flatMap((c) => c.townships);
      expect(townships, name).toHaveLength(78);
      expect(
        townships.reduce((n, t) => n + t.villages.length + t.communities.length, 0),
        name,
      ).toBe(846);
      if (name === 'planned') expect(res.body.extensions?.cypherRoundTrips).toBe(1);
    }
  });

  it.each(counties.map((c) => [String(c.props.code), String(c.props.name)]))(
    'answers county(code: "%s") with %s, planned and level by level',
    async (code, countyName) => {
      const townships = baiyin.relations.filter((r) => r.to === `County:${code}`).length;
      for (const [name, t] of both()) {
        const res = await t.gql<{ county: { id: string; name: string; townships: unknown[] } }>(
          `query ($code: String) { county(code: $code) { id name code townships { id } } }`,
          { code },
        );
        expect(res.body.errors, name).toBeUndefined();
        expect(res.body.data?.county, name).toMatchObject({ id: `County:${code}`, name: countyName });
        expect(res.body.data?.county.townships, name).toHaveLength(townships);
      }
    },
  );

  it('defaults county to Jingtai, and says NOT_FOUND or BAD_USER_INPUT for a code that names no county', async () => {
    for (const [name, t] of both()) {
      const jingtai = await t.gql<{ county: { id: string } }>('{ county { id townships { id } } }');
      expect(jingtai.body.data?.county.id, name).toBe('County:620423000000');
      const missing = await t.gql('{ county(code: "620499000000") { id } }');
      expect(missing.body.errors?.[0]?.extensions?.code, name).toBe('NOT_FOUND');
      const bad = await t.gql('{ county(code: "6204") { id } }');
      expect(bad.body.errors?.[0]?.extensions?.code, name).toBe('BAD_USER_INPUT');
      expect(bad.body.errors?.[0]?.message, name).toMatch(/12-digit division code/);
    }
  });

  it('filters within a county other than Jingtai', async () => {
    const jingyuan = 'County:620421000000';
    const townshipIds = new Set(baiyin.relations.filter((r) => r.to === jingyuan).map((r) => r.from));
    const expected = baiyin.relations.filter((r) => townshipIds.has(r.to) && r.from.startsWith('Village:')).length;
    expect(expected).toBeGreaterThan(100);
    for (const [name, t] of both()) {
      const res = await t.gql<{
        villages: { totalCount: number; edges: { node: { id: string } }[] };
        chains: { totalCount: number };
        people: { totalCount: number };
      }>(
        `query ($within: ID) {
           villages(where: { within: $within }, first: 100) { totalCount edges { node { id } } }
           chains(preset: BRANCH_ENTERPRISE_BASE, within: $within) { totalCount }
           people(where: { within: $within }) { totalCount }
         }`,
        { within: jingyuan },
      );
      expect(res.body.errors, name).toBeUndefined();
      expect(res.body.data?.villages.totalCount, name).toBe(expected);
      expect(
        res.body.data?.villages.edges.every((e) => e.node.id.startsWith('Village:620421')),
        name,
      ).toBe(true);
      expect(res.body.data?.chains.totalCount, name).toBe(0);
      expect(res.body.data?.people.totalCount, name).toBe(0);
    }
  });

  it("leaves Jingtai's 22 figures and their verdicts as they were", async () => {
    expect(before).toHaveLength(22);
    const after = await servers.planned.gql<{ figures: Figure[] }>(FIGURES);
    expect(after.body.data?.figures).toEqual(before);
  });
});

describe('a synthetic county loaded beside Jingtai', () => {
  let ids: string[] = [];

  beforeAll(async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'province-')), 'seeds');
    writeSyntheticProvince(DEFAULT_SEED_DIR, out, 1);
    const set = await seed(servers.planned.db, out);
    expect(set.entities).toBeGreaterThan(5000);
    synthetic = 'County:629901000000';
    ids = (
      await servers.planned.db.read<{ id: string }>(
        'MATCH (n:Entity) WHERE n.synthetic AND n.code STARTS WITH $c OR n.id CONTAINS $k RETURN n.id AS id',
        {
          c: '629901',
          k: ':s629901-',
        },
      )
    ).map((r) => r.id);
  });

  afterAll(async () => {
    await remove(servers.planned, ids);
  });

  it('has as many 支部+龙头企业+基地 chains within it as Jingtai, planned and level by level', async () => {
    expect(ids.length).toBeGreaterThan(2700);
    for (const [name, t] of both()) {
      const res = await t.gql<{
        copy: { totalCount: number };
        jingtai: { totalCount: number };
        county: { synthetic: boolean; name: string };
      }>(
        `query ($copy: ID) {
           copy: chains(preset: BRANCH_ENTERPRISE_BASE, within: $copy) { totalCount }
           jingtai: chains(preset: BRANCH_ENTERPRISE_BASE, within: "County:620423000000") { totalCount }
           county(code: "629901000000") { synthetic name }
         }`,
        { copy: synthetic },
      );
      expect(res.body.errors, name).toBeUndefined();
      expect(res.body.data?.copy.totalCount, name).toBeGreaterThan(0);
      expect(res.body.data?.copy.totalCount, name).toBe(res.body.data?.jingtai.totalCount);
      expect(res.body.data?.county, name).toEqual({ synthetic: true, name: '模拟001县' });
    }
  });

  it("leaves Jingtai's 22 figures and their verdicts as they were", async () => {
    const after = await servers.planned.gql<{ figures: Figure[] }>(FIGURES);
    expect(after.body.data?.figures).toEqual(before);
  });
});
