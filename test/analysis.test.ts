import cytoscape from 'cytoscape';
// graphology's types put an ES default export in a CommonJS package, which TypeScript's NodeNext
// reading turns into the whole module; at run time the default import is the Graph class.
import GraphModule, { MultiDirectedGraph } from 'graphology';
import { parse as parseGraphML } from 'graphology-graphml';
import type { AbstractGraph, SerializedGraph } from 'graphology-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
// The per-level path (planner off): the reference the planner is checked against, and what
// answers any selection the planner declines.
let perLevel: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  perLevel = await startTestServer(undefined, undefined, { planner: false });
});
afterAll(async () => {
  await t.close();
  await perLevel.close();
});

async function cypherCount(cypher: string, params: Record<string, unknown> = {}): Promise<number> {
  const [row] = await t.db.read<{ n: number }>(cypher, params);
  return row?.n ?? -1;
}

const errorCode = (body: { errors?: { extensions?: { code?: string } }[] }): string | undefined =>
  body.errors?.[0]?.extensions?.code;

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { id: string; name: string; collectiveIncome?: { amountYuan: number } } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
}

describe('lists', () => {
  const villages = async (
    args: string,
    selection = 'totalCount edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage endCursor }',
  ) => {
    const res = await t.gql<{ villages: Page }>(`{ villages${args ? `(${args})` : ''} { ${selection} } }`);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return { page: res.body.data?.villages as Page, roundTrips: res.body.extensions?.cypherRoundTrips };
  };

  it('counts without loading the nodes: totalCount alone is one count query', async () => {
    const { page, roundTrips } = await villages('', 'totalCount');
    expect(page.totalCount).toBe(136);
    expect(roundTrips).toBe(1);
  });

  it('pages through all villages with Relay cursors, without overlap', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { page } = await villages(`first: 50${after ? `, after: "${after}"` : ''}`);
      seen.push(...page.edges.map((e) => e.node.id));
      pages += 1;
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(136);
    expect(new Set(seen).size).toBe(136);
  });

  it.each([
    [
      'township: "Township:620423101000"',
      "MATCH (v:Village)-[:PART_OF]->(:Township {id: 'Township:620423101000'}) RETURN count(v) AS n",
    ],
    [
      'oneShoulder: true',
      "MATCH (v:Village)-[:IMPLEMENTS]->(:Program {id: 'Program:one-shoulder'}) RETURN count(v) AS n",
    ],
    ['collectiveIncomeMin: 50000', 'MATCH (v:Village) WHERE v.collectiveIncome >= 50000 RETURN count(v) AS n'],
    [
      'collectiveIncomeMin: 10000, collectiveIncomeMax: 49999',
      'MATCH (v:Village) WHERE 10000 <= v.collectiveIncome <= 49999 RETURN count(v) AS n',
    ],
    [
      'modelVillage: true',
      "MATCH (v:Village)-[:IMPLEMENTS]->(:Program {id: 'Program:collective-economy-model-villages'}) RETURN count(v) AS n",
    ],
    [
      'partyOrganization: { leadsCooperatives: true }',
      'MATCH (v:Village) WHERE EXISTS { (v)<-[:GOVERNS]-(:PartyOrganization)-[:LEADS]->(:Cooperative) } RETURN count(v) AS n',
    ],
    [
      'partyOrganization: { partnersLeadingEnterprise: true }',
      'MATCH (v:Village) WHERE EXISTS { (v)<-[:GOVERNS]-(:PartyOrganization)-[:PARTNERS_WITH]->(:Enterprise {leading: true}) } RETURN count(v) AS n',
    ],
    [
      'stationedLevel: PROVINCIAL, stationedAsOf: "2020-06"',
      "MATCH (v:Village) WHERE EXISTS { (:Person)-[s:STATIONED_IN {level: 'PROVINCIAL'}]->(v) WHERE s.since <= '2020-06-30' AND s.until IS NULL } RETURN count(v) AS n",
    ],
    ['nameContains: "灘"', "MATCH (v:Village) WHERE v.name CONTAINS '滩' RETURN count(v) AS n"],
  ])('filters villages by %s, as Cypher counts them', async (where, cypher) => {
    const expected = await cypherCount(cypher);
    expect(expected).toBeGreaterThan(0);
    const { page } = await villages(`where: { ${where} }, first: 100`);
    expect(page.totalCount).toBe(expected);
    expect(page.edges).toHaveLength(Math.min(expected, 100));
  });

  it('sorts by collective income, highest first', async () => {
    const { page } = await villages(
      'orderBy: [{ field: COLLECTIVE_INCOME, direction: DESC }], first: 10',
      'edges { node { id name collectiveIncome { amountYuan } } }',
    );
    const amounts = page.edges.map((e) => e.node.collectiveIncome?.amountYuan ?? -1);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect(page.edges[0]?.node.name).toBe('城北村');
  });

  it('filters people by role and time: first secretaries in office during 2017', async () => {
    const expected = await cypherCount(
      "MATCH (p:Person)-[r:HOLDS_POST {role: 'FIRST_SECRETARY'}]->() WHERE r.since <= '2017-12-31' AND (r.until IS NULL OR r.until + '-99' >= '2017-01-01') RETURN count(DISTINCT p) AS n",
    );
    const res = await t.gql<{ people: { totalCount: number } }>(
      '{ people(where: { role: FIRST_SECRETARY, during: 2017 }) { totalCount } }',
    );
    expect(res.body.data?.people.totalCount).toBe(expected);
    const all = await t.gql<{ people: { totalCount: number } }>(
      '{ people(where: { role: FIRST_SECRETARY }) { totalCount } }',
    );
    expect(all.body.data?.people.totalCount).toBeGreaterThan(expected);
  });

  it('filters people within a village: posted or stationed there', async () => {
    const res = await t.gql<{ people: { totalCount: number; edges: { node: { id: string } }[] } }>(
      '{ people(where: { within: "Village:620423101203" }, first: 100) { totalCount edges { node { id } } } }',
    );
    const expected = await cypherCount(
      "MATCH (p:Person) WHERE EXISTS { (p)-[:HOLDS_POST|STATIONED_IN]->(:Village {id: 'Village:620423101203'}) } OR EXISTS { (p)-[:HOLDS_POST]->(:PartyOrganization)-[:GOVERNS|PART_OF*1..2]->(:Village {id: 'Village:620423101203'}) } RETURN count(p) AS n",
    );
    expect(res.body.data?.people.totalCount).toBe(expected);
  });

  it('filters people within a township by role and year: each once, though many paths lead there', async () => {
    // The list starts at the township and walks inwards: a secretary reaches it through the village
    // and through its Party organisation, and is counted once.
    const expected = await cypherCount(
      `MATCH (p:Person)-[r:HOLDS_POST {role: 'PARTY_SECRETARY'}]->()
       WHERE (r.since IS NULL OR r.since <= '2019-12-31') AND (r.until IS NULL OR r.until + '-99' >= '2019-01-01')
         AND EXISTS { (p)-[:PART_OF|LOCATED_IN|GOVERNS|HOLDS_POST|STATIONED_IN*0..5]->(:Township {id: 'Township:620423101000'}) }
       RETURN count(DISTINCT p) AS n`,
    );
    const res = await t.gql<{ people: { totalCount: number; edges: { node: { id: string } }[] } }>(
      '{ people(where: { within: "Township:620423101000", role: PARTY_SECRETARY, during: 2019 }, first: 100) { totalCount edges { node { id } } } }',
    );
    const people = res.body.data?.people;
    expect(expected).toBeGreaterThan(1);
    expect(people?.totalCount).toBe(expected);
    const ids = people?.edges.map((e) => e.node.id) ?? [];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(expected);
    expect(res.body.extensions?.cypherRoundTrips).toBe(1);
  });

  it('filters enterprises: 12 leading, 40 covered by a Party organisation', async () => {
    const res = await t.gql<{ leading: { totalCount: number }; covered: { totalCount: number } }>(
      '{ leading: enterprises(where: { leading: true }) { totalCount } covered: enterprises(where: { covered: true }) { totalCount } }',
    );
    expect(res.body.data).toEqual({ leading: { totalCount: 12 }, covered: { totalCount: 40 } });
  });

  it('costs one round trip per level for a 3-level nested list of 50 villages', async () => {
    // villages page (1) → partyOrganization (1) → cooperatives (1) → bases (1)
    const res = await perLevel.gql<{
      villages: { edges: { node: { partyOrganization: { cooperatives: { bases: unknown[] }[] } } }[] };
    }>(
      '{ villages(first: 50) { edges { node { name partyOrganization { name cooperatives { name bases { name } } } } } } }',
    );
    expect(res.body.data?.villages.edges).toHaveLength(50);
    expect(res.body.extensions?.cypherRoundTrips).toBe(4);
  });

  it('costs one round trip for the same nested list when planned, with the same answer', async () => {
    const query =
      '{ villages(first: 50) { totalCount edges { node { name partyOrganization { name cooperatives { name bases { name } } } } } } }';
    const [planned, reference] = await Promise.all([t.gql(query), perLevel.gql(query)]);
    expect(planned.body.errors).toBeUndefined();
    expect(planned.body.data).toEqual(reference.body.data);
    expect(planned.body.extensions?.cypherRoundTrips).toBe(1);
    expect(reference.body.extensions?.cypherRoundTrips).toBe(5);
  });

  it.each([
    ['villages(first: 101) { totalCount }', 'first', 'at most 100'],
    ['villages(first: -1) { totalCount }', 'first', 'non-negative'],
    ['villages(after: "bm9wZQ") { totalCount }', 'after', 'cursor'],
    ['people(where: { asOf: "yesterday" }) { totalCount }', 'asOf', 'date'],
  ])('refuses %s with BAD_USER_INPUT naming %s', async (field, argument, message) => {
    const res = await t.gql(`{ ${field} }`);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(res.body.errors?.[0]?.message).toContain(message);
  });
});

describe('search', () => {
  const search = async (text: string, extra = '') => {
    const res = await t.gql<{
      search: { score: number; matchedOn: string; entity: { id: string; name: string; kind: string } }[];
    }>(`query($text: String!) { search(text: $text${extra}) { score matchedOn entity { id name kind } } }`, { text });
    expect(res.status).toBe(200);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return res.body.data?.search ?? [];
  };

  it.each(['chengbei', '城北', '城北村', 'Chéngběi cūn', 'cheng bei cun', 'CHENGBEICUN', 'cbc', '城北村村民委员会'])(
    'ranks 城北村 first for "%s"',
    async (text) => {
      const hits = await search(text);
      expect(hits[0]?.entity.id).toBe('Village:620423101203');
    },
  );

  it('finds 寺滩乡 from traditional characters', async () => {
    const hits = await search('寺灘');
    expect(hits[0]?.entity).toMatchObject({ id: 'Township:620423203000', name: '寺滩乡' });
  });

  it.each(['chengbeicunxiangcunlvyou', 'chéng běi cūn xiāng cūn lǚ yóu'])(
    'finds 乡村旅游 (lǚ yóu) names from pinyin with ü typed as v or with its tone: "%s"',
    async (text) => {
      const hits = await search(text);
      expect(hits.map((h) => h.entity.name)).toContain('城北村乡村旅游基地（模拟）');
    },
  );

  it('finds a name from a part of it, ranked by score', async () => {
    const hits = await search('三道');
    expect(hits.map((h) => h.entity.name)).toContain('三道埫村');
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('says which form of the name matched', async () => {
    expect((await search('cbc'))[0]?.matchedOn).toBe('INITIALS');
    expect((await search('chengbei'))[0]?.matchedOn).toBe('PINYIN');
    expect((await search('城北'))[0]?.matchedOn).toBe('NAME');
  });

  it('keeps to the asked kinds', async () => {
    const hits = await search('寺滩', ', kinds: [TOWNSHIP]');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.entity.kind === 'TOWNSHIP')).toBe(true);
  });

  it.each([
    '"',
    '*',
    '~',
    'AND',
    '\\',
    'name:*',
    '城北" OR "1',
    '城北~2 AND *',
    "') RETURN 1 //",
    '[城北 TO 芦阳]',
    '(((',
    '+-&&||!',
  ])('treats Lucene and Cypher syntax in "%s" as plain text', async (text) => {
    await search(text);
  });

  it('refuses empty text and oversized pages', async () => {
    expect(errorCode((await t.gql('{ search(text: "  ") { score } }')).body)).toBe('BAD_USER_INPUT');
    const res = await t.gql('{ search(text: "城北", first: 101) { score } }');
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });
});

interface ChainView {
  nodes: { id: string; kind: string }[];
  relationships: { type: string; source: string; target: string; synthetic: boolean }[];
  evidence: { text: string }[];
}

describe('chains', () => {
  const CHAIN =
    'totalCount edges { node { nodes { id kind } relationships { type source target synthetic } evidence { text } } }';

  it('returns every 支部+龙头企业+基地 chain in the graph, each in order with evidence', async () => {
    const expected = await cypherCount(
      'MATCH (:PartyOrganization)-[:PARTNERS_WITH]->(:Enterprise {leading: true})-[:OPERATES]->(:Base) RETURN count(*) AS n',
    );
    const query = `{ chains(preset: BRANCH_ENTERPRISE_BASE, first: 100) { ${CHAIN} } }`;
    const [planned, res] = await Promise.all([
      t.gql<{ chains: { totalCount: number; edges: { node: ChainView }[] } }>(query),
      perLevel.gql<{ chains: { totalCount: number; edges: { node: ChainView }[] } }>(query),
    ]);
    expect(res.body.errors).toBeUndefined();
    // Planned: the page, the count and the evidence in one query, and the same chains.
    expect(planned.body.data).toEqual(res.body.data);
    expect(planned.body.extensions?.cypherRoundTrips).toBe(1);
    const chains = res.body.data?.chains;
    expect(chains?.totalCount).toBe(expected);
    expect(chains?.edges).toHaveLength(Math.min(expected, 100));
    for (const { node } of chains?.edges ?? []) {
      expect(node.nodes.map((n) => n.kind)).toEqual(['PARTY_ORGANIZATION', 'ENTERPRISE', 'BASE']);
      expect(node.relationships.map((r) => [r.type, r.source, r.target])).toEqual([
        ['PARTNERS_WITH', node.nodes[0]?.id, node.nodes[1]?.id],
        ['OPERATES', node.nodes[1]?.id, node.nodes[2]?.id],
      ]);
      expect(node.evidence[0]?.text).toContain('支部+龙头企业+基地');
    }
    // count (1) + page (1) + evidence sentences of all chains (1)
    expect(res.body.extensions?.cypherRoundTrips).toBe(3);
  });

  it('narrows to the chains that start within a village', async () => {
    const res = await t.gql<{ chains: { totalCount: number; edges: { node: ChainView }[] } }>(
      `{ chains(preset: BRANCH_ENTERPRISE_BASE, within: "Village:620423101203") { ${CHAIN} } }`,
    );
    const chains = res.body.data?.chains;
    expect(chains?.totalCount).toBeGreaterThan(0);
    const expected = await cypherCount(
      `MATCH (o:PartyOrganization)-[:PARTNERS_WITH]->(:Enterprise {leading: true})-[:OPERATES]->(:Base)
       WHERE EXISTS { (o)-[:GOVERNS|PART_OF*1..2]->(:Village {id: 'Village:620423101203'}) } RETURN count(*) AS n`,
    );
    expect(chains?.totalCount).toBe(expected);
  });

  it('keeps only local chains with sameVillage: the branch and the base in one village', async () => {
    const all = await t.gql<{ chains: { totalCount: number } }>(
      '{ chains(preset: BRANCH_ENTERPRISE_BASE) { totalCount } }',
    );
    const res = await t.gql<{ chains: { totalCount: number; edges: { node: { nodes: { id: string }[] } }[] } }>(
      '{ chains(preset: BRANCH_ENTERPRISE_BASE, sameVillage: true, first: 100) { totalCount edges { node { nodes { id } } } } }',
    );
    const local = res.body.data?.chains;
    expect(local?.totalCount).toBeGreaterThan(0);
    expect(local?.totalCount).toBeLessThan(all.body.data?.chains.totalCount ?? 0);
    // The default preset already means what the article means: at least 90 % of its chains are local.
    expect((local?.totalCount ?? 0) / (all.body.data?.chains.totalCount ?? 1)).toBeGreaterThanOrEqual(0.9);
    for (const { node } of local?.edges ?? []) {
      const [branch, , base] = node.nodes.map((n) => n.id);
      const [row] = await t.db.read<{ villages: string[] }>(
        `MATCH (b:Base {id: $base})-[:LOCATED_IN]->(v:Village)
         MATCH (o:PartyOrganization {id: $branch})-[:GOVERNS|PART_OF*1..2]->(v2:Village)
         RETURN collect(DISTINCT v.id) + collect(DISTINCT v2.id) AS villages`,
        { base, branch },
      );
      expect(new Set(row?.villages).size).toBe(1);
    }
  });

  it('follows an analyst-written pattern: village ← Party organisation → cooperative → base', async () => {
    const expected = await cypherCount(
      'MATCH (:Village)<-[:GOVERNS]-(:PartyOrganization)-[:LEADS]->(:Cooperative)-[:OPERATES]->(:Base) RETURN count(*) AS n',
    );
    const res = await t.gql<{ chains: { totalCount: number; edges: { node: ChainView }[] } }>(
      `{ chains(pattern: [
          { kind: VILLAGE, where: { synthetic: false } },
          { kind: PARTY_ORGANIZATION, relation: GOVERNS, direction: IN },
          { kind: COOPERATIVE, relation: LEADS },
          { kind: BASE, relation: OPERATES }
        ], first: 5) { ${CHAIN} } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.chains.totalCount).toBe(expected);
    const first = res.body.data?.chains.edges[0]?.node;
    expect(first?.relationships[0]).toMatchObject({
      type: 'GOVERNS',
      source: first?.nodes[1]?.id,
      target: first?.nodes[0]?.id,
    });
  });

  it.each([
    ['pattern: [{ kind: VILLAGE }]', 'between 2 and 6'],
    [`pattern: [${Array(7).fill('{ kind: VILLAGE, relation: PART_OF }').join(',')}]`, 'between 2 and 6'],
    ['pattern: [{ kind: BASE }, { kind: VILLAGE, relation: GOVERNS }]', 'GOVERNS cannot start at a Base'],
    ['pattern: [{ kind: BASE }, { kind: VILLAGE }]', 'relation is required'],
    ['preset: BRANCH_ENTERPRISE_BASE, pattern: [{ kind: BASE }, { kind: VILLAGE, relation: LOCATED_IN }]', 'not both'],
    ['', 'preset'],
  ])('refuses chains(%s) with BAD_USER_INPUT', async (args, message) => {
    const res = await t.gql(`{ chains${args ? `(${args})` : ''} { totalCount } }`);
    expect(errorCode(res.body)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toContain(message);
  });
});

describe('paths', () => {
  interface PathView {
    length: number;
    nodes: { id: string; kind: string }[];
    relationships: { type: string; source: string; target: string }[];
  }
  const paths = async (args: string) => {
    const res = await t.gql<{ paths: PathView[] }>(
      `{ paths(${args}) { length nodes { id kind } relationships { type source target } } }`,
    );
    return res;
  };

  it('links two villages of different townships through the hierarchy', async () => {
    const res = await paths('from: "Village:620423101203", to: "Village:620423203201"');
    expect(res.body.errors).toBeUndefined();
    const found = res.body.data?.paths ?? [];
    expect(found.length).toBeGreaterThan(0);
    for (const p of found) {
      expect(p.length).toBe(p.relationships.length);
      expect(p.nodes).toHaveLength(p.length + 1);
      expect(p.nodes[0]?.id).toBe('Village:620423101203');
      expect(p.nodes.at(-1)?.id).toBe('Village:620423203201');
      p.relationships.forEach((r, i) => {
        expect([r.source, r.target].sort()).toEqual([p.nodes[i]?.id, p.nodes[i + 1]?.id].sort());
      });
    }
    expect(found[0]?.nodes.map((n) => n.kind)).toEqual(['VILLAGE', 'TOWNSHIP', 'COUNTY', 'TOWNSHIP', 'VILLAGE']);
  });

  it('keeps to the asked relationship types', async () => {
    const res = await paths(
      'from: "Person:first-secretary-01", to: "Base:base-01", relations: [STATIONED_IN, LOCATED_IN]',
    );
    const found = res.body.data?.paths ?? [];
    expect(found.length).toBeGreaterThan(0);
    expect(
      found
        .flatMap((p) => p.relationships.map((r) => r.type))
        .every((ty) => ty === 'STATIONED_IN' || ty === 'LOCATED_IN'),
    ).toBe(true);
  });

  it.each([
    ['from: "Village:620423101203", to: "Village:620423203201", maxHops: 7', 'BAD_USER_INPUT', 'maxHops'],
    ['from: "Village:620423101203", to: "Village:620423203201", maxHops: 100', 'BAD_USER_INPUT', 'maxHops'],
    ['from: "Village:620423101203", to: "Village:620423203201", first: 51', 'BAD_USER_INPUT', 'first'],
    ['from: "Village:620423101203", to: "Village:000"', 'NOT_FOUND', undefined],
  ])('refuses paths(%s) with %s', async (args, code, argument) => {
    const res = await paths(args);
    expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
    if (argument) expect(res.body.errors?.[0]?.extensions?.argument).toBe(argument);
  });
});

const Graph = GraphModule as unknown as typeof AbstractGraph;

describe('network', () => {
  interface NetworkView {
    truncated: boolean;
    nodes: { entityId: string; kind: string; label: string; synthetic: boolean; depth: number }[];
    edges: {
      relationshipId: string;
      source: string;
      target: string;
      type: string;
      properties: Record<string, unknown>;
    }[];
    cytoscape: cytoscape.ElementsDefinition;
    graphology: SerializedGraph;
    graphml: string;
  }
  const network = async (args: string) => {
    const res = await t.gql<{ network: NetworkView }>(
      `{ network(${args}) { truncated nodes { entityId kind label synthetic depth } edges { relationshipId source target type properties } cytoscape graphology graphml } }`,
    );
    return res;
  };

  it('draws a village neighbourhood that loads as-is into graphology and Cytoscape.js, with no dangling edges', async () => {
    const res = await network('ids: ["Village:620423101203"], depth: 2, limit: 300');
    expect(res.body.errors).toBeUndefined();
    const net = res.body.data?.network as NetworkView;
    expect(net.nodes.length).toBeGreaterThan(20);
    expect(new Set(net.nodes.map((n) => n.entityId)).size).toBe(net.nodes.length);
    expect(new Set(net.edges.map((e) => e.relationshipId)).size).toBe(net.edges.length);

    // As the README says: `Graph.from(payload)` takes the payload's options (a multi graph).
    const graph = Graph.from(net.graphology);
    expect(graph.multi).toBe(true);
    expect(graph.order).toBe(net.nodes.length);
    expect(graph.size).toBe(net.edges.length);
    const imported = new MultiDirectedGraph();
    imported.import(net.graphology);
    expect(imported.size).toBe(net.edges.length);
    const ids = new Set(net.nodes.map((n) => n.entityId));
    expect(net.edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true);
    // Two entities linked by several relationships: why the payload is a multi graph.
    const pairs = new Set(net.edges.map((e) => `${e.source}>${e.target}`));
    expect(pairs.size).toBeLessThan(net.edges.length);

    const cy = cytoscape({ headless: true, elements: net.cytoscape });
    expect(cy.nodes().length).toBe(net.nodes.length);
    expect(cy.edges().length).toBe(net.edges.length);
    expect(cy.getElementById('Village:620423101203').degree(false)).toBeGreaterThan(5);
  });

  it("carries every edge's stored properties, flat, in both payloads", async () => {
    const net = (await network('ids: ["Village:620423101203"], depth: 2, limit: 300')).body.data
      ?.network as NetworkView;
    const withProperties = net.edges.filter((e) =>
      Object.keys(e.properties).some((k) => !['id', 'synthetic', 'evidence'].includes(k)),
    );
    expect(withProperties.length).toBeGreaterThan(10);
    const keys = new Set(withProperties.flatMap((e) => Object.keys(e.properties)));
    expect([...keys]).toEqual(expect.arrayContaining(['since']));

    const cy = cytoscape({ headless: true, elements: net.cytoscape });
    const graph = Graph.from(net.graphology);
    for (const e of withProperties) {
      // A stored `id` is the relationship's id: the element's id in Cytoscape, the edge's key in graphology.
      const stored = { ...e.properties, type: e.type };
      expect(cy.getElementById(e.relationshipId).data()).toMatchObject(stored);
      expect({ ...graph.getEdgeAttributes(e.relationshipId), id: e.relationshipId }).toMatchObject(stored);
      expect(graph.source(e.relationshipId)).toBe(e.source);
    }
  });

  it('gives the same graph as GraphML: graphology-graphml reads back every node, edge and attribute', async () => {
    const net = (await network('ids: ["Village:620423101203"], depth: 2, limit: 300')).body.data
      ?.network as NetworkView;
    const graph = Graph.from(net.graphology);
    const back = parseGraphML(MultiDirectedGraph, net.graphml);
    expect(back.order).toBe(graph.order);
    expect(back.size).toBe(graph.size);
    graph.forEachNode((key, attributes) => expect(back.getNodeAttributes(key)).toEqual(attributes));
    graph.forEachEdge((key, attributes, source, target) => {
      expect(back.getEdgeAttributes(key)).toEqual(attributes);
      expect([back.source(key), back.target(key)]).toEqual([source, target]);
    });
  });

  it('says truncated when the limit cut the expansion', async () => {
    const res = await network('ids: ["Village:620423101203"], depth: 2, limit: 10');
    expect(res.body.data?.network.truncated).toBe(true);
    expect(res.body.data?.network.nodes).toHaveLength(10);
    const full = await network('ids: ["Program:four-ones"], depth: 1, limit: 100');
    expect(full.body.data?.network.truncated).toBe(false);
  });

  it('keeps to the asked kinds and relationship types beyond the seeds', async () => {
    const res = await network('ids: ["Village:620423101203"], depth: 1, kinds: [PERSON], relations: [STATIONED_IN]');
    const net = res.body.data?.network as NetworkView;
    expect(net.nodes.filter((n) => n.depth > 0).every((n) => n.kind === 'PERSON')).toBe(true);
    expect(net.edges.every((e) => e.type === 'STATIONED_IN')).toBe(true);
    expect(net.nodes.length).toBeGreaterThan(1);
  });

  it.each([
    ['ids: ["Village:620423101203"], depth: 4', 'BAD_USER_INPUT', 'depth'],
    ['ids: ["Village:620423101203"], depth: 50', 'BAD_USER_INPUT', 'depth'],
    ['ids: ["Village:620423101203"], limit: 5000', 'BAD_USER_INPUT', 'limit'],
    ['ids: []', 'BAD_USER_INPUT', 'ids'],
    ['ids: ["Village:nope"]', 'NOT_FOUND', undefined],
  ])('refuses network(%s) with %s', async (args, code, argument) => {
    // A small selection: with the full one, a limit or depth this large is refused by the cost
    // limit (QUERY_TOO_EXPENSIVE) before the argument is checked.
    const res = await t.gql(`{ network(${args}) { truncated } }`);
    expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
    if (argument) expect(res.body.errors?.[0]?.extensions?.argument).toBe(argument);
  });
});
