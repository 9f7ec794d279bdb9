import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer, type TestServer } from './helpers.js';

// A soft-deleted entity appears in no read but node(id) and history, on both the planned and the
// per-level path. The test creates its own entities and removes them for good at the end.
const EDITOR = { authorization: 'Bearer editor-token-0123456789' };
const ADMIN = { authorization: 'Bearer admin-token-0123456789' };
const SOURCE = '{ citation: "deleted-entities test" }';

let planned: TestServer;
let perLevel: TestServer;
beforeAll(async () => {
  planned = await startTestServer();
  perLevel = await startTestServer(undefined, undefined, { planner: false });
});
afterAll(async () => {
  for (const id of ['Person:test-bridge', 'Program:test-deleted']) {
    await planned.gql(
      `mutation { deleteEntity(input: { id: "${id}", hard: true }, source: ${SOURCE}) { action } }`,
      {},
      ADMIN,
    );
  }
  await planned.close();
  await perLevel.close();
});

// Two villages of different townships: a cadre posted in both makes a two-hop path between them.
// Villages no other test file names: the files share one database, and one that reads a village's
// posts (network(asOf:) reads 城北村's) would otherwise see this file's cadre come and go.
const A = 'Village:620423102200';
const B = 'Village:620423103200';
const PATHS = `{ paths(from: "${A}", to: "${B}", maxHops: 2, relations: [HOLDS_POST]) { nodes { id } } }`;
const PROGRAMS = '{ programs { id } }';

async function write(mutation: string): Promise<void> {
  const res = await planned.gql(mutation, {}, EDITOR);
  expect(res.body.errors).toBeUndefined();
}

describe('a soft-deleted entity', () => {
  it('drops out of paths and of the programs list, and stays readable by id', async () => {
    await write(
      `mutation { createEntity(input: { id: "Person:test-bridge", kind: PERSON, name: "驻村干部-测试桥", synthetic: true }, source: ${SOURCE}) { id } }`,
    );
    for (const village of [A, B]) {
      await write(
        `mutation { link(input: { type: HOLDS_POST, from: "Person:test-bridge", to: "${village}", synthetic: true, properties: { role: "DISPATCHED_CADRE", since: "2019" } }, source: ${SOURCE}) { id } }`,
      );
    }
    await write(
      `mutation { createEntity(input: { id: "Program:test-deleted", kind: PROGRAM, name: "测试项目", synthetic: true, properties: { programType: "PROGRAM" } }, source: ${SOURCE}) { id } }`,
    );
    for (const t of [planned, perLevel]) {
      const paths = await t.gql<{ paths: { nodes: { id: string }[] }[] }>(PATHS);
      expect(paths.body.data?.paths.map((p) => p.nodes[1]?.id)).toContain('Person:test-bridge');
      const programs = await t.gql<{ programs: { id: string }[] }>(PROGRAMS);
      expect(programs.body.data?.programs.map((p) => p.id)).toContain('Program:test-deleted');
    }

    for (const id of ['Person:test-bridge', 'Program:test-deleted']) {
      await write(`mutation { deleteEntity(input: { id: "${id}" }, source: ${SOURCE}) { action } }`);
    }
    for (const t of [planned, perLevel]) {
      const paths = await t.gql<{ paths: { nodes: { id: string }[] }[] }>(PATHS);
      expect(paths.body.errors).toBeUndefined();
      expect(paths.body.data?.paths.flatMap((p) => p.nodes.map((n) => n.id))).not.toContain('Person:test-bridge');
      const programs = await t.gql<{ programs: { id: string }[] }>(PROGRAMS);
      expect(programs.body.data?.programs.map((p) => p.id)).not.toContain('Program:test-deleted');
      const node = await t.gql<{ node: { id: string; deletedAt: string | null } | null }>(
        '{ node(id: "Person:test-bridge") { id ... on Person { deletedAt } } }',
      );
      expect(node.body.data?.node?.deletedAt).toMatch(/^\d{4}-/);
    }
  });
});
