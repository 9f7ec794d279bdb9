import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { describe, expect, it } from 'vitest';

import { projectRoot } from '../src/config.js';
import { plannedAndPerLevel, type GraphQLResponse } from './helpers.js';

// Analysts' questions, each one GraphQL query (the playground examples) answered in one Cypher
// round trip, checked against an independent hand-written Cypher oracle on the seed graph, and
// against the per-level path (planner off).
const example = (file: string): string => fs.readFileSync(path.join(projectRoot, 'web', 'examples', file), 'utf8');

const servers = plannedAndPerLevel();

const today = new Date().toISOString().slice(0, 10);
// Written here again on purpose, not imported from src/db/rules.ts: the oracle is independent.
const active = (r: string): string =>
  `(${r}.since IS NULL OR ${r}.since <= $today) AND (${r}.until IS NULL OR ${r}.until + '-99' >= $today)`;

async function oracle<T>(cypher: string): Promise<T[]> {
  return servers.planned.db.read<T & Record<string, unknown>>(cypher, { today });
}

/** Asks both paths; the planned one must take one round trip and both must agree. */
async function ask<T>(query: string): Promise<T> {
  const [a, b]: GraphQLResponse<T>[] = await Promise.all([
    servers.planned.gql<T>(query),
    servers.perLevel.gql<T>(query),
  ]);
  if (!a || !b) throw new Error('no answer');
  expect(a.body.errors, JSON.stringify(a.body.errors)).toBeUndefined();
  expect(a.body.extensions?.cypherRoundTrips).toBe(1);
  expect(isDeepStrictEqual(a.body.data, b.body.data), 'planned and per-level answers differ').toBe(true);
  return a.body.data as T;
}

interface Group {
  township: { id: string; name: string };
  aggregate: {
    count: number;
    countTrue?: { oneShoulder: number };
    shareTrue?: { oneShoulder: number | null };
    sum?: { collectiveIncome: number };
    avg?: { collectiveIncome: number | null };
  };
}

const close = (a: number | null | undefined, b: number | null | undefined): boolean =>
  a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(b)));

describe('analysts’ questions in one query each', () => {
  it('(a) the 一肩挑 share of villages per township', async () => {
    const data = await ask<{ villages: { groupBy: Group[]; aggregate: { count: number } } }>(
      example('07-one-shoulder-share-by-township.graphql'),
    );
    const expected = await oracle<{ township: string; villages: number; oneShoulder: number }>(`
      MATCH (v:Village)-[:PART_OF]->(t:Township)
      WITH t, v, EXISTS {
        MATCH (v)<-[:GOVERNS]-(:PartyOrganization)<-[s:HOLDS_POST]-(:Person)-[d:HOLDS_POST]->(v)
        WHERE s.role = 'PARTY_SECRETARY' AND d.role = 'VILLAGE_COMMITTEE_DIRECTOR' AND ${active('s')} AND ${active('d')}
      } AS both
      RETURN t.id AS township, count(v) AS villages, size([x IN collect(both) WHERE x]) AS oneShoulder`);
    const groups = data.villages.groupBy;
    expect(groups.map((g) => g.township.id).sort()).toEqual(expected.map((e) => e.township).sort());
    for (const e of expected) {
      const g = groups.find((x) => x.township.id === e.township);
      expect(g?.aggregate.count).toBe(e.villages);
      expect(g?.aggregate.countTrue?.oneShoulder).toBe(e.oneShoulder);
      expect(close(g?.aggregate.shareTrue?.oneShoulder, e.oneShoulder / e.villages)).toBe(true);
    }
    const shares = groups.map((g) => g.aggregate.shareTrue?.oneShoulder ?? 0);
    expect(shares).toEqual([...shares].sort((x, y) => y - x));
    expect(data.villages.aggregate.count).toBe(expected.reduce((n, e) => n + e.villages, 0));
  });

  it('(b) total and average collective income, and villages at or above 50,000 yuan, per township', async () => {
    const data = await ask<{
      all: { groupBy: Group[] };
      atLeast50000: { groupBy: Group[]; aggregate: { count: number } };
    }>(example('08-collective-income-by-township.graphql'));
    const expected = await oracle<{ township: string; total: number; average: number | null; rich: number }>(`
      MATCH (v:Village)-[:PART_OF]->(t:Township)
      RETURN t.id AS township, sum(v.collectiveIncome) AS total, avg(v.collectiveIncome) AS average,
             count(CASE WHEN v.collectiveIncome >= 50000 THEN 1 END) AS rich`);
    expect(expected.length).toBeGreaterThan(0);
    for (const e of expected) {
      const g = data.all.groupBy.find((x) => x.township.id === e.township);
      expect(close(g?.aggregate.sum?.collectiveIncome, e.total), e.township).toBe(true);
      expect(close(g?.aggregate.avg?.collectiveIncome, e.average), e.township).toBe(true);
      const rich = data.atLeast50000.groupBy.find((x) => x.township.id === e.township);
      expect(rich?.aggregate.count ?? 0).toBe(e.rich);
    }
    const totals = data.all.groupBy.map((g) => g.aggregate.sum?.collectiveIncome ?? 0);
    expect(totals).toEqual([...totals].sort((x, y) => y - x));
    expect(data.atLeast50000.aggregate.count).toBe(expected.reduce((n, e) => n + e.rich, 0));
  });

  it('(c) villages with no cadre stationed now', async () => {
    const data = await ask<{
      villages: {
        totalCount: number;
        groupBy: Group[];
        edges: { node: { id: string } }[];
      };
    }>(example('09-villages-without-stationed-cadre.graphql'));
    const expected = await oracle<{ id: string; township: string }>(`
      MATCH (v:Village)
      WHERE NOT EXISTS { MATCH (:Person)-[s:STATIONED_IN]->(v) WHERE ${active('s')} }
      RETURN v.id AS id, COLLECT { MATCH (v)-[:PART_OF]->(t:Township) RETURN t.id }[0] AS township
      ORDER BY v.code, v.id`);
    expect(data.villages.totalCount).toBe(expected.length);
    expect(data.villages.edges.map((e) => e.node.id)).toEqual(expected.slice(0, 100).map((e) => e.id));
    const perTownship = new Map<string, number>();
    for (const e of expected) perTownship.set(e.township, (perTownship.get(e.township) ?? 0) + 1);
    expect(new Map(data.villages.groupBy.map((g) => [g.township.id, g.aggregate.count]))).toEqual(perTownship);
  });
});

describe('two townships side by side (example 10)', () => {
  it('gives each township’s figures as hand-written Cypher counts them, in one round trip', async () => {
    type Count = { totalCount: number };
    type Villages = {
      aggregate: { count: number; countTrue: { oneShoulder: number }; sum: { collectiveIncome: number } };
    };
    const data = await ask<Record<string, Count & Villages>>(example('10-two-townships-side-by-side.graphql'));
    const towns = { luyang: 'Township:620423101000', sitan: 'Township:620423203000' };
    const within = (label: string, extra = ''): string => `COUNT {
        MATCH (x:${label}) WHERE NOT x:Deleted ${extra}
          AND EXISTS { MATCH (x)-[:PART_OF|LOCATED_IN|GOVERNS|HOLDS_POST|STATIONED_IN*0..5]->(:Township {id: $town}) } }`;
    for (const [prefix, town] of Object.entries(towns)) {
      const [expected] = await servers.planned.db.read<Record<string, number>>(
        `MATCH (t:Township {id: $town})
         CALL (t) { MATCH (v:Village)-[:PART_OF]->(t) RETURN sum(v.collectiveIncome) AS income }
         RETURN COUNT { (v:Village)-[:PART_OF]->(t) } AS villages, income,
           COUNT { MATCH (v:Village)-[:PART_OF]->(t)
                   WHERE EXISTS { MATCH (v)<-[:GOVERNS]-(:PartyOrganization)<-[s:HOLDS_POST]-(p:Person)-[d:HOLDS_POST]->(v)
                                  WHERE s.role = 'PARTY_SECRETARY' AND d.role = 'VILLAGE_COMMITTEE_DIRECTOR'
                                    AND ${active('s')} AND ${active('d')} } } AS oneShoulder,
           COUNT { MATCH (v:Village)-[:PART_OF]->(t) WHERE v.collectiveIncome >= 50000 } AS atLeast50000,
           ${within('Cooperative')} AS cooperatives,
           ${within('Base')} AS bases,
           ${within('PartyOrganization', "AND x.orgType = 'INDUSTRY_PARTY_BRANCH'")} AS branches,
           ${within('Person', "AND EXISTS { MATCH (x)-[s:STATIONED_IN]->() WHERE s.level = 'PROVINCIAL' }")} AS provincial`,
        { town, today },
      );
      if (!expected) throw new Error(`no ${town}`);
      const villages = data[`${prefix}Villages`]?.aggregate;
      expect(villages?.count).toBe(expected.villages);
      expect(villages?.countTrue.oneShoulder).toBe(expected.oneShoulder);
      expect(close(villages?.sum.collectiveIncome, expected.income)).toBe(true);
      expect(data[`${prefix}AtLeast50000`]?.totalCount).toBe(expected.atLeast50000);
      expect(data[`${prefix}Cooperatives`]?.totalCount).toBe(expected.cooperatives);
      expect(data[`${prefix}Bases`]?.totalCount).toBe(expected.bases);
      expect(data[`${prefix}IndustryBranches`]?.totalCount).toBe(expected.branches);
      expect(data[`${prefix}ProvincialCadres`]?.totalCount).toBe(expected.provincial);
    }
    // The two townships differ: the comparison says something.
    expect(data.luyangVillages?.aggregate.count).not.toBe(data.sitanVillages?.aggregate.count);
  });
});

describe('aggregates on every list', () => {
  it.each([
    ['partyOrganizations', 'countDistinct { name orgType }'],
    ['people', 'countDistinct { name }'],
    ['cooperatives', 'countDistinct { industry }'],
    ['enterprises', 'countTrue { leading } shareTrue { leading }'],
    ['bases', 'countDistinct { industry }'],
    ['socialOrganizations', 'shareTrue { synthetic }'],
  ])('%s: count and synthetic as the list counts them, planned and per level alike', async (list, more) => {
    const data = await ask<
      Record<string, { totalCount: number; aggregate: { count: number; countTrue: { synthetic: number } } }>
    >(
      `{ ${list}(first: 0) { totalCount aggregate { count countTrue { synthetic } ${more} } } real: ${list}(where: { synthetic: false }, first: 0) { totalCount } }`,
    );
    const all = data[list];
    expect(all?.aggregate.count).toBe(all?.totalCount);
    expect(all?.aggregate.countTrue.synthetic).toBe((all?.totalCount ?? 0) - (data.real?.totalCount ?? 0));
  });

  it('groups by two keys, each group with both key fields', async () => {
    const data = await ask<{
      villages: { groupBy: { township: { id: string }; modelVillage: boolean; aggregate: { count: number } }[] };
    }>(
      '{ villages(first: 0) { groupBy(by: [TOWNSHIP, MODEL_VILLAGE], first: 100) { township { id } modelVillage aggregate { count } } } }',
    );
    const expected = await oracle<{ n: number }>(`
      MATCH (v:Village)-[:PART_OF]->(t:Township)
      WITH DISTINCT t, EXISTS { MATCH (v)-[:IMPLEMENTS]->(:Program {id: 'Program:collective-economy-model-villages'}) } AS model
      RETURN count(*) AS n`);
    expect(data.villages.groupBy).toHaveLength(expected[0]?.n ?? -1);
    expect(data.villages.groupBy.every((g) => typeof g.modelVillage === 'boolean')).toBe(true);
  });
});

describe('group-by and rankings on the other lists', () => {
  it('(d) resident cadres now by level × township (example 11)', async () => {
    type PersonGroup = { stationingLevel: string; township: { id: string }; aggregate: { count: number } };
    const data = await ask<{ people: { aggregate: { count: number }; groupBy: PersonGroup[] } }>(
      example('11-resident-cadres-by-level-and-township.graphql'),
    );
    const expected = await oracle<{ level: string; township: string; people: number }>(`
      MATCH (p:Person)-[s:STATIONED_IN]->(:Village)-[:PART_OF]->(t:Township)
      WHERE ${active('s')}
      RETURN s.level AS level, t.id AS township, count(DISTINCT p) AS people`);
    expect(expected.length).toBeGreaterThan(1);
    const key = (level: string, township: string): string => `${level}|${township}`;
    expect(new Map(data.people.groupBy.map((g) => [key(g.stationingLevel, g.township.id), g.aggregate.count]))).toEqual(
      new Map(expected.map((e) => [key(e.level, e.township), e.people])),
    );
    const counts = data.people.groupBy.map((g) => g.aggregate.count);
    expect(counts).toEqual([...counts].sort((x, y) => y - x));
    expect(data.people.aggregate.count).toBe(expected.reduce((n, e) => n + e.people, 0));
  });

  it('(e) the leading enterprises that link the most villages, through partners and bases (example 12)', async () => {
    type Node = { id: string; villagesReached: number };
    const data = await ask<{
      enterprises: {
        totalCount: number;
        aggregate: { sum: { villagesReached: number }; max: { villagesReached: number } };
        edges: { node: Node }[];
        groupBy: { industry: string; aggregate: { count: number; sum: { villagesReached: number } } }[];
      };
    }>(example('12-leading-enterprises-by-villages-reached.graphql'));
    const expected = await oracle<{ id: string; industry: string; villages: number }>(`
      MATCH (e:Enterprise {leading: true})
      WITH e,
        [(e)<-[:PARTNERS_WITH]-(:PartyOrganization)-[:GOVERNS]->(v:Village) | v.id] +
        [(e)<-[:PARTNERS_WITH]-(:PartyOrganization)-[:PART_OF]->(:PartyOrganization)-[:GOVERNS]->(v:Village) | v.id] +
        [(e)-[:OPERATES]->(:Base)-[:LOCATED_IN]->(v:Village) | v.id] AS reached
      UNWIND CASE size(reached) WHEN 0 THEN [null] ELSE reached END AS v
      RETURN e.id AS id, e.industry AS industry, count(DISTINCT v) AS villages
      ORDER BY villages DESC, id`);
    expect(data.enterprises.totalCount).toBe(expected.length);
    expect(data.enterprises.edges.map((e) => [e.node.id, e.node.villagesReached])).toEqual(
      expected.slice(0, 5).map((e) => [e.id, e.villages]),
    );
    // The ranking ranks something: not every leading enterprise reaches as many villages.
    expect(new Set(expected.map((e) => e.villages)).size).toBeGreaterThan(1);
    expect(data.enterprises.aggregate.sum.villagesReached).toBe(expected.reduce((n, e) => n + e.villages, 0));
    expect(data.enterprises.aggregate.max.villagesReached).toBe(expected[0]?.villages);
    const byIndustry = new Map<string, number>();
    for (const e of expected) byIndustry.set(e.industry, (byIndustry.get(e.industry) ?? 0) + e.villages);
    expect(new Map(data.enterprises.groupBy.map((g) => [g.industry, g.aggregate.sum.villagesReached]))).toEqual(
      new Map([...byIndustry].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10)),
    );
  });

  it.each([
    ['partyOrganizations', 'ORG_TYPE', 'orgType', 'n.orgType'],
    ['cooperatives', 'INDUSTRY', 'industry', 'n.industry'],
    ['bases', 'INDUSTRY', 'industry', 'n.industry'],
    ['enterprises', 'LEADING', 'leading', 'coalesce(n.leading, false)'],
    ['socialOrganizations', 'SYNTHETIC', 'synthetic', 'n.synthetic'],
  ])('%s grouped by %s: the groups count every item once', async (list, by, field, expression) => {
    const label = {
      partyOrganizations: 'PartyOrganization',
      cooperatives: 'Cooperative',
      bases: 'Base',
      enterprises: 'Enterprise',
      socialOrganizations: 'SocialOrganization',
    }[list];
    const data = await ask<Record<string, { totalCount: number; groupBy: Record<string, unknown>[] }>>(
      `{ ${list}(first: 0) { totalCount groupBy(by: [${by}], first: 100) { ${field} aggregate { count } } } }`,
    );
    const expected = await oracle<{ key: unknown; n: number }>(
      `MATCH (n:${String(label)}) RETURN ${expression} AS key, count(n) AS n ORDER BY key`,
    );
    const groups = data[list]?.groupBy ?? [];
    expect(groups.map((g) => [g[field], (g.aggregate as { count: number }).count])).toEqual(
      expected.map((e) => [e.key, e.n]),
    );
  });

  it('groups organisations by township, each counted in at most one township', async () => {
    const data = await ask<{
      partyOrganizations: {
        totalCount: number;
        groupBy: { township: { id: string } | null; aggregate: { count: number } }[];
      };
    }>(
      '{ partyOrganizations(first: 0) { totalCount groupBy(by: [TOWNSHIP], first: 100) { township { id } aggregate { count } } } }',
    );
    const groups = data.partyOrganizations.groupBy;
    expect(groups.reduce((n, g) => n + g.aggregate.count, 0)).toBe(data.partyOrganizations.totalCount);
    const [village] = await oracle<{ township: string; n: number }>(`
      MATCH (t:Township {id: 'Township:620423101000'})
      RETURN t.id AS township, COUNT { MATCH (o:PartyOrganization)-[:PART_OF*0..1]->(:PartyOrganization)-[:GOVERNS]->(:Village)-[:PART_OF]->(t) } AS n`);
    const luyang = groups.find((g) => g.township?.id === village?.township);
    // Village organisations and their branches are in their village's township (township bodies too).
    expect(luyang?.aggregate.count ?? 0).toBeGreaterThanOrEqual(village?.n ?? 1);
  });
});

describe('a time series in one query', () => {
  it('(f) 一肩挑 villages and first secretaries in post per year 2017–2020 (example 13)', async () => {
    type Year = { year: number; aggregate: { count: number; countTrue?: { oneShoulder: number } } };
    const data = await ask<{ villages: { perYear: Year[] }; firstSecretaries: { perYear: Year[] } }>(
      example('13-one-shoulder-and-first-secretaries-per-year.graphql'),
    );
    // Each year's window written out by hand: active at some day of the year.
    const during = (r: string): string =>
      `(${r}.since IS NULL OR ${r}.since <= toString(y) + '-12-31') AND (${r}.until IS NULL OR ${r}.until + '-99' >= toString(y) + '-01-01')`;
    const expected = await oracle<{ year: number; villages: number; oneShoulder: number; firstSecretaries: number }>(`
      UNWIND [2017, 2018, 2019, 2020] AS y
      RETURN y AS year,
        COUNT { MATCH (v:Village) } AS villages,
        COUNT { MATCH (v:Village) WHERE EXISTS {
          MATCH (v)<-[:GOVERNS]-(:PartyOrganization)<-[s:HOLDS_POST]-(:Person)-[d:HOLDS_POST]->(v)
          WHERE s.role = 'PARTY_SECRETARY' AND d.role = 'VILLAGE_COMMITTEE_DIRECTOR' AND ${during('s')} AND ${during('d')} } } AS oneShoulder,
        COUNT { MATCH (p:Person) WHERE EXISTS {
          MATCH (p)-[f:HOLDS_POST]->() WHERE f.role = 'FIRST_SECRETARY' AND ${during('f')} } } AS firstSecretaries
      ORDER BY year`);
    expect(data.villages.perYear.map((y) => [y.year, y.aggregate.count, y.aggregate.countTrue?.oneShoulder])).toEqual(
      expected.map((e) => [e.year, e.villages, e.oneShoulder]),
    );
    expect(data.firstSecretaries.perYear.map((y) => [y.year, y.aggregate.count])).toEqual(
      expected.map((e) => [e.year, e.firstSecretaries]),
    );
    // The series moves: first secretaries were not all in post from 2017.
    expect(new Set(expected.map((e) => e.firstSecretaries)).size).toBeGreaterThan(1);
  });

  it('refuses a series backwards or too long with BAD_USER_INPUT', async () => {
    for (const args of ['from: 2020, to: 2017', 'from: 1900, to: 2020', 'from: 1950, to: 2020']) {
      const res = await servers.planned.gql(`{ villages(first: 0) { perYear(${args}) { year } } }`);
      expect(res.body.errors?.[0]?.extensions?.code, args).toBe('BAD_USER_INPUT');
    }
  });
});

describe('AND, OR and NOT in filters', () => {
  it('partition and combine the lists as hand-written Cypher does, planned and per level alike', async () => {
    type Count = { totalCount: number };
    const data = await ask<Record<string, Count>>(`{
      all: villages(first: 0) { totalCount }
      model: villages(where: { modelVillage: true }, first: 0) { totalCount }
      notModel: villages(where: { NOT: { modelVillage: true } }, first: 0) { totalCount }
      unstationedOrRich: villages(where: { OR: [{ NOT: { stationed: true } }, { collectiveIncomeMin: 50000 }] }, first: 0) { totalCount }
      luyangNotRich: villages(where: { AND: [{ township: "Township:620423101000" }, { NOT: { collectiveIncomeMin: 50000 } }] }, first: 0) { totalCount }
      notFirstSecretary: people(where: { stationed: true, NOT: { role: FIRST_SECRETARY } }, first: 0) { totalCount }
      uncoveredOrLeading: enterprises(where: { OR: [{ covered: false }, { leading: true }] }, first: 0) { totalCount }
      noCooperative: partyOrganizations(where: { orgTypes: [VILLAGE_PARTY_ORGANIZATION], NOT: { leadsCooperatives: true } }, first: 0) { totalCount }
    }`);
    const [expected] = await oracle<Record<string, number>>(`
      RETURN
        COUNT { MATCH (v:Village) WHERE NOT EXISTS { MATCH (:Person)-[s:STATIONED_IN]->(v) WHERE ${active('s')} } OR v.collectiveIncome >= 50000 } AS unstationedOrRich,
        COUNT { MATCH (v:Village)-[:PART_OF]->(:Township {id: 'Township:620423101000'}) WHERE NOT coalesce(v.collectiveIncome >= 50000, false) } AS luyangNotRich,
        COUNT { MATCH (p:Person) WHERE EXISTS { MATCH (p)-[s:STATIONED_IN]->() WHERE ${active('s')} }
                AND NOT EXISTS { MATCH (p)-[f:HOLDS_POST]->() WHERE f.role = 'FIRST_SECRETARY' } } AS notFirstSecretary,
        COUNT { MATCH (e:Enterprise) WHERE NOT EXISTS { (e)<-[:COVERS]-(:PartyOrganization) } OR e.leading = true } AS uncoveredOrLeading,
        COUNT { MATCH (o:PartyOrganization {orgType: 'VILLAGE_PARTY_ORGANIZATION'}) WHERE NOT EXISTS { (o)-[:LEADS]->(:Cooperative) } } AS noCooperative`);
    if (!expected) throw new Error('no oracle row');
    expect((data.model?.totalCount ?? 0) + (data.notModel?.totalCount ?? 0)).toBe(data.all?.totalCount);
    expect(data.model?.totalCount).toBeGreaterThan(0);
    for (const name of Object.keys(expected)) {
      expect(data[name]?.totalCount, name).toBe(expected[name]);
      expect(expected[name], `${name} says something`).toBeGreaterThan(0);
    }
  });
});
