import { describe, expect, it } from 'vitest';

import { MAX_WHERE_NESTING } from '../../src/db/filters.js';
import { plan, values } from './plan.js';

// AND / OR / NOT in every `…Where`, compiled by the filter's own rules: GraphQL in, Cypher out.
describe('the planner compiles AND, OR and NOT in filters', () => {
  it('NOT around a rule, OR of two filters, AND members side by side with the rest (an anchor kept in the MATCH)', async () => {
    const { cypher, params } = await plan(
      '{ villages(where: { AND: [{ township: "Township:620423101000" }], OR: [{ modelVillage: true }, { collectiveIncomeMin: 50000, synthetic: false }], NOT: { nameContains: "城" } }, first: 0) { totalCount } }',
    );
    expect(cypher).toMatchInlineSnapshot(
      `"RETURN {page: [], count: COUNT { MATCH (n:Village), (n)-[:PART_OF]->(:Township {id: $p0}) WHERE ((EXISTS { MATCH (n)-[:IMPLEMENTS]->(:Program {id: $p1}) }) OR (n.synthetic = $p2 AND n.collectiveIncome >= $p3)) AND NOT (n.name CONTAINS $p4) }} AS r0"`,
    );
    expect(values(params)).toMatchInlineSnapshot(`
      {
        "p0": "Township:620423101000",
        "p1": "Program:collective-economy-model-villages",
        "p2": false,
        "p3": 50000,
        "p4": "城",
      }
    `);
  });

  it('the same on the other lists, nested: a person who is no first secretary, or a provincial cadre', async () => {
    const { cypher } = await plan(
      '{ people(where: { OR: [{ NOT: { role: FIRST_SECRETARY } }, { stationedLevel: PROVINCIAL }] }, first: 0) { totalCount } }',
    );
    expect(cypher).toMatchInlineSnapshot(
      `"RETURN {page: [], count: COUNT { MATCH (n:Person) WHERE ((NOT (EXISTS { MATCH (n)-[post:HOLDS_POST]->() WHERE post.role = $p0 })) OR (EXISTS { MATCH (n)-[stay:STATIONED_IN]->() WHERE stay.level = $p1 })) }} AS r0"`,
    );
  });

  it('inside a filter across a relationship, and on organisations', async () => {
    const { cypher } = await plan(
      '{ villages(where: { partyOrganization: { NOT: { leadsCooperatives: true } } }, first: 0) { totalCount } enterprises(where: { OR: [] }, first: 0) { totalCount } }',
    );
    expect(cypher).toContain(
      'EXISTS { MATCH (n_org:PartyOrganization)-[:GOVERNS]->(n) WHERE NOT (EXISTS { MATCH (n_org)-[:LEADS]->(:Cooperative) }) }',
    );
    // No alternative given: nothing matches.
    expect(cypher).toMatch(/MATCH \(n:Enterprise\) WHERE false/);
  });
});

describe('the planner refuses', () => {
  it(`AND, OR and NOT nested deeper than ${String(MAX_WHERE_NESTING)}, with BAD_USER_INPUT`, async () => {
    const deep = (n: number): string => (n === 0 ? '{ synthetic: true }' : `{ NOT: ${deep(n - 1)} }`);
    const ok = await plan(`{ villages(where: ${deep(MAX_WHERE_NESTING - 1)}, first: 0) { totalCount } }`);
    expect(ok.parts[0]).not.toBeInstanceOf(Error);
    const { parts } = await plan(`{ villages(where: ${deep(MAX_WHERE_NESTING + 1)}, first: 0) { totalCount } }`);
    expect((parts[0] as Error & { extensions?: { code?: string } }).extensions?.code).toBe('BAD_USER_INPUT');
  });
});
