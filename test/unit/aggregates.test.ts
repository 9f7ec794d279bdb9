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

describe('the planner refuses', () => {
  it('a group-by of more than two keys, or the same key twice, with BAD_USER_INPUT', async () => {
    for (const by of ['[TOWNSHIP, ONE_SHOULDER, SYNTHETIC]', '[TOWNSHIP, TOWNSHIP]', '[]']) {
      const { parts } = await plan(`{ villages { groupBy(by: ${by}) { synthetic } } }`);
      expect((parts[0] as Error & { extensions?: { code?: string } }).extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
