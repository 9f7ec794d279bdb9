import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { validateRelation } from '../src/model/validate.js';
import { startTestServer, TEST_AUTH, type TestServer } from './helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  // Leave nothing behind in the shared database.
  await t.db.write(
    "MATCH (n:Node) WHERE n.id STARTS WITH 'Person:test-' OR n.id STARTS WITH 'Cooperative:test-' DETACH DELETE n",
  );
  await t.db.write(
    "MATCH (c:Change) WHERE c.targetId CONTAINS ':test-' OR c.actor IN ['editor-script', 'admin-script', 'alice'] DETACH DELETE c",
  );
  await t.db.write("MATCH ()-[r]->() WHERE r.id CONTAINS 'Person:test-' DELETE r");
  await t.close();
});

const EDITOR = { authorization: 'Bearer editor-token-0123456789' };
const ADMIN = { authorization: 'Bearer admin-token-0123456789' };
const ANALYST = { authorization: 'Bearer analyst-token-0123456789' };
const SOURCE = { sentence: 'Sentence:xibaiyin-2020-04-23:10' };

async function checksum(): Promise<string> {
  const [row] = await t.db.read<{ nodes: number; rels: number; props: number; versions: number }>(`
    CALL () { MATCH (n) RETURN count(n) AS nodes, sum(size(keys(n))) AS props, sum(coalesce(n.version, 0)) AS versions }
    CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
    RETURN nodes, rels, props, versions`);
  return JSON.stringify(row);
}

const CREATE_PERSON = `mutation($id: ID!, $name: String!) {
  createEntity(input: { id: $id, kind: PERSON, name: $name, synthetic: true }, source: { sentence: "Sentence:xibaiyin-2020-04-23:10" }) {
    id name version synthetic evidence { id }
  }
}`;

describe('recording a new stationing', () => {
  it('lets an editor record a synthetic cadre stationed in 城北村, with evidence, seen in network and history', async () => {
    const created = await t.gql<{ createEntity: { id: string; version: number; evidence: { id: string }[] } }>(
      CREATE_PERSON,
      { id: 'Person:test-resident-cadre-053', name: '驻村干部-053' },
      EDITOR,
    );
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data?.createEntity).toMatchObject({
      id: 'Person:test-resident-cadre-053',
      version: 1,
      evidence: [{ id: SOURCE.sentence }],
    });

    const linked = await t.gql<{
      link: { id: string; type: string; source: string; target: string; properties: Record<string, unknown> };
    }>(
      `mutation { link(input: { type: STATIONED_IN, from: "Person:test-resident-cadre-053", to: "Village:620423101203", synthetic: true,
                                properties: { level: "PROVINCIAL", since: "2020-05" } },
                       source: { sentence: "Sentence:xibaiyin-2020-04-23:10" }) { id type source target properties } }`,
      {},
      EDITOR,
    );
    expect(linked.body.errors).toBeUndefined();
    expect(linked.body.data?.link).toMatchObject({
      type: 'STATIONED_IN',
      source: 'Person:test-resident-cadre-053',
      target: 'Village:620423101203',
    });
    expect(linked.body.data?.link.properties).toMatchObject({ level: 'PROVINCIAL', since: '2020-05' });

    // An analyst now sees it in the network of the village, and in the stationings of 2020.
    const net = await t.gql<{ network: { nodes: { entityId: string }[]; edges: { type: string; source: string }[] } }>(
      '{ network(ids: ["Village:620423101203"], depth: 1, relations: [STATIONED_IN]) { nodes { entityId } edges { type source } } }',
      {},
      ANALYST,
    );
    expect(net.body.data?.network.nodes.map((n) => n.entityId)).toContain('Person:test-resident-cadre-053');
    const stationed = await t.gql<{
      node: { stationed: { person: { id: string }; level: string; evidence: { id: string } }[] };
    }>(
      '{ node(id: "Village:620423101203") { ... on Village { stationed(during: 2020) { level person { id } evidence { id } } } } }',
    );
    expect(stationed.body.data?.node.stationed).toContainEqual({
      level: 'PROVINCIAL',
      person: { id: 'Person:test-resident-cadre-053' },
      evidence: { id: SOURCE.sentence },
    });

    const history = await t.gql<{
      history: {
        action: string;
        actor: string;
        role: string;
        after: Record<string, unknown>;
        sentence: { id: string };
      }[];
    }>('{ history(id: "Person:test-resident-cadre-053") { action actor role after sentence { id } } }', {}, ANALYST);
    expect(history.body.data?.history).toEqual([
      {
        action: 'CREATE',
        actor: 'editor-script',
        role: 'editor',
        after: expect.objectContaining({ name: '驻村干部-053', synthetic: true }) as unknown,
        sentence: { id: SOURCE.sentence },
      },
    ]);
    const linkHistory = await t.gql<{ history: { action: string }[] }>(
      `{ history(id: "${linked.body.data?.link.id ?? ''}") { action } }`,
    );
    expect(linkHistory.body.data?.history).toEqual([{ action: 'LINK' }]);
  });

  it('shows who made a change to callers with a token only, and none of history without one when anonymous read is off', async () => {
    const query = '{ history(id: "Person:test-resident-cadre-053") { action actor role } }';
    const anonymous = await t.gql<{ history: { actor: string | null }[] }>(query);
    expect(anonymous.body.errors).toBeUndefined();
    expect(anonymous.body.data?.history).toEqual([{ action: 'CREATE', actor: null, role: 'editor' }]);
    const analyst = await t.gql(query, {}, ANALYST);
    expect(analyst.body.data?.history).toEqual([{ action: 'CREATE', actor: 'editor-script', role: 'editor' }]);

    const closed = await startTestServer(undefined, { ...TEST_AUTH, anonymousRead: false });
    try {
      const refused = await closed.gql(query);
      expect(refused.status).toBe(401);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(refused.body.data ?? null).toBeNull();
      expect((await closed.gql(query, {}, ANALYST)).body.data).toEqual(analyst.body.data);
    } finally {
      await closed.close();
    }
  });
});

describe('who may write', () => {
  it.each([
    ['no token', {}, 401, 'UNAUTHENTICATED'],
    ['an analyst token', ANALYST, 403, 'FORBIDDEN'],
    ['a bad token', { authorization: 'Bearer not-a-token' }, 401, 'UNAUTHENTICATED'],
  ])('refuses writes with %s, writing nothing', async (_name, headers, status, code) => {
    const before = await checksum();
    const res = await t.gql(CREATE_PERSON, { id: 'Person:test-intruder', name: '闯入者-001' }, headers);
    expect(res.status).toBe(status);
    expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(await checksum()).toBe(before);
  });

  it('accepts a JWT signed with the configured secret, and refuses one signed with another', async () => {
    const sign = (secret: string) =>
      new SignJWT({ role: 'editor' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('alice')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(secret));
    const good = await t.gql(
      CREATE_PERSON,
      { id: 'Person:test-jwt-1', name: '驻村干部-054' },
      { authorization: `Bearer ${await sign(TEST_AUTH.jwtSecret ?? '')}` },
    );
    expect(good.body.errors).toBeUndefined();
    const bad = await t.gql(
      CREATE_PERSON,
      { id: 'Person:test-jwt-2', name: '驻村干部-055' },
      { authorization: `Bearer ${await sign('another-secret-entirely')}` },
    );
    expect(bad.status).toBe(401);
  });

  it('refuses anonymous reads when AUTH_ANONYMOUS_READ is off, and serves analysts', async () => {
    const closed = await startTestServer(undefined, { ...TEST_AUTH, anonymousRead: false });
    try {
      const anonymous = await closed.gql('{ county { name } }');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const analyst = await closed.gql<{ county: { name: string } }>('{ county { name } }', {}, ANALYST);
      expect(analyst.body.data?.county.name).toBe('景泰县');
    } finally {
      await closed.close();
    }
  });

  it('verifies RS256 tokens against a configured public key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const server = await startTestServer(undefined, {
      ...TEST_AUTH,
      jwtSecret: undefined,
      jwtPublicKey: await exportSPKI(publicKey),
      jwtIssuer: 'https://sso.example.test',
    });
    try {
      const token = (issuer: string) =>
        new SignJWT({ roles: ['analyst', 'editor'] })
          .setProtectedHeader({ alg: 'RS256' })
          .setSubject('bob')
          .setIssuer(issuer)
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey);
      const ok = await server.gql(
        CREATE_PERSON,
        { id: 'Person:test-rs256', name: '驻村干部-060' },
        { authorization: `Bearer ${await token('https://sso.example.test')}` },
      );
      expect(ok.body.errors).toBeUndefined();
      const wrongIssuer = await server.gql(
        CREATE_PERSON,
        { id: 'Person:test-rs256-2', name: '驻村干部-061' },
        { authorization: `Bearer ${await token('https://elsewhere.test')}` },
      );
      expect(wrongIssuer.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('keeps hard deletes and the whole audit trail for admins', async () => {
    await t.gql(CREATE_PERSON, { id: 'Person:test-to-delete', name: '驻村干部-056' }, EDITOR);
    const hard =
      'mutation { deleteEntity(input: { id: "Person:test-to-delete", hard: true }, source: { citation: "test" }) { action } }';
    expect((await t.gql(hard, {}, EDITOR)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql('{ changes(first: 5) { action } }', {}, EDITOR)).body.errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const res = await t.gql<{ deleteEntity: { action: string } }>(hard, {}, ADMIN);
    expect(res.body.data?.deleteEntity.action).toBe('HARD_DELETE');
    expect((await t.gql('{ node(id: "Person:test-to-delete") { id } }')).body.data).toEqual({ node: null });
    const trail = await t.gql<{ changes: { action: string; targetId: string }[] }>(
      '{ changes(actor: "admin-script") { action targetId } }',
      {},
      ADMIN,
    );
    expect(trail.body.data?.changes[0]).toEqual({ action: 'HARD_DELETE', targetId: 'Person:test-to-delete' });
  });
});

describe('validation', () => {
  it.each([
    [
      'a Base that would govern a village',
      'mutation { link(input: { type: GOVERNS, from: "Base:base-01", to: "Village:620423101203", synthetic: true }, source: { citation: "x" }) { id } }',
      'input.type',
    ],
    [
      'a stationing that ends before it starts',
      'mutation { link(input: { type: STATIONED_IN, from: "Person:resident-cadre-001", to: "Village:620423101203", synthetic: true, properties: { level: "COUNTY", since: "2020-05", until: "2019" } }, source: { citation: "x" }) { id } }',
      'input.until',
    ],
    [
      'a relationship to a missing entity',
      'mutation { link(input: { type: STATIONED_IN, from: "Person:nobody", to: "Village:620423101203", synthetic: true, properties: { level: "COUNTY" } }, source: { citation: "x" }) { id } }',
      'input.from',
    ],
    [
      'a fact without a source',
      'mutation { createEntity(input: { id: "Person:test-unsourced", kind: PERSON, name: "驻村干部-057", synthetic: true }, source: {}) { id } }',
      'source.sentence',
    ],
    [
      'a malformed division code',
      'mutation { createEntity(input: { id: "Village:test-1", kind: VILLAGE, name: "测试村", synthetic: true, properties: { code: "6204" } }, source: { citation: "x" }) { id } }',
      'input.code',
    ],
    [
      'a duplicate id',
      'mutation { createEntity(input: { id: "Village:620423101203", kind: VILLAGE, name: "城北村", synthetic: false }, source: { citation: "x" }) { id } }',
      'input.id',
    ],
    [
      'an id of another kind',
      'mutation { createEntity(input: { id: "Village:test-2", kind: PERSON, name: "某人", synthetic: true }, source: { citation: "x" }) { id } }',
      'input.id',
    ],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_name, mutation, argument) => {
    const before = await checksum();
    const res = await t.gql(mutation, {}, EDITOR);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(await checksum()).toBe(before);
  });

  it('shares one validation path with the seed loader', () => {
    // The rule the API applied above is the one the seed loader applies to a relationships file.
    const labels = new Map([
      ['Base:base-01', 'Base' as const],
      ['Village:620423101203', 'Village' as const],
    ]);
    expect(
      validateRelation('GOVERNS', 'Base:base-01', 'Village:620423101203', { synthetic: true }, (id) =>
        labels.get(id),
      )[0]?.message,
    ).toContain('GOVERNS cannot start at a Base');
  });

  it('applies a batch of 10 changes all or nothing: one bad item leaves the graph exactly as before', async () => {
    const before = await checksum();
    const changes = Array.from({ length: 9 }, (_, i) => ({
      createEntity: {
        id: `Cooperative:test-batch-${String(i)}`,
        kind: 'COOPERATIVE',
        name: `测试合作社-${String(i)}（模拟）`,
        synthetic: true,
        properties: { industry: '枸杞' },
      },
    }));
    changes.splice(6, 0, {
      link: { type: 'GOVERNS', from: 'Base:base-01', to: 'Village:620423101203', synthetic: true },
    } as never);
    const res = await t.gql(
      'mutation($changes: [ChangeInput!]!) { applyChanges(changes: $changes, source: { citation: "batch test" }) { action } }',
      { changes },
      EDITOR,
    );
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'changes[6].link.type',
    });
    expect(await checksum()).toBe(before);

    changes.splice(6, 1);
    const ok = await t.gql<{ applyChanges: { action: string }[] }>(
      'mutation($changes: [ChangeInput!]!) { applyChanges(changes: $changes, source: { citation: "batch test" }) { action } }',
      { changes },
      EDITOR,
    );
    expect(ok.body.data?.applyChanges).toHaveLength(9);
  });
});

describe('optimistic concurrency', () => {
  it('gives one success and one CONFLICT to two concurrent updates of the same version', async () => {
    await t.gql(CREATE_PERSON, { id: 'Person:test-contended', name: '驻村干部-058' }, EDITOR);
    const update = (name: string) =>
      t.gql<{ updateEntity: { version: number; name: string } }>(
        'mutation($name: String!) { updateEntity(input: { id: "Person:test-contended", version: 1, name: $name }, source: { citation: "x" }) { version name } }',
        { name },
        EDITOR,
      );
    const results = await Promise.all([update('驻村干部-058甲'), update('驻村干部-058乙')]);
    const codes = results.map((r) => r.body.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    const winner = results.find((r) => !r.body.errors)?.body.data?.updateEntity;
    expect(winner?.version).toBe(2);
    const conflict = results.find((r) => r.body.errors);
    expect(conflict?.status).toBe(409);
    const history = await t.gql<{ history: { action: string; before: { name: string }; after: { name: string } }[] }>(
      '{ history(id: "Person:test-contended") { action before after } }',
    );
    expect(history.body.data?.history.map((h) => h.action)).toEqual(['CREATE', 'UPDATE']);
    expect(history.body.data?.history[1]?.before.name).toBe('驻村干部-058');
    expect(history.body.data?.history[1]?.after.name).toBe(winner?.name);
  });

  it('drops a soft-deleted entity from lists and search but keeps its history', async () => {
    await t.gql(CREATE_PERSON, { id: 'Person:test-soft', name: '驻村干部-059' }, EDITOR);
    const del = await t.gql<{ deleteEntity: { action: string } }>(
      'mutation { deleteEntity(input: { id: "Person:test-soft" }, source: { citation: "x" }) { action } }',
      {},
      EDITOR,
    );
    expect(del.body.data?.deleteEntity.action).toBe('DELETE');
    const list = await t.gql<{ people: { totalCount: number } }>(
      '{ people(where: { ids: ["Person:test-soft"] }) { totalCount } }',
    );
    expect(list.body.data?.people.totalCount).toBe(0);
    const node = await t.gql<{ node: { deletedAt: string | null } }>(
      '{ node(id: "Person:test-soft") { ... on Person { deletedAt } } }',
    );
    expect(node.body.data?.node.deletedAt).toMatch(/^\d{4}-/);
    const again = await t.gql(
      'mutation { link(input: { type: MEMBER_OF, from: "Person:test-soft", to: "PartyOrganization:village-620423101203", synthetic: true }, source: { citation: "x" }) { id } }',
      {},
      EDITOR,
    );
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.from' });
  });
});
