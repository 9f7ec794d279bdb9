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
// Baiyin's prefecture is the seeds' too: it stays.
const PREFECTURE = 'Prefecture:620400000000';
const others = baiyin.entities.filter((e) => !String(e.props.code).startsWith('620423') && e.id !== PREFECTURE);
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

  it('lists 白银市 among the prefectures with its 5 counties, each of them part of it', async () => {
    for (const [name, t] of both()) {
      const res = await t.gql<{
        prefectures: { id: string; name: string; nameEn: string; synthetic: boolean; counties: { code: string }[] }[];
        county: { prefecture: { id: string }; prefectureCode: string; prefectureName: string };
      }>(
        `{ prefectures { id name nameEn code provinceCode synthetic counties { code } }
           county { prefecture { id } prefectureCode prefectureName } }`,
      );
      expect(res.body.errors, name).toBeUndefined();
      const baiyinCity = res.body.data?.prefectures.find((p) => p.id === PREFECTURE);
      expect(baiyinCity, name).toMatchObject({ name: '白银市', nameEn: 'Baiyin City', synthetic: false });
      expect(
        baiyinCity?.counties.map((c) => c.code),
        name,
      ).toEqual(counties.map((c) => c.props.code));
      // The deprecated fields still answer, and say what the prefecture does.
      expect(res.body.data?.county, name).toEqual({
        prefecture: { id: PREFECTURE },
        prefectureCode: '620400000000',
        prefectureName: '白银市',
      });
      if (name === 'planned') expect(res.body.extensions?.cypherRoundTrips).toBe(1);
    }
  });

  it('answers prefecture(code:), and says NOT_FOUND or BAD_USER_INPUT for a code that names no prefecture', async () => {
    for (const [name, t] of both()) {
      const found = await t.gql<{ prefecture: { id: string; counties: unknown[] } }>(
        '{ prefecture(code: "620400000000") { id counties { id } } }',
      );
      expect(found.body.data?.prefecture.id, name).toBe(PREFECTURE);
      expect(found.body.data?.prefecture.counties, name).toHaveLength(5);
      // A county's code is no prefecture's.
      const missing = await t.gql('{ prefecture(code: "620423000000") { id } }');
      expect(missing.body.errors?.[0]?.extensions?.code, name).toBe('NOT_FOUND');
      expect(missing.body.data, name).toBeNull();
      const bad = await t.gql('{ prefecture(code: "白银市") { id } }');
      expect(bad.body.errors?.[0]?.extensions?.code, name).toBe('BAD_USER_INPUT');
      expect(bad.body.errors?.[0]?.message, name).toMatch(/12-digit division code/);
    }
  });

  it('counts within 白银市 what its five counties count between them', async () => {
    const WITHIN = `query ($within: ID) {
      villages(where: { within: $within }) { totalCount }
      people(where: { within: $within }) { totalCount }
      partyOrganizations(where: { within: $within }) { totalCount }
      cooperatives(where: { within: $within }) { totalCount }
      bases(where: { within: $within }) { totalCount }
      chains(preset: BRANCH_ENTERPRISE_BASE, within: $within) { totalCount }
    }`;
    type Counts = Record<string, { totalCount: number }>;
    for (const [name, t] of both()) {
      const of = async (within: string): Promise<Counts> => {
        const res = await t.gql<Counts>(WITHIN, { within });
        expect(res.body.errors, `${name} ${within}`).toBeUndefined();
        return res.body.data ?? {};
      };
      const whole = await of(PREFECTURE);
      const parts = await Promise.all(counties.map((c) => of(c.id)));
      const sum = (key: string): number => parts.reduce((n, p) => n + (p[key]?.totalCount ?? 0), 0);
      for (const key of Object.keys(whole)) expect(whole[key]?.totalCount, `${name} ${key}`).toBe(sum(key));
      // Villages of all five counties; people, organisations and chains are Jingtai's (the
      // others' divisions come without them), some of them five steps from the county.
      expect(whole.villages?.totalCount, name).toBe(baiyin.entities.filter((e) => e.label === 'Village').length);
      expect(whole.people?.totalCount, name).toBeGreaterThan(1000);
      expect(whole.chains?.totalCount, name).toBeGreaterThan(0);
    }
  });

  it('says the article is about 景泰县 alone, the place its figures are counted within', async () => {
    for (const [name, t] of both()) {
      const res = await t.gql<{ node: { about: unknown[] } }>(
        `{ node(id: "${ARTICLE}") { ... on SourceDocument { about { id name ... on County { prefecture { name } } } } } }`,
      );
      expect(res.body.errors, name).toBeUndefined();
      expect(res.body.data?.node.about, name).toEqual([
        { id: 'County:620423000000', name: '景泰县', prefecture: { name: '白银市' } },
      ]);
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
        'MATCH (n:Entity) WHERE n.synthetic AND n.code STARTS WITH $c OR n.id CONTAINS $k OR n.id = $p RETURN n.id AS id',
        {
          c: '629901',
          k: ':s629901-',
          p: 'Prefecture:629900000000',
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
        prefecture: { id: string; synthetic: boolean; name: string; counties: { id: string }[] };
        inPrefecture: { totalCount: number };
      }>(
        `query ($copy: ID) {
           copy: chains(preset: BRANCH_ENTERPRISE_BASE, within: $copy) { totalCount }
           jingtai: chains(preset: BRANCH_ENTERPRISE_BASE, within: "County:620423000000") { totalCount }
           county(code: "629901000000") { synthetic name }
           prefecture(code: "629900000000") { id synthetic name counties { id } }
           inPrefecture: chains(preset: BRANCH_ENTERPRISE_BASE, within: "Prefecture:629900000000") { totalCount }
         }`,
        { copy: synthetic },
      );
      expect(res.body.errors, name).toBeUndefined();
      expect(res.body.data?.copy.totalCount, name).toBeGreaterThan(0);
      expect(res.body.data?.copy.totalCount, name).toBe(res.body.data?.jingtai.totalCount);
      expect(res.body.data?.county, name).toEqual({ synthetic: true, name: '模拟001县' });
      expect(res.body.data?.prefecture, name).toEqual({
        id: 'Prefecture:629900000000',
        synthetic: true,
        name: '模拟99市',
        counties: [{ id: synthetic }],
      });
      expect(res.body.data?.inPrefecture.totalCount, name).toBe(res.body.data?.copy.totalCount);
    }
  });

  it("leaves Jingtai's 22 figures and their verdicts as they were", async () => {
    const after = await servers.planned.gql<{ figures: Figure[] }>(FIGURES);
    expect(after.body.data?.figures).toEqual(before);
  });
});
