import fs from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { projectRoot } from '../../src/config.js';
import { DECLINED } from '../../src/db/planner/batch.js';
import { cursorOf, cursorScope } from '../../src/resolvers/connection.js';
import { listScope } from '../../src/resolvers/lists.js';
import { plan, values } from './plan.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the planner compiles', () => {
  it('a node by id with its township’s name into one lookup and one subquery', async () => {
    const { cypher, params } = await plan(
      '{ node(id: "Village:620423101203") { id ... on Village { name code township { name } } } }',
    );
    expect(cypher).toMatchInlineSnapshot(`
      "OPTIONAL MATCH (n:Node {id: $p0})
      RETURN n {.\`id\`, .\`kind\`, .\`name\`, .\`code\`, \`@township\`: CASE WHEN n.kind IN ['Village'] THEN [(n)-[:PART_OF]->(m1:Entity) | m1 {.\`id\`, .\`name\`}][0] END} AS r0"
    `);
    expect(values(params)).toEqual({ p0: 'Village:620423101203' });
  });

  it('a page of villages with their organisations, cooperatives and bases into nested subqueries', async () => {
    const { cypher, params } = await plan(
      '{ villages(first: 50) { edges { node { name partyOrganization { name cooperatives { name bases { name } } } } } } }',
    );
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
        MATCH (n:Village)
        WITH n ORDER BY n.code, n.id LIMIT $p0
        RETURN collect({node: n {.\`id\`, .\`name\`, \`@partyOrganization\`: COLLECT { MATCH (n)<-[:GOVERNS]-(m1:PartyOrganization) WITH m1 ORDER BY m1.code, m1.id LIMIT 1 RETURN m1 {.\`id\`, .\`name\`, \`@cooperatives\`: COLLECT { MATCH (m1)-[:LEADS]->(m2:Cooperative) WITH m2 ORDER BY m2.code, m2.id RETURN m2 {.\`id\`, .\`name\`, \`@bases\`: COLLECT { MATCH (m2)-[:OPERATES]->(m3:Base) WITH m3 ORDER BY m3.code, m3.id RETURN m3 {.\`id\`, .\`name\`} }} }} }[0]}, key: [n.code, n.id]}) AS page
      }
      RETURN {page: page, count: null} AS r0"
    `);
    // One row more than the page: whether another follows (pageInfo) and its cursor.
    expect(values(params)).toEqual({ p0: 51 });
  });

  it('a filtered list with totalCount into one pass over the matches that gives the page and the count', async () => {
    const { cypher, params } = await plan(
      '{ villages(where: { township: "Township:620423101000", collectiveIncomeMin: 50000 }, first: 20) { totalCount edges { node { name collectiveIncome { amountYuan } } } } }',
    );
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
        MATCH (n:Village), (n)-[:PART_OF]->(:Township {id: $p0}) WHERE n.collectiveIncome >= $p1
        WITH n ORDER BY n.code, n.id
        WITH collect(n) AS matched
        CALL (matched) { UNWIND matched AS n WITH n LIMIT $p2 RETURN collect({node: n {.\`id\`, .\`name\`, \`@collectiveIncome\`: CASE WHEN CASE WHEN n.\`collectiveIncome\` IS :: INTEGER OR n.\`collectiveIncome\` IS :: FLOAT THEN n.\`collectiveIncome\` END IS NOT NULL AND CASE WHEN n.\`collectiveIncomeYear\` IS :: INTEGER OR n.\`collectiveIncomeYear\` IS :: FLOAT THEN n.\`collectiveIncomeYear\` END IS NOT NULL THEN n {.\`id\`, .\`collectiveIncome\`} END}, key: [n.code, n.id]}) AS page }
        RETURN page, size(matched) AS count
      }
      RETURN {page: page, count: count} AS r0"
    `);
    expect(values(params)).toEqual({ p0: 'Township:620423101000', p1: 50000, p2: 21 });
  });

  it('totalCount alone into a count, with no page', async () => {
    const { cypher } = await plan('{ villages(where: { oneShoulder: true }) { totalCount } }');
    expect(cypher).not.toContain('SKIP');
    expect(cypher).toMatchInlineSnapshot(`
      "RETURN {page: [], count: COUNT { MATCH (n:Village) WHERE EXISTS { MATCH (n)<-[:GOVERNS]-(:PartyOrganization)<-[s:HOLDS_POST]-(:Person)-[d:HOLDS_POST]->(n)
          WHERE s.role = 'PARTY_SECRETARY' AND d.role = 'VILLAGE_COMMITTEE_DIRECTOR'
            AND (s.since IS NULL OR s.since <= $p0) AND (s.until IS NULL OR s.until + '-99' >= $p1) AND (d.since IS NULL OR d.since <= $p2) AND (d.until IS NULL OR d.until + '-99' >= $p3) } }} AS r0"
    `);
  });

  it('nodes by id into one UNWIND, each found node under the id asked', async () => {
    const { cypher, params } = await plan(
      '{ nodes(ids: ["Village:620423101203", "nope"]) { id ... on Village { name } } }',
    );
    expect(cypher).toMatchInlineSnapshot(
      `"RETURN COLLECT { UNWIND $p0 AS id MATCH (n:Node {id: id}) RETURN {id: id, node: n {.\`id\`, .\`kind\`, .\`name\`}} } AS r0"`,
    );
    expect(values(params)).toEqual({ p0: ['Village:620423101203', 'nope'] });
  });

  it('the last page of villages read backwards past its after cursor, with one row more for hasPreviousPage', async () => {
    const after = cursorOf(listScope('Village', ['n.code']), ['620423101203', 'Village:620423101203']);
    const { cypher, params } = await plan(
      `{ villages(last: 3, after: "${after}") { totalCount edges { cursor node { name } } pageInfo { hasPreviousPage } } }`,
    );
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
        MATCH (n:Village) WHERE (((n.code > $p0 OR n.code IS NULL)) OR (n.code = $p0 AND n.id > $p1))
        WITH n ORDER BY n.code DESC, n.id DESC LIMIT $p2
        RETURN collect({node: n {.\`id\`, .\`name\`}, key: [n.code, n.id]}) AS page
      }
      RETURN {page: page, count: COUNT { MATCH (n:Village) }} AS r0"
    `);
    expect(values(params)).toEqual({ p0: '620423101203', p1: 'Village:620423101203', p2: 4 });
  });

  it('a page before a cursor: the rows before it, read backwards, with one row more', async () => {
    const before = cursorOf(listScope('Village', ['n.collectiveIncome DESC']), [null, 'Village:620423101203']);
    const { cypher, params } = await plan(
      `{ villages(orderBy: [{ field: COLLECTIVE_INCOME, direction: DESC }], last: 3, before: "${before}") { edges { node { name } } pageInfo { hasNextPage } } }`,
    );
    // Descending, the nulls come first: before a null are only nulls, with smaller ids.
    expect(cypher).toContain('WHERE n.collectiveIncome IS NULL AND n.id < $p0');
    expect(cypher).toContain('ORDER BY n.collectiveIncome, n.id DESC LIMIT $p1');
    expect(values(params)).toEqual({ p0: 'Village:620423101203', p1: 4 });
  });

  it('refuses a cursor of another order of the same list, naming after, before compiling anything', async () => {
    const after = cursorOf(listScope('Village', ['n.code']), ['620423101203', 'Village:620423101203']);
    const { cypher } = await plan(
      `{ villages(orderBy: [{ field: NAME }], first: 3, after: "${after}") { edges { node { name } } } }`,
    );
    expect(cypher).not.toContain('MATCH');
  });

  it('the chains after a cursor from the cursor’s first node on, read from its label’s id index', async () => {
    const scope = cursorScope('chains OUT  PartyOrganization OUT PARTNERS_WITH Enterprise OUT OPERATES Base', 3);
    const after = cursorOf(scope, ['PartyOrganization:1', 'Enterprise:2', 'Base:3']);
    const { cypher, params } = await plan(
      `{ chains(preset: BRANCH_ENTERPRISE_BASE, last: 2, after: "${after}") { edges { node { nodes { id } } } } }`,
    );
    expect(cypher).toContain('MATCH (n0:PartyOrganization) WHERE n0.id IS NOT NULL AND n0.id >= $p4\n');
    expect(cypher).toContain(
      'WITH * WHERE n0.id >= $p1 AND ((n0.id > $p1) OR (n0.id = $p1 AND n1.id > $p2) OR (n0.id = $p1 AND n1.id = $p2 AND n2.id > $p3)) ORDER BY n0.id DESC, n1.id DESC, n2.id DESC LIMIT $p5',
    );
    expect(values(params)).toEqual({
      p0: true,
      p1: 'PartyOrganization:1',
      p2: 'Enterprise:2',
      p3: 'Base:3',
      p4: 'PartyOrganization:1',
      p5: 3,
    });
  });

  it('the 支部+龙头企业+基地 chains with their count and evidence', async () => {
    const { cypher, params } = await plan(
      '{ chains(preset: BRANCH_ENTERPRISE_BASE, first: 22) { totalCount edges { node { nodes { id name } relationships { type } evidence { index } } } } }',
    );
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
        MATCH (n0:PartyOrganization) WHERE n0.id IS NOT NULL
        CALL (n0) { MATCH (n0:PartyOrganization)-[r1:PARTNERS_WITH]->(n1:Enterprise)-[r2:OPERATES]->(n2:Base) WHERE n1.leading = $p0 RETURN n1, n2, r1, r2 }
        WITH * ORDER BY n0.id, n1.id, n2.id LIMIT $p1
        RETURN collect({node: {nodes: [n0 {.\`id\`, .\`kind\`, .\`name\`}, n1 {.\`id\`, .\`kind\`, .\`name\`}, n2 {.\`id\`, .\`kind\`, .\`name\`}], relationships: [{type: type(r1), properties: {}}, {type: type(r2), properties: {}}], \`@evidence\`: COLLECT { UNWIND [r1, r2] AS e WITH DISTINCT e.evidence AS sid WHERE sid IS NOT NULL MATCH (s:Node {id: sid}) RETURN s {.\`id\`, .\`index\`} }}, key: [n0.id, n1.id, n2.id]}) AS page
      }
      RETURN {page: page, count: COUNT { MATCH (n0:PartyOrganization)-[r1:PARTNERS_WITH]->(n1:Enterprise)-[r2:OPERATES]->(n2:Base) WHERE n1.leading = $p0 }, found: true} AS r0"
    `);
    expect(values(params)).toEqual({ p0: true, p1: 23 });
  });

  it('a list within a place from the place inwards, each node once, the other filters after', async () => {
    const { cypher, params } = await plan(
      '{ people(where: { within: "County:620423000000", role: PARTY_SECRETARY, during: 2019 }, first: 20) { totalCount edges { node { id } } } }',
    );
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
        MATCH (n:Person), (n)-[:PART_OF|LOCATED_IN|GOVERNS|HOLDS_POST|STATIONED_IN*0..5]->(:Node {id: $p0}) WITH DISTINCT n WHERE EXISTS { MATCH (n)-[post:HOLDS_POST]->() WHERE post.role = $p1 AND (post.since IS NULL OR post.since <= $p2) AND (post.until IS NULL OR post.until + '-99' >= $p3) }
        WITH n ORDER BY n.id
        WITH collect(n) AS matched
        CALL (matched) { UNWIND matched AS n WITH n LIMIT $p4 RETURN collect({node: n {.\`id\`}, key: [n.id]}) AS page }
        RETURN page, size(matched) AS count
      }
      RETURN {page: page, count: count} AS r0"
    `);
    expect(values(params)).toMatchInlineSnapshot(`
      {
        "p0": "County:620423000000",
        "p1": "PARTY_SECRETARY",
        "p2": "2019-12-31",
        "p3": "2019-01-01",
        "p4": 21,
      }
    `);
  });

  it('a list within a prefecture from its counties inwards: the county walk, then the county’s PART_OF step', async () => {
    const { cypher, params } = await plan('{ villages(where: { within: "Prefecture:620400000000" }) { totalCount } }');
    expect(cypher).toMatchInlineSnapshot(
      `"RETURN {page: [], count: COUNT { MATCH (n:Village), (n)-[:PART_OF|LOCATED_IN|GOVERNS|HOLDS_POST|STATIONED_IN*0..5]->(:County)-[:PART_OF]->(:Prefecture {id: $p0}) WITH DISTINCT n }} AS r0"`,
    );
    expect(values(params)).toEqual({ p0: 'Prefecture:620400000000' });
  });

  it('the places a document is about from the ids it stores, ordered by code', async () => {
    const { cypher } = await plan('{ documents { id about { id name } } }');
    expect(cypher).toMatchInlineSnapshot(
      `"RETURN COLLECT { MATCH (n:Node {kind: 'SourceDocument'}) WHERE NOT n:Deleted WITH n ORDER BY n.code, n.id RETURN n {.\`id\`, \`@about\`: COLLECT { UNWIND coalesce(n.\`about\`, []) AS s1id MATCH (s1:Node {id: s1id}) WITH s1 ORDER BY s1.code, s1.id RETURN s1 {.\`id\`, .\`kind\`, .\`name\`} }} } AS r0"`,
    );
  });

  it('the holders of a role from their posts (the HOLDS_POST.role index), not from every person', async () => {
    const { cypher } = await plan(
      '{ people(where: { role: FIRST_SECRETARY }, first: 5) { totalCount edges { node { id } } } }',
    );
    expect(cypher).toContain(
      'MATCH (n:Person), (n)-[post:HOLDS_POST]->() WHERE post.role = $p0 WITH DISTINCT n\n  WITH n ORDER BY n.id',
    );
  });

  it('a page in id order reads the label’s id index in order: the only extra condition is the index’s', async () => {
    const after = cursorOf(listScope('Person', ['n.id']), ['Person:000999']);
    const { cypher, params } = await plan(`{ people(first: 20, after: "${after}") { edges { node { id } } } }`);
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
        MATCH (n:Person) WHERE n.id IS NOT NULL AND n.id > $p0
        WITH n ORDER BY n.id LIMIT $p1
        RETURN collect({node: n {.\`id\`}, key: [n.id]}) AS page
      }
      RETURN {page: page, count: null} AS r0"
    `);
    expect(values(params)).toEqual({ p0: 'Person:000999', p1: 21 });
  });

  it('chains within a place from the place inwards, their first nodes each once', async () => {
    const { cypher } = await plan(
      '{ chains(preset: BRANCH_COOPERATIVE_BASE, within: "Township:620423101000", first: 20) { totalCount edges { node { nodes { id } } } } }',
    );
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
        MATCH (n0:PartyOrganization), (n0)-[:PART_OF|LOCATED_IN|GOVERNS|HOLDS_POST|STATIONED_IN*0..5]->(:Node {id: $p0}) WITH DISTINCT n0 MATCH (n0:PartyOrganization)-[r1:LEADS]->(n1:Cooperative)-[r2:OPERATES]->(n2:Base)
        WITH * ORDER BY n0.id, n1.id, n2.id LIMIT $p1
        RETURN collect({node: {nodes: [n0 {.\`id\`, .\`kind\`}, n1 {.\`id\`, .\`kind\`}, n2 {.\`id\`, .\`kind\`}], relationships: [{type: type(r1), properties: {}}, {type: type(r2), properties: {}}]}, key: [n0.id, n1.id, n2.id]}) AS page
      }
      RETURN {page: page, count: COUNT { MATCH (n0:PartyOrganization), (n0)-[:PART_OF|LOCATED_IN|GOVERNS|HOLDS_POST|STATIONED_IN*0..5]->(:Node {id: $p0}) WITH DISTINCT n0 MATCH (n0:PartyOrganization)-[r1:LEADS]->(n1:Cooperative)-[r2:OPERATES]->(n2:Base) }, found: EXISTS { MATCH (:Node {id: $p2}) }} AS r0"
    `);
  });

  it('a relationship list of a chain’s node under its own variable, not the chain’s r1', async () => {
    const { cypher } = await plan(
      '{ chains(preset: BRANCH_ENTERPRISE_BASE, first: 3) { edges { node { nodes { id ... on Enterprise { coverage { mode } } } } } } }',
    );
    expect(cypher).toContain('MATCH (n1)<-[rel1:COVERS]-(m1:Node)');
    expect(cypher).not.toMatch(/\[r\d:COVERS\]/);
  });

  it('fragments on an interface into one map with kind-guarded fields', async () => {
    const { cypher } = await plan(
      `query ($id: ID!) { node(id: $id) { id ...Place ... on Person { memberOf { name } } } }
       fragment Place on AdministrativeUnit { code ... on Village { township { name } } ... on Township { county { name } } }`,
      { id: 'Village:620423101203' },
    );
    expect(cypher).toMatchInlineSnapshot(`
      "OPTIONAL MATCH (n:Node {id: $p0})
      RETURN n {.\`id\`, .\`kind\`, .\`code\`, \`@memberOf\`: CASE WHEN n.kind IN ['Person'] THEN COLLECT { MATCH (n)-[:MEMBER_OF]->(m1:PartyOrganization) WITH m1 ORDER BY m1.code, m1.id RETURN m1 {.\`id\`, .\`name\`} } END, \`@county\`: CASE WHEN n.kind IN ['Township'] THEN [(n)-[:PART_OF]->(m1:Entity) | m1 {.\`id\`, .\`name\`}][0] END, \`@township\`: CASE WHEN n.kind IN ['Village'] THEN [(n)-[:PART_OF]->(m1:Entity) | m1 {.\`id\`, .\`name\`}][0] END} AS r0"
    `);
  });

  it('aliases with their own arguments, time windows and @skip/@include', async () => {
    // "Now" (a secretary without asOf) is today: fixed here so the parameters are too.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2021-07-01T08:00:00Z'));
    const { cypher, params } = await plan(
      `query ($skip: Boolean!) { node(id: "Village:620423101203") { ... on Village {
         now: secretary { name } then: secretary(asOf: "2018") { name }
         stationed(during: 2019, level: PROVINCIAL) { since person { name } }
         oneShoulder(asOf: "2019-06") code @skip(if: $skip) name @include(if: $skip) } } }`,
      { skip: true },
    );
    expect(cypher).toContain('`@now`');
    expect(cypher).toContain('`@then`');
    expect(cypher).not.toContain('.`code`');
    expect(cypher).toContain('.`name`');
    expect(cypher).toMatchInlineSnapshot(`
      "OPTIONAL MATCH (n:Node {id: $p0})
      RETURN n {.\`id\`, .\`kind\`, .\`name\`, \`@now\`: CASE WHEN n.kind IN ['Village'] THEN COLLECT { MATCH (n)<-[:GOVERNS]-(o1:PartyOrganization) WITH o1 ORDER BY o1.code, o1.id LIMIT 1 MATCH (o1)<-[p1:HOLDS_POST]-(m1:Node) WHERE NOT m1:Deleted AND p1.role = 'PARTY_SECRETARY' AND (p1.since IS NULL OR p1.since <= $p1) AND (p1.until IS NULL OR p1.until + '-99' >= $p2) WITH m1 ORDER BY m1.code, m1.id LIMIT 1 RETURN m1 {.\`id\`, .\`name\`} }[0] END, \`@then\`: CASE WHEN n.kind IN ['Village'] THEN COLLECT { MATCH (n)<-[:GOVERNS]-(o1:PartyOrganization) WITH o1 ORDER BY o1.code, o1.id LIMIT 1 MATCH (o1)<-[p1:HOLDS_POST]-(m1:Node) WHERE NOT m1:Deleted AND p1.role = 'PARTY_SECRETARY' AND (p1.since IS NULL OR p1.since <= $p3) AND (p1.until IS NULL OR p1.until + '-99' >= $p4) WITH m1 ORDER BY m1.code, m1.id LIMIT 1 RETURN m1 {.\`id\`, .\`name\`} }[0] END, \`@stationed\`: CASE WHEN n.kind IN ['Village'] THEN COLLECT { MATCH (n)<-[rel1:STATIONED_IN]-(m1:Node) WHERE NOT m1:Deleted AND rel1.level = $p5 AND (rel1.since IS NULL OR rel1.since <= $p6) AND (rel1.until IS NULL OR rel1.until + '-99' >= $p7) WITH rel1, m1 ORDER BY m1.code, m1.id, rel1.id RETURN {id: coalesce(rel1.id, 'STATIONED_IN:' + n.id), type: 'STATIONED_IN', props: rel1 {.\`synthetic\`, .\`since\`}, \`@person\`: m1 {.\`id\`, .\`name\`}} } END, \`@oneShoulder\`: CASE WHEN n.kind IN ['Village'] THEN EXISTS { MATCH (n)<-[:GOVERNS]-(:PartyOrganization)<-[s:HOLDS_POST]-(:Person)-[d:HOLDS_POST]->(n)
          WHERE s.role = 'PARTY_SECRETARY' AND d.role = 'VILLAGE_COMMITTEE_DIRECTOR'
            AND (s.since IS NULL OR s.since <= $p8) AND (s.until IS NULL OR s.until + '-99' >= $p9) AND (d.since IS NULL OR d.since <= $p10) AND (d.until IS NULL OR d.until + '-99' >= $p11) } END} AS r0"
    `);
    expect(values(params)).toMatchInlineSnapshot(`
      {
        "p0": "Village:620423101203",
        "p1": "2021-07-01",
        "p10": "2019-06-30",
        "p11": "2019-06-01",
        "p2": "2021-07-01",
        "p3": "2018-12-31",
        "p4": "2018-01-01",
        "p5": "PROVINCIAL",
        "p6": "2019-12-31",
        "p7": "2019-01-01",
        "p8": "2019-06-30",
        "p9": "2019-06-01",
      }
    `);
  });

  it('several root fields into one query of CALL subqueries, their parameters kept apart', async () => {
    const { cypher, params, parts } = await plan(
      '{ a: node(id: "Village:620423101203") { id } b: node(id: "Township:620423101000") { id } townships { name } }',
    );
    expect(parts).toEqual(['r0', 'r1', 'r2']);
    expect(values(params)).toEqual({ q0_p0: 'Village:620423101203', q1_p0: 'Township:620423101000' });
    expect(cypher).toMatchInlineSnapshot(`
      "CALL () {
      OPTIONAL MATCH (n:Node {id: $q0_p0})
      RETURN n {.\`id\`, .\`kind\`} AS r0
      }
      CALL () {
      OPTIONAL MATCH (n:Node {id: $q1_p0})
      RETURN n {.\`id\`, .\`kind\`} AS r1
      }
      CALL () {
      RETURN COLLECT { MATCH (n:Node {kind: 'Township'}) WHERE NOT n:Deleted WITH n ORDER BY n.code, n.id RETURN n {.\`id\`, .\`name\`} } AS r2
      }
      RETURN r0, r1, r2"
    `);
  });

  it('a network with only the values its selection reads, edges kept among the reached nodes', async () => {
    const lean = (
      await plan(
        '{ network(ids: ["Village:620423101203"], depth: 2) { nodes { entityId label } edges { source target } } }',
      )
    ).cypher;
    expect(lean).toContain('[n IN l0 | {id: n.id, kind: n.kind, name: n.name}]');
    expect(lean).toContain('RETURN {type: type(r), source: a.id, target: b.id} }');
    expect(lean).toContain('WHERE b IN all2');
    expect(lean).not.toContain('properties(');
    expect(lean).not.toContain('pinyin');

    const edgeDetails = (
      await plan('{ network(ids: ["Village:620423101203"]) { edges { relationshipId synthetic properties } } }')
    ).cypher;
    expect(edgeDetails).toContain(
      '{id: coalesce(r.id, elementId(r)), type: type(r), source: a.id, target: b.id, synthetic: r.synthetic = true, properties: properties(r)}',
    );
    expect(edgeDetails).not.toContain('properties(n)');

    // The graph-library payloads carry every node and edge value.
    const payload = (await plan('{ network(ids: ["Village:620423101203"]) { cytoscape } }')).cypher;
    expect(payload).toContain('pinyin: n.pinyin, synthetic: n.synthetic');
    expect(payload).toContain('id: coalesce(r.id, elementId(r))');
  });

  it('a network as of a day follows and draws only the relationships active then, the day a parameter', async () => {
    const { cypher, params } = await plan(
      '{ network(ids: ["Village:620423101203"], depth: 2, asOf: "2019-07") { edges { source target } } }',
    );
    const active =
      /\(r\.since IS NULL OR r\.since <= (\$\w+)\) AND \(r\.until IS NULL OR r\.until \+ '-99' >= (\$\w+)\)/g;
    const uses = [...cypher.matchAll(active)];
    // Both levels' steps and the edges among the reached nodes.
    expect(uses).toHaveLength(3);
    const [to, from] = [uses[0]?.[1]?.slice(1) ?? '', uses[0]?.[2]?.slice(1) ?? ''];
    expect(values(params)).toMatchObject({ [to]: '2019-07-31', [from]: '2019-07-01' });
    expect(cypher).not.toContain('2019-07');

    // Without asOf the network is timeless: no time condition at all.
    const timeless = (await plan('{ network(ids: ["Village:620423101203"]) { edges { source target } } }')).cypher;
    expect(timeless).not.toContain('since');
  });
});

describe('the planner declines or refuses', () => {
  it('declines one response key asking for two different fields, leaving it to the per-level path', async () => {
    const { parts } = await plan(
      '{ villages(first: 2) { a: edges { node { x: township { name } } } b: edges { node { x: partyOrganization { name } } } } }',
    );
    expect(parts).toEqual([DECLINED]);
  });

  it('refuses a malformed date with BAD_USER_INPUT for that field alone', async () => {
    const { parts } = await plan(
      '{ a: node(id: "Village:620423101203") { ... on Village { posts(asOf: "yesterday") { role } } } b: townships { name } }',
    );
    expect(parts[0]).toBeInstanceOf(Error);
    expect((parts[0] as Error & { extensions?: { code?: string } }).extensions?.code).toBe('BAD_USER_INPUT');
    expect(parts[1]).toBe('r1');
  });
});

describe('the README’s worked example', () => {
  it('compiles to the Cypher the README shows', async () => {
    const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### How a request becomes Cypher'));
    const graphql = /```graphql\n([\s\S]*?)```/.exec(section)?.[1];
    const cypher = /```cypher\n([\s\S]*?)```/.exec(section)?.[1];
    if (!graphql || !cypher) throw new Error('the README has no worked example');
    const squash = (text: string): string =>
      text
        .replace(/\s+/g, ' ')
        .replace(/([({[]) /g, '$1')
        .trim();
    expect(squash((await plan(graphql)).cypher)).toBe(squash(cypher));
  });
});
