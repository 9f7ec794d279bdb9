import { describe, expect, it } from 'vitest';

import { plan, values } from './plan.js';

describe('the planner compiles aggregates', () => {
  it('a list without aggregate or groupBy exactly as before', async () => {
    const { cypher } = await plan('{ villages(first: 2) { totalCount edges { node { name } } } }');
    expect(cypher).not.toContain('aggregate');
    expect(cypher).toMatch(/^CALL \(\) \{\n {2}MATCH \(n:Village\)/);
  });

  it('sums, averages and flag counts over the list’s filter, beside its count, in one query', async () => {
    const { cypher, params } = await plan(
      '{ villages(where: { collectiveIncomeMin: 50000 }) { totalCount aggregate { count sum { collectiveIncome } avg { collectiveIncome } a: max { collectiveIncome } countTrue { modelVillage synthetic } countDistinct { township } } } }',
    );
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
      MATCH (n:Village) WHERE n.collectiveIncome >= $p0
      RETURN {count: count(n), sum: {\`collectiveIncome\`: sum(CASE WHEN n.collectiveIncome IS :: INTEGER OR n.collectiveIncome IS :: FLOAT THEN n.collectiveIncome END)}, avg: {\`collectiveIncome\`: avg(CASE WHEN n.collectiveIncome IS :: INTEGER OR n.collectiveIncome IS :: FLOAT THEN n.collectiveIncome END)}, max: {\`collectiveIncome\`: max(CASE WHEN n.collectiveIncome IS :: INTEGER OR n.collectiveIncome IS :: FLOAT THEN n.collectiveIncome END)}, countTrue: {\`modelVillage\`: count(CASE WHEN EXISTS { MATCH (n)-[:IMPLEMENTS]->(:Program {id: $p1}) } THEN 1 END), \`synthetic\`: count(CASE WHEN n.synthetic = true THEN 1 END)}, countDistinct: {\`township\`: count(DISTINCT COLLECT { MATCH (n)-[:PART_OF]->(t:Township) RETURN t.id LIMIT 1 }[0])}} AS aggregate
      }
      CALL () {
      RETURN {page: [], count: COUNT { MATCH (n:Village) WHERE n.collectiveIncome >= $p0 }} AS list
      }
      RETURN list {.*, \`@aggregate\`: aggregate} AS r0"
    `);
    expect(values(params)).toMatchInlineSnapshot(`
      {
        "p0": 50000,
        "p1": "Program:collective-economy-model-villages",
      }
    `);
  });

  it('the same aggregate pattern on the other lists', async () => {
    const { cypher } = await plan(
      '{ enterprises(where: { industry: "枸杞" }) { aggregate { count countTrue { leading synthetic } shareTrue { leading } countDistinct { industry } } } }',
    );
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
      MATCH (n:Enterprise) WHERE n.industry = $p0
      RETURN {count: count(n), countTrue: {\`leading\`: count(CASE WHEN n.leading = true THEN 1 END), \`synthetic\`: count(CASE WHEN n.synthetic = true THEN 1 END)}, shareTrue: {\`leading\`: avg(CASE WHEN n.leading = true THEN 1.0 ELSE 0.0 END)}, countDistinct: {\`industry\`: count(DISTINCT n.industry)}} AS aggregate
      }
      CALL () {
      RETURN {page: [], count: null} AS list
      }
      RETURN list {.*, \`@aggregate\`: aggregate} AS r0"
    `);
  });

  it('a group-by township with the township planned, ordered by an aggregate and limited', async () => {
    const { cypher, params } = await plan(
      '{ villages(first: 0) { groupBy(by: [TOWNSHIP, SYNTHETIC], orderBy: { sum: { collectiveIncome: DESC } }, first: 5) { township { name county { name } } synthetic aggregate { count avg { collectiveIncome } } } } }',
    );
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
      MATCH (n:Village)
      WITH n, COLLECT { MATCH (n)-[:PART_OF]->(t:Township) RETURN t ORDER BY t.code, t.id LIMIT 1 }[0] AS k0, coalesce(n.synthetic, false) AS k1
      WITH k0, k1, {count: count(n), sum: {\`collectiveIncome\`: sum(CASE WHEN n.collectiveIncome IS :: INTEGER OR n.collectiveIncome IS :: FLOAT THEN n.collectiveIncome END)}, avg: {\`collectiveIncome\`: avg(CASE WHEN n.collectiveIncome IS :: INTEGER OR n.collectiveIncome IS :: FLOAT THEN n.collectiveIncome END)}} AS a
      ORDER BY a.sum.\`collectiveIncome\` DESC, k0.code, k0.id, k1
      LIMIT $p0
      RETURN collect({township: k0 {.\`id\`, .\`name\`, \`@county\`: [(k0)-[:PART_OF]->(m1:Entity) | m1 {.\`id\`, .\`name\`}][0]}, synthetic: k1, aggregate: a}) AS groups0
      }
      CALL () {
      RETURN {page: [], count: null} AS list
      }
      RETURN list {.*, \`@groupBy\`: groups0} AS r0"
    `);
    expect(values(params)).toMatchInlineSnapshot(`
      {
        "p0": 5,
      }
    `);
  });

  it('several root fields with aggregates into one query of CALL subqueries', async () => {
    const { cypher } = await plan(
      '{ a: villages { aggregate { count } } b: people(where: { role: FIRST_SECRETARY }) { aggregate { count countDistinct { name } } } }',
    );
    expect(cypher.match(/^CALL \(\) \{\n/gm)?.length).toBeGreaterThanOrEqual(2);
    expect(cypher).toMatch(/RETURN r0, r1$/);
  });
});

describe('the planner compiles group-by and rankings on the other lists', () => {
  it('people by stationing level × township, both keys looking at the group-by’s asOf', async () => {
    const { cypher, params } = await plan(
      '{ people(where: { stationed: true }, first: 0) { groupBy(by: [STATIONING_LEVEL, TOWNSHIP], asOf: "2020-06") { stationingLevel township { name } aggregate { count } } } }',
    );
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
      MATCH (n:Person) WHERE EXISTS { MATCH (n)-[stay:STATIONED_IN]->() WHERE (stay.since IS NULL OR stay.since <= $p0) AND (stay.until IS NULL OR stay.until + '-99' >= $p1) }
      WITH n, COLLECT { MATCH (n)-[s:STATIONED_IN]->() WHERE (s.since IS NULL OR s.since <= $p2) AND (s.until IS NULL OR s.until + '-99' >= $p3) RETURN s.level ORDER BY s.level LIMIT 1 }[0] AS k0, COLLECT { MATCH p = (n)-[r:STATIONED_IN|HOLDS_POST]->()-[:PART_OF|LOCATED_IN|GOVERNS*0..3]->(t:Township) WHERE (r.since IS NULL OR r.since <= $p4) AND (r.until IS NULL OR r.until + '-99' >= $p5) RETURN t ORDER BY CASE type(r) WHEN 'STATIONED_IN' THEN 0 ELSE 1 END, length(p), t.code, t.id LIMIT 1 }[0] AS k1
      WITH k0, k1, {count: count(n)} AS a
      ORDER BY k0, k1.code, k1.id
      LIMIT $p6
      RETURN collect({stationingLevel: k0, township: k1 {.\`id\`, .\`name\`}, aggregate: a}) AS groups0
      }
      CALL () {
      RETURN {page: [], count: null} AS list
      }
      RETURN list {.*, \`@groupBy\`: groups0} AS r0"
    `);
    // The filter's "stationed" is now; the keys look at June 2020.
    const today = new Date().toISOString().slice(0, 10);
    expect(values(params)).toEqual({
      p0: today,
      p1: today,
      p2: '2020-06-30',
      p3: '2020-06-01',
      p4: '2020-06-30',
      p5: '2020-06-01',
      p6: 20,
    });
  });

  it('enterprises ranked by a relationship count, with its sum in the aggregate', async () => {
    const { cypher } = await plan(
      '{ enterprises(orderBy: [{ field: VILLAGES_REACHED, direction: DESC }], first: 3) { aggregate { sum { villagesReached } } edges { node { name villagesReached } } } }',
    );
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
      MATCH (n:Enterprise)
      RETURN {sum: {\`villagesReached\`: sum(COUNT { MATCH (n)<-[:PARTNERS_WITH]-(:PartyOrganization)-[:PART_OF|GOVERNS*1..2]->(x:Village) RETURN x
          UNION MATCH (n)-[:OPERATES]->(:Base)-[:LOCATED_IN]->(x:Village) RETURN x })}} AS aggregate
      }
      CALL () {
      CALL () {
        MATCH (n:Enterprise)
        WITH n, COUNT { MATCH (n)<-[:PARTNERS_WITH]-(:PartyOrganization)-[:PART_OF|GOVERNS*1..2]->(x:Village) RETURN x
          UNION MATCH (n)-[:OPERATES]->(:Base)-[:LOCATED_IN]->(x:Village) RETURN x } AS k0
        WITH n, k0 ORDER BY k0 DESC, n.id LIMIT $p0
        RETURN collect({node: n {.\`id\`, .\`name\`, \`@villagesReached\`: COUNT { MATCH (n)<-[:PARTNERS_WITH]-(:PartyOrganization)-[:PART_OF|GOVERNS*1..2]->(x:Village) RETURN x
          UNION MATCH (n)-[:OPERATES]->(:Base)-[:LOCATED_IN]->(x:Village) RETURN x }}, key: [k0, n.id]}) AS page
      }
      RETURN {page: page, count: null} AS list
      }
      RETURN list {.*, \`@aggregate\`: aggregate} AS r0"
    `);
  });

  it('the same group-by arguments on every list, with each kind’s own keys', async () => {
    for (const [list, by, field] of [
      ['partyOrganizations', 'ORG_TYPE', 'orgType'],
      ['cooperatives', 'INDUSTRY', 'industry'],
      ['enterprises', 'LEADING', 'leading'],
      ['bases', 'TOWNSHIP', 'township { id }'],
      ['socialOrganizations', 'SYNTHETIC', 'synthetic'],
    ]) {
      const { parts } = await plan(
        `{ ${String(list)}(first: 0) { groupBy(by: [${String(by)}], orderBy: { count: DESC }, first: 3) { ${String(field)} aggregate { count } } } }`,
      );
      expect(parts[0], `${String(list)} by ${String(by)}`).not.toBeInstanceOf(Error);
    }
  });
});

describe('the planner compiles a series', () => {
  it('per year: the filter’s role and the 一肩挑 flag within each year, the bounds computed from the year', async () => {
    const { cypher, params } = await plan(
      '{ v: villages(first: 0) { perYear(from: 2017, to: 2020) { year aggregate { countTrue { oneShoulder } } } } p: people(where: { role: FIRST_SECRETARY, asOf: "2015" }, first: 0) { perYear(from: 2019, to: 2020) { year aggregate { count } } } }',
    );
    expect(cypher).toMatch(/UNWIND range\(\$\w+, \$\w+\) AS year/);
    expect(cypher).toContain("s.since <= toString(year) + '-12-31'");
    // The year replaces the filter's asOf in the series (the list's own count keeps it).
    const bound = Object.entries(values(params)).find(([, v]) => v === '2015-12-31')?.[0];
    const peopleSeries = cypher.slice(cypher.lastIndexOf('UNWIND range'));
    expect(bound).toBeDefined();
    expect(peopleSeries).not.toContain(`$${String(bound)})`);
    expect(cypher).toMatch(
      /post\.role = \$\w+ AND \(post\.since IS NULL OR post\.since <= toString\(year\) \+ '-12-31'\)/,
    );
    expect(cypher).toMatch(/WITH year, a ORDER BY year\nRETURN collect\(\{year: year, aggregate: a\}\) AS series0/);
  });
});

describe('the planner refuses', () => {
  it('a group-by of more than two keys, or the same key twice, with BAD_USER_INPUT', async () => {
    for (const by of ['[TOWNSHIP, ONE_SHOULDER, SYNTHETIC]', '[TOWNSHIP, TOWNSHIP]', '[]']) {
      const { parts } = await plan(`{ villages { groupBy(by: ${by}) { synthetic } } }`);
      expect((parts[0] as Error & { extensions?: { code?: string } }).extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
