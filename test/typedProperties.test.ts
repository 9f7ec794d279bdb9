import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { plannedAndPerLevel } from './helpers.js';

// Property values are checked against the model's types on every write, and a value of the wrong
// type already in the graph (written with Cypher directly) breaks no read. The test writes its own
// legacy entity and restores what it changes on a seeded one.
const EDITOR = { authorization: 'Bearer editor-token-0123456789' };
const SOURCE = '{ citation: "typed-properties test" }';
const VILLAGE = 'Village:620423101203';
const TOWNSHIP = 'Township:620423101000';
const PROGRAM = 'Program:village-cadre-remuneration';
const LEGACY = 'Village:test-legacy-types';

const servers = plannedAndPerLevel();

async function versionOf(id: string): Promise<number> {
  const [row] = await servers.planned.db.read<{ version: number }>(
    'MATCH (n:Node {id: $id}) RETURN n.version AS version',
    {
      id,
    },
  );
  return Number(row?.version);
}

describe('a type-confused write', () => {
  it.each([
    ['a list as a village’s official name', VILLAGE, '{ officialName: ["x", "y"] }', 'officialName'],
    ['words as office funds', PROGRAM, '{ officeFunds: "wu wan" }', 'officeFunds'],
    ['a list of numbers as a source', TOWNSHIP, '{ source: [1, 2] }', 'source'],
    ['a fraction as a year', VILLAGE, '{ collectiveIncomeYear: 2019.5 }', 'collectiveIncomeYear'],
    ['a string as an income', VILLAGE, '{ collectiveIncome: "50000" }', 'collectiveIncome'],
    ['a flag as text', VILLAGE, '{ collectiveIncomeSynthetic: "yes" }', 'collectiveIncomeSynthetic'],
    ['an unknown programme type', PROGRAM, '{ programType: "GRANT" }', 'programType'],
    ['a number as a description', PROGRAM, '{ description: 12 }', 'description'],
  ])('is refused with BAD_USER_INPUT and changes nothing: %s', async (_what, id, properties, field) => {
    const before = await versionOf(id);
    const res = await servers.planned.gql(
      `mutation { updateEntity(input: { id: "${id}", properties: ${properties} }, source: ${SOURCE}) { id } }`,
      {},
      EDITOR,
    );
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toContain(field);
    expect(await versionOf(id)).toBe(before);
  });

  it('is refused on a new entity and on a relationship too', async () => {
    const created = await servers.planned.gql(
      `mutation { createEntity(input: { id: "Enterprise:test-typed", kind: ENTERPRISE, name: "测试企业", synthetic: true, properties: { ownership: "NON_PUBLIC", leading: "yes" } }, source: ${SOURCE}) { id } }`,
      {},
      EDITOR,
    );
    expect(created.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const linked = await servers.planned.gql(
      `mutation { link(input: { type: STATIONED_IN, from: "Person:resident-cadre-001", to: "${VILLAGE}", synthetic: true, properties: { level: "COUNTY", toPost: ["a"] } }, source: ${SOURCE}) { id } }`,
      {},
      EDITOR,
    );
    expect(linked.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(linked.body.errors?.[0]?.message).toContain('toPost');
    const [row] = await servers.planned.db.read<{ n: number }>(
      'MATCH (n:Node {id: "Enterprise:test-typed"}) RETURN count(n) AS n',
    );
    expect(row?.n).toBe(0);
  });
});

describe('a stored value of the wrong type', () => {
  let saved: Record<string, unknown> = {};
  beforeAll(async () => {
    const [program] = await servers.planned.db.read<{ funds: unknown }>(
      'MATCH (p:Node {id: $id}) RETURN p.officeFunds AS funds',
      {
        id: PROGRAM,
      },
    );
    const [township] = await servers.planned.db.read<{ source: unknown }>(
      'MATCH (t:Node {id: $id}) RETURN t.source AS source',
      {
        id: TOWNSHIP,
      },
    );
    saved = { funds: program?.funds ?? null, source: township?.source ?? null };
    // As legacy data or a hand-written Cypher statement would leave it.
    await servers.planned.db.write(
      `MATCH (t:Township {id: $township})
       CREATE (v:Node:Entity:Village {id: $id, kind: 'Village', name: '遗留测试村', officialName: ['x', 'y'],
         synthetic: 'maybe', collectiveIncome: 'wu wan', collectiveIncomeYear: 'last year', code: 620423101999})-[:PART_OF]->(t)
       SET t.source = [1, 2]`,
      { township: TOWNSHIP, id: LEGACY },
    );
    await servers.planned.db.write('MATCH (p:Node {id: $id}) SET p.officeFunds = "wu wan"', { id: PROGRAM });
  });
  afterAll(async () => {
    await servers.planned.db.write('MATCH (v:Node {id: $id}) DETACH DELETE v', { id: LEGACY });
    await servers.planned.db.write('MATCH (t:Node {id: $id}) SET t.source = $source', {
      id: TOWNSHIP,
      source: saved.source,
    });
    await servers.planned.db.write('MATCH (p:Node {id: $id}) SET p.officeFunds = $funds', {
      id: PROGRAM,
      funds: saved.funds,
    });
  });

  const READS: [string, string][] = [
    [
      'villages',
      '{ villages(first: 100, where: { nameContains: "遗留测试" }) { totalCount edges { node { id name officialName synthetic collectiveIncome { amountYuan year } } } } }',
    ],
    ['county', '{ county { townships { name source villages { id officialName synthetic } } } }'],
    ['townships', '{ townships { id source } }'],
    ['figures', '{ figures { key computed } }'],
    ['node', `{ node(id: "${LEGACY}") { ... on Village { id name officialName code synthetic } } }`],
    ['aggregate', '{ villages { aggregate { count sum { collectiveIncome } avg { collectiveIncome } } } }'],
    ['program', `{ node(id: "${PROGRAM}") { ... on Program { officeFundsYuan } } }`],
    ['network', `{ network(ids: ["${LEGACY}"]) { nodes { entityId label properties } } }`],
  ];

  it.each(READS)('breaks no read: %s (planned and level by level)', async (_name, query) => {
    for (const server of [servers.planned, servers.perLevel]) {
      const res = await server.gql(query);
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      expect(res.status).toBe(200);
      expect(res.body.data).toBeTruthy();
    }
  });

  it('shows a list where text belongs as text, and a number it cannot read as null', async () => {
    const res = await servers.planned.gql<{
      node: { officialName: string; code: string; synthetic: boolean | null };
    }>(`{ node(id: "${LEGACY}") { ... on Village { officialName code synthetic } } }`);
    expect(res.body.data?.node.officialName).toBe('x、y');
    expect(res.body.data?.node.code).toBe('620423101999');
    const program = await servers.planned.gql<{ node: { officeFundsYuan: number | null } }>(
      `{ node(id: "${PROGRAM}") { ... on Program { officeFundsYuan } } }`,
    );
    expect(program.body.data?.node.officeFundsYuan).toBeNull();
  });
});
