import { integer } from '../src/db/database.js';
import { ENTITY_KINDS, RELATION_TYPES } from '../src/model/kinds.js';

// The benchmark's questions, each asked three ways: the API (GraphQL over HTTP), the peer (the
// same question in the Neo4j GraphQL Library's own dialect, turned back into the API's answer
// shape before comparing) and the floor (one hand-written Cypher query whose single row is the
// API's `data`, exactly). Each side's answer is checked equal to the API's before anything is timed.

export interface Case {
  /** Short name, for BENCH_ONLY. */
  name: string;
  title: string;
  api: string;
  peer?: {
    query: string;
    /** The peer's `data`, reshaped as the API's `data`. */
    toApi: (data: unknown) => unknown;
  };
  floor: { cypher: string; params?: Record<string, unknown> };
  /** Applied to every side's `data` before comparing (e.g. to ignore an order the API leaves open). */
  canonical?: (data: unknown) => unknown;
}

const VILLAGE = 'Village:620423101203';
const OTHER_VILLAGE = 'Village:620423203201';
const TOWNSHIP = 'Township:620423101000';

interface Named {
  name: string;
}
interface PeerNestedVillage extends Named {
  partyOrganization: (Named & { cooperatives: (Named & { bases: Named[] })[] }) | null;
}
interface PeerConnection<T> {
  totalCount: number;
  edges: { node: T }[];
}
interface PeerChainOrg extends Named {
  id: string;
  partners: (Named & { id: string; bases: (Named & { id: string })[] })[];
}

const edgesOf = <T>(nodes: T[]): { node: T }[] => nodes.map((node) => ({ node }));

export const CASES: Case[] = [
  {
    name: 'node',
    title: 'one village by id with its township',
    api: `{ node(id: "${VILLAGE}") { id ... on Village { name code township { name } } } }`,
    peer: {
      query: `{ villages(where: { id: { eq: "${VILLAGE}" } }) { id name code township { name } } }`,
      toApi: (data) => ({ node: (data as { villages: unknown[] }).villages[0] ?? null }),
    },
    floor: {
      cypher: `MATCH (v:Node {id: $id})
               RETURN {node: {id: v.id, name: v.name, code: v.code,
                              township: [(v)-[:PART_OF]->(t:Township) | {name: t.name}][0]}} AS data`,
      params: { id: VILLAGE },
    },
  },
  {
    name: 'nested',
    title: '50 villages → Party organisation → cooperatives → bases',
    api: '{ villages(first: 50) { edges { node { name partyOrganization { name cooperatives { name bases { name } } } } } } }',
    peer: {
      query: `{ villages(limit: 50, sort: [{ code: ASC }, { id: ASC }]) {
                name
                partyOrganization {
                  name
                  cooperatives(sort: [{ id: ASC }]) { name bases(sort: [{ id: ASC }]) { name } }
                }
              } }`,
      toApi: (data) => ({ villages: { edges: edgesOf((data as { villages: PeerNestedVillage[] }).villages) } }),
    },
    floor: {
      cypher: `MATCH (v:Village) WITH v ORDER BY v.code, v.id LIMIT 50
               RETURN {villages: {edges: collect({node: {
                 name: v.name,
                 partyOrganization: COLLECT {
                   MATCH (o:PartyOrganization)-[:GOVERNS]->(v)
                   RETURN {name: o.name, cooperatives: COLLECT {
                     MATCH (o)-[:LEADS]->(c:Cooperative) WITH c ORDER BY c.id
                     RETURN {name: c.name, bases: COLLECT {
                       MATCH (c)-[:OPERATES]->(b:Base) WITH b ORDER BY b.id RETURN {name: b.name}
                     }}
                   }}
                 }[0]
               }})}} AS data`,
    },
  },
  {
    name: 'income',
    title: 'a township’s villages with collective income ≥ 50,000, and their count',
    api: `{ villages(where: { township: "${TOWNSHIP}", collectiveIncomeMin: 50000 }, first: 20) { totalCount edges { node { name collectiveIncome { amountYuan } } } } }`,
    peer: {
      query: `{ villagesConnection(
                  where: { township: { id: { eq: "${TOWNSHIP}" } }, collectiveIncome: { gte: 50000 } }
                  first: 20
                  sort: [{ code: ASC }, { id: ASC }]
                ) { totalCount edges { node { name collectiveIncome } } } }`,
      toApi: (data) => {
        const c = (data as { villagesConnection: PeerConnection<Named & { collectiveIncome: number | null }> })
          .villagesConnection;
        return {
          villages: {
            totalCount: c.totalCount,
            edges: c.edges.map(({ node }) => ({
              node: {
                name: node.name,
                collectiveIncome: node.collectiveIncome === null ? null : { amountYuan: node.collectiveIncome },
              },
            })),
          },
        };
      },
    },
    floor: {
      cypher: `MATCH (v:Village)-[:PART_OF]->(:Township {id: $township}) WHERE v.collectiveIncome >= $min
               WITH v ORDER BY v.code, v.id
               WITH collect(v) AS vs
               RETURN {villages: {totalCount: size(vs), edges: [v IN vs[0..20] |
                 {node: {name: v.name, collectiveIncome: {amountYuan: v.collectiveIncome}}}]}} AS data`,
      params: { township: TOWNSHIP, min: 50000 },
    },
  },
  {
    name: 'chains',
    title: '支部+龙头企业+基地 chains, first 22, and their count',
    api: '{ chains(preset: BRANCH_ENTERPRISE_BASE, first: 22) { totalCount edges { node { nodes { id name } relationships { type } } } } }',
    peer: {
      // The library has no paths: the chains come back as a tree (branch → leading enterprise →
      // base), all of them, since neither a page of chains nor their count can be asked for.
      query: `{ partyOrganizations(
                  where: { partners: { some: { leading: { eq: true }, bases: { some: {} } } } }
                  sort: [{ id: ASC }]
                ) {
                  id name
                  partners(where: { leading: { eq: true } }, sort: [{ id: ASC }]) {
                    id name
                    bases(sort: [{ id: ASC }]) { id name }
                  }
                } }`,
      toApi: (data) => {
        const chains = (data as { partyOrganizations: PeerChainOrg[] }).partyOrganizations.flatMap((o) =>
          o.partners.flatMap((e) =>
            e.bases.map((b) => ({
              node: {
                nodes: [o, e, b].map(({ id, name }) => ({ id, name })),
                relationships: [{ type: 'PARTNERS_WITH' }, { type: 'OPERATES' }],
              },
            })),
          ),
        );
        return { chains: { totalCount: chains.length, edges: chains.slice(0, 22) } };
      },
    },
    floor: {
      cypher: `MATCH (o:PartyOrganization)-[r1:PARTNERS_WITH]->(e:Enterprise {leading: true})-[r2:OPERATES]->(b:Base)
               WITH o, e, b, r1, r2 ORDER BY o.id, e.id, b.id
               WITH collect({node: {
                 nodes: [{id: o.id, name: o.name}, {id: e.id, name: e.name}, {id: b.id, name: b.name}],
                 relationships: [{type: type(r1)}, {type: type(r2)}]
               }}) AS chains
               RETURN {chains: {totalCount: size(chains), edges: chains[0..22]}} AS data`,
    },
  },
  {
    name: 'contains',
    title: 'villages whose name contains 滩, with township, and their count',
    api: '{ villages(where: { nameContains: "滩" }, first: 20) { totalCount edges { node { name township { name } } } } }',
    peer: {
      query: `{ villagesConnection(where: { name: { contains: "滩" } }, first: 20, sort: [{ code: ASC }, { id: ASC }]) {
                totalCount edges { node { name township { name } } }
              } }`,
      toApi: (data) => ({ villages: (data as { villagesConnection: PeerConnection<unknown> }).villagesConnection }),
    },
    floor: {
      cypher: `MATCH (v:Village) WHERE v.name CONTAINS $text
               WITH v ORDER BY v.code, v.id
               WITH collect(v) AS vs
               RETURN {villages: {totalCount: size(vs), edges: [v IN vs[0..20] |
                 {node: {name: v.name, township: [(v)-[:PART_OF]->(t:Township) | {name: t.name}][0]}}]}} AS data`,
      params: { text: '滩' },
    },
  },
  {
    name: 'aggregate',
    title: 'collective income over the whole county: count, sum, average, min, max',
    api: '{ villages(first: 0) { aggregate { count sum { collectiveIncome } avg { collectiveIncome } min { collectiveIncome } max { collectiveIncome } } } }',
    peer: {
      query: `{ villagesConnection {
                aggregate { count { nodes } node { collectiveIncome { sum average min max } } }
              } }`,
      toApi: (data) => {
        const { count, node } = (
          data as {
            villagesConnection: {
              aggregate: {
                count: { nodes: number };
                node: { collectiveIncome: { sum: number; average: number; min: number; max: number } };
              };
            };
          }
        ).villagesConnection.aggregate;
        const c = node.collectiveIncome;
        return {
          villages: {
            aggregate: {
              count: count.nodes,
              sum: { collectiveIncome: c.sum },
              avg: { collectiveIncome: c.average },
              min: { collectiveIncome: c.min },
              max: { collectiveIncome: c.max },
            },
          },
        };
      },
    },
    floor: {
      cypher: `MATCH (v:Village)
               WITH count(v) AS count, sum(v.collectiveIncome) AS sum, avg(v.collectiveIncome) AS avg,
                    min(v.collectiveIncome) AS min, max(v.collectiveIncome) AS max
               RETURN {villages: {aggregate: {count: count, sum: {collectiveIncome: sum}, avg: {collectiveIncome: avg},
                 min: {collectiveIncome: min}, max: {collectiveIncome: max}}}} AS data`,
    },
  },
  {
    name: 'groupby',
    title: 'collective income per township (total, average, count), largest total first',
    api: '{ villages(first: 0) { groupBy(by: [TOWNSHIP], orderBy: { sum: { collectiveIncome: DESC } }, first: 100) { township { name } aggregate { count sum { collectiveIncome } avg { collectiveIncome } } } } }',
    floor: {
      cypher: `MATCH (v:Village)-[:PART_OF]->(t:Township)
               WITH t, count(v) AS count, sum(v.collectiveIncome) AS sum, avg(v.collectiveIncome) AS avg
               ORDER BY sum DESC, t.code, t.id LIMIT 100
               RETURN {villages: {groupBy: collect({township: {name: t.name},
                 aggregate: {count: count, sum: {collectiveIncome: sum}, avg: {collectiveIncome: avg}}})}} AS data`,
    },
    // Averages summed in another order may differ in the last bit.
    canonical: (data) =>
      JSON.parse(JSON.stringify(data), (_key, value: unknown) =>
        typeof value === 'number' ? Number(value.toPrecision(12)) : value,
      ) as unknown,
  },
  {
    name: 'ranking',
    title: 'the five leading enterprises that reach the most villages (a relationship count as sort key)',
    api: '{ enterprises(where: { leading: true }, orderBy: [{ field: VILLAGES_REACHED, direction: DESC }], first: 5) { edges { node { name villagesReached } } } }',
    floor: {
      cypher: `MATCH (e:Enterprise) WHERE e.leading = true
               WITH e, COUNT { MATCH (e)<-[:PARTNERS_WITH]-(:PartyOrganization)-[:PART_OF|GOVERNS*1..2]->(x:Village) RETURN x
                 UNION MATCH (e)-[:OPERATES]->(:Base)-[:LOCATED_IN]->(x:Village) RETURN x } AS reached
               ORDER BY reached DESC, e.id LIMIT 5
               RETURN {enterprises: {edges: collect({node: {name: e.name, villagesReached: reached}})}} AS data`,
    },
  },
  {
    name: 'series',
    title: '一肩挑 villages per year 2017–2020 (a time series over the county)',
    api: '{ villages(first: 0) { perYear(from: 2017, to: 2020) { year aggregate { countTrue { oneShoulder } } } } }',
    floor: {
      cypher: `UNWIND range(2017, 2020) AS y
               CALL (y) {
                 MATCH (v:Village)
                 RETURN count(CASE WHEN EXISTS {
                   MATCH (v)<-[:GOVERNS]-(:PartyOrganization)<-[s:HOLDS_POST]-(:Person)-[d:HOLDS_POST]->(v)
                   WHERE s.role = 'PARTY_SECRETARY' AND d.role = 'VILLAGE_COMMITTEE_DIRECTOR'
                     AND (s.since IS NULL OR s.since <= toString(y) + '-12-31') AND (s.until IS NULL OR s.until + '-99' >= toString(y) + '-01-01')
                     AND (d.since IS NULL OR d.since <= toString(y) + '-12-31') AND (d.until IS NULL OR d.until + '-99' >= toString(y) + '-01-01')
                 } THEN 1 END) AS c
               }
               WITH y, c ORDER BY y
               RETURN {villages: {perYear: collect({year: y, aggregate: {countTrue: {oneShoulder: c}}})}} AS data`,
    },
  },
  {
    name: 'search',
    title: 'search “chengbei” (pinyin)',
    api: '{ search(text: "chengbei") { score entity { id name } } }',
    floor: {
      // The API's ranking, for a Latin-only text: prefix on the pinyin, its other readings and the
      // initials, one slip forgiven, exact and prefix matches and real entities first.
      cypher: `CALL db.index.fulltext.queryNodes('entity_names_latin_v2', $latin, {limit: 200}) YIELD node, score
               WITH node, score WHERE node:Entity
               WITH node, score
                 * CASE WHEN node.pinyinPlain = $text OR node.pinyinInitials = $text THEN 4.0
                        WHEN node.pinyinPlain STARTS WITH $text
                          OR (' ' + node.pinyinVariants) CONTAINS (' ' + $text) THEN 2.0 ELSE 1.0 END
                 * CASE WHEN node.synthetic THEN 1.0 ELSE 1.5 END AS score
               ORDER BY score DESC, size(node.name), node.id LIMIT 10
               RETURN {search: collect({score: score, entity: {id: node.id, name: node.name}})} AS data`,
      params: {
        text: 'chengbei',
        latin:
          'pinyinPlain:chengbei*^3 pinyinVariants:chengbei* pinyinPlain:chengbei~1 pinyinInitials:chengbei*^2 nameEn:chengbei*',
      },
    },
  },
  {
    name: 'paths',
    title: 'shortest paths village → village',
    api: `{ paths(from: "${VILLAGE}", to: "${OTHER_VILLAGE}") { length nodes { id name } } }`,
    floor: {
      cypher: `MATCH (a:Node:Entity {id: $from}), (b:Node:Entity {id: $to})
               MATCH p = allShortestPaths((a)-[:${RELATION_TYPES.filter((t) => t !== 'IMPLEMENTS').join('|')}*..4]-(b))
               WITH p LIMIT 5
               RETURN {paths: collect({length: length(p), nodes: [x IN nodes(p) | {id: x.id, name: x.name}]})} AS data`,
      params: { from: VILLAGE, to: OTHER_VILLAGE },
    },
  },
  {
    name: 'network',
    title: 'network of a village, depth 2, ≤ 200 nodes',
    api: `{ network(ids: ["${VILLAGE}"], depth: 2, limit: 200) { truncated nodes { entityId label kind } edges { source target type } } }`,
    floor: {
      // Breadth first, each level's new nodes real-first then by id, cut at the limit; then every
      // edge among the kept nodes.
      cypher: `MATCH (s:Node:Entity {id: $id})
               CALL (s) {
                 MATCH (s)-[r]-(m:Entity) WHERE type(r) IN $types AND m <> s
                 WITH DISTINCT m ORDER BY m.synthetic, m.id
                 RETURN collect(m) AS level1
               }
               CALL (s, level1) {
                 UNWIND level1 AS f
                 MATCH (f)-[r]-(m:Entity) WHERE type(r) IN $types AND m <> s AND NOT m IN level1
                 WITH DISTINCT m ORDER BY m.synthetic, m.id
                 RETURN collect(m) AS level2
               }
               WITH [s] + level1 + level2 AS reached
               WITH reached[0..$limit] AS kept, size(reached) > $limit AS truncated
               RETURN {network: {
                 truncated: truncated,
                 nodes: [n IN kept | {entityId: n.id, label: n.name, kind: $kinds[n.kind]}],
                 edges: COLLECT {
                   UNWIND kept AS a
                   MATCH (a)-[r]->(b) WHERE b IN kept AND type(r) IN $types
                   RETURN {source: a.id, target: b.id, type: type(r)}
                 }
               }} AS data`,
      params: { id: VILLAGE, types: RELATION_TYPES, kinds: ENTITY_KINDS, limit: integer(200) },
    },
    // The API does not promise an order of the edges: compare nodes and edges as sets.
    canonical: (data) => {
      const { network } = data as {
        network: {
          truncated: boolean;
          nodes: { entityId: string; label: string; kind: string }[];
          edges: { source: string; target: string; type: string }[];
        };
      };
      return {
        truncated: network.truncated,
        nodes: network.nodes.map((n) => `${n.entityId} ${n.label} ${n.kind}`).sort(),
        edges: network.edges.map((e) => `${e.source} -${e.type}-> ${e.target}`).sort(),
      };
    },
  },
];
