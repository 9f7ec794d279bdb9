import type { Database, QueryLog } from './database.js';
import { Params } from './params.js';
import { holdsPost, modelVillage, oneShoulder, stationedAs, storedNumber, today } from './rules.js';

/**
 * The Cypher that recomputes the figures of the 2020-04-23 article from the graph (their labels,
 * reported values and quotes are in src/figures/definitions.ts). Each figure is one query
 * returning one row with `value`; domain rules (一肩挑, model villages, holders of a post,
 * stationed cadres) come from rules.ts, so a figure counts exactly what the lists filter.
 *
 * No input reaches these queries. Apart from their constant text, only allow-listed labels are
 * written into them; the values the rules take (roles, levels, ids, today's window) are
 * `$parameters`, added to the `Params` the runner passes with the query.
 */
export type FigureQuery = (params: Params) => string;

const fixed =
  (cypher: string): FigureQuery =>
  () =>
    cypher;

export const ONE_SHOULDER_VILLAGES: FigureQuery = (params) =>
  `MATCH (v:Village) WHERE ${oneShoulder('v', today(), params)} RETURN count(v) AS value`;

export const ONE_SHOULDER_SHARE: FigureQuery = (params) =>
  `MATCH (v:Village) WHERE ${oneShoulder('v', today(), params)}
   WITH count(v) AS n MATCH (every:Village) WITH n, count(every) AS total RETURN 100.0 * n / total AS value`;

/** Cadres stationed in a village by this level who are not first secretaries. */
export const residentCadres =
  (level: string): FigureQuery =>
  (params) =>
    `MATCH (p:Person)
     WHERE ${stationedAs('p', level, null, params)} AND NOT ${holdsPost('p', 'FIRST_SECRETARY', null, params)}
     RETURN count(p) AS value`;

/** Everyone who holds or held a post of this role. */
export const holders =
  (role: string): FigureQuery =>
  (params) =>
    `MATCH (p:Person) WHERE ${holdsPost('p', role, null, params)} RETURN count(p) AS value`;

const coverage = (label: 'Enterprise' | 'SocialOrganization', where: string): FigureQuery =>
  fixed(`
  MATCH (e:${label}) ${where}
  WITH count(e) AS total, count(CASE WHEN (e)<-[:COVERS]-(:PartyOrganization) THEN 1 END) AS covered
  RETURN CASE total WHEN 0 THEN 0.0 ELSE 100.0 * covered / total END AS value`);

export const COOPERATIVES_LED = fixed(
  `MATCH (:PartyOrganization {orgType: 'VILLAGE_PARTY_ORGANIZATION'})-[:LEADS]->(c:Cooperative) RETURN count(DISTINCT c) AS value`,
);

export const INDUSTRY_BRANCHES_AND_GROUPS = fixed(
  `MATCH (o:PartyOrganization) WHERE o.orgType IN ['INDUSTRY_PARTY_BRANCH', 'PARTY_GROUP'] RETURN count(o) AS value`,
);

export const INDUSTRY_BASES = fixed('MATCH (b:Base) RETURN count(b) AS value');

export const NON_PUBLIC_ENTERPRISE_COVERAGE = coverage('Enterprise', "WHERE e.ownership = 'NON_PUBLIC'");

export const SOCIAL_ORGANIZATION_COVERAGE = coverage('SocialOrganization', '');

export const COLLECTIVE_INCOME_TOTAL = fixed(
  `MATCH (v:Village) RETURN coalesce(sum(${storedNumber('v.collectiveIncome')}), 0) / 10000.0 AS value`,
);

export const VILLAGES_INCOME_50K = fixed(
  `MATCH (v:Village) WHERE ${storedNumber('v.collectiveIncome')} >= 50000 RETURN count(v) AS value`,
);

export const VILLAGES_INCOME_50K_SHARE = fixed(
  `MATCH (v:Village) WITH count(CASE WHEN ${storedNumber('v.collectiveIncome')} >= 50000 THEN 1 END) AS above, count(v) AS total RETURN 100.0 * above / total AS value`,
);

export const OFFICE_FUNDS = fixed(
  `MATCH (p:Program {id: 'Program:village-cadre-remuneration'}) RETURN ${storedNumber('p.officeFunds')} / 10000.0 AS value`,
);

export const CADRE_PAY = fixed(
  `MATCH (p:Program {id: 'Program:village-cadre-remuneration'}) RETURN ${storedNumber('p.cadrePay')} / 10000.0 AS value`,
);

export const GROUP_CADRE_SUBSIDY = fixed(
  `MATCH (p:Program {id: 'Program:village-cadre-remuneration'}) RETURN ${storedNumber('p.groupCadreSubsidy')} / 10000.0 AS value`,
);

export const MODEL_VILLAGES: FigureQuery = (params) =>
  `MATCH (v:Village) WHERE ${modelVillage('v', params)} RETURN count(v) AS value`;

export const PROMOTED_CADRES = fixed('MATCH (p:Person)-[:PROMOTED]->() RETURN count(DISTINCT p) AS value');

export const PROMOTED_FIRST_SECRETARIES: FigureQuery = (params) =>
  `MATCH (p:Person)-[:PROMOTED {kind: 'PROMOTION'}]->()
   WHERE ${holdsPost('p', 'FIRST_SECRETARY', null, params)}
   RETURN count(DISTINCT p) AS value`;

export const TRANSFERRED_CADRES = fixed(
  "MATCH (p:Person)-[:PROMOTED {kind: 'TRANSFER'}]->() RETURN count(DISTINCT p) AS value",
);

/** Runs one figure's query with its parameters: one round trip, `null` when it returns no row. */
export async function figureValue(db: Database, query: FigureQuery, log: QueryLog): Promise<number | null> {
  const params = new Params();
  const cypher = query(params);
  const [row] = await db.read<{ value: number | null }>(cypher, params.values, log);
  return row?.value ?? null;
}

const SENTENCES_BY_QUOTE = `
  UNWIND $quotes AS q
  MATCH (s:Sentence {documentId: q.documentId})
  WHERE s.text CONTAINS q.quote
  RETURN q.key AS key, s.id AS sentenceId`;

export interface FigureQuote {
  key: string;
  documentId: string;
  quote: string;
}

/** The sentence quoted by each figure, by figure key, in one round trip. */
export async function sentencesByQuote(
  db: Database,
  quotes: readonly FigureQuote[],
  log: QueryLog,
): Promise<Map<string, string>> {
  const rows = await db.read<{ key: string; sentenceId: string }>(SENTENCES_BY_QUOTE, { quotes }, log);
  return new Map(rows.map((s) => [s.key, s.sentenceId]));
}
