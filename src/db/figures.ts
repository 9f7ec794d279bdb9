import type { Database, QueryLog } from './database.js';
import { withinAnyMatch } from './filters.js';
import { Params } from './params.js';
import { holdsPost, modelVillage, oneShoulder, stationedAs, storedNumber, today } from './rules.js';

/**
 * The Cypher that recomputes the figures of the 2020-04-23 article from the graph (their labels,
 * reported values and quotes are in src/figures/definitions.ts). Each figure is one query
 * returning one row with `value`; domain rules (一肩挑, model villages, holders of a post,
 * stationed cadres) come from rules.ts, so a figure counts exactly what the lists filter.
 *
 * No input reaches these queries. Apart from their constant text, only allow-listed labels are
 * written into them; the values the rules take (roles, levels, ids, today's window, the
 * document) are `$parameters`, added to the `Params` the runner passes with the query.
 */
export type FigureQuery = (params: Params, scope: FigureScope) => string;

/**
 * A figure belongs to a source document and counts only within the places that document is about
 * (its `about` ids, stored on the SourceDocument node): the article's 95 一肩挑 villages are
 * Jingtai's, whatever other counties the graph holds. `start` opens every figure's query by
 * reading those ids into `about`; `nodes(v, label)` matches the entities of a label inside one of
 * them (the same walk as a list's `within` filter, started from the places), a `WHERE` may follow.
 * A document that names no place is about the whole graph.
 */
export interface FigureScope {
  start: string;
  nodes: (variable: string, label: string) => string;
}

/** The scope of one document's figures. */
export function documentScope(documentId: string, params: Params): FigureScope {
  return {
    start: `OPTIONAL MATCH (doc:SourceDocument {id: ${params.add(documentId)}}) WITH doc.about AS about`,
    nodes: (variable, label) => withinAnyMatch(variable, label, 'about'),
  };
}

/** The whole graph: for a document about every county the graph holds. */
export const WHOLE_GRAPH: FigureScope = { start: '', nodes: (variable, label) => `MATCH (${variable}:${label})` };

const NEEDS_SCOPE = `OPTIONAL MATCH (doc:SourceDocument {id: $documentId})
  RETURN doc.about IS NOT NULL AND EXISTS { MATCH (c:County) WHERE NOT c.id IN doc.about } AS scoped`;

/**
 * Whether a document's figures must be kept within its places: only when the graph holds a county
 * the document is not about. With one county (the seeds) every figure then runs without the
 * walk, as cheaply as before counties were data; one round trip.
 */
export async function needsScope(db: Database, documentId: string, log: QueryLog): Promise<boolean> {
  const [row] = await db.read<{ scoped: boolean }>(NEEDS_SCOPE, { documentId }, log);
  return row?.scoped ?? false;
}

export const ONE_SHOULDER_VILLAGES: FigureQuery = (params, scope) =>
  `${scope.start}
   ${scope.nodes('v', 'Village')} WHERE ${oneShoulder('v', today(), params)} RETURN count(v) AS value`;

export const ONE_SHOULDER_SHARE: FigureQuery = (params, scope) =>
  `${scope.start}
   ${scope.nodes('v', 'Village')}
   WITH count(CASE WHEN ${oneShoulder('v', today(), params)} THEN 1 END) AS n, count(v) AS total
   RETURN CASE total WHEN 0 THEN 0.0 ELSE 100.0 * n / total END AS value`;

/** Cadres stationed in a village by this level who are not first secretaries. */
export const residentCadres =
  (level: string): FigureQuery =>
  (params, scope) =>
    `${scope.start}
     ${scope.nodes('p', 'Person')}
     WHERE ${stationedAs('p', level, null, params)} AND NOT ${holdsPost('p', 'FIRST_SECRETARY', null, params)}
     RETURN count(p) AS value`;

/** Everyone who holds or held a post of this role. */
export const holders =
  (role: string): FigureQuery =>
  (params, scope) =>
    `${scope.start}
     ${scope.nodes('p', 'Person')} WHERE ${holdsPost('p', role, null, params)} RETURN count(p) AS value`;

const coverage =
  (label: 'Enterprise' | 'SocialOrganization', where: string): FigureQuery =>
  (_params, scope) => `${scope.start}
  ${scope.nodes('e', label)} WHERE true ${where}
  WITH count(e) AS total, count(CASE WHEN (e)<-[:COVERS]-(:PartyOrganization) THEN 1 END) AS covered
  RETURN CASE total WHEN 0 THEN 0.0 ELSE 100.0 * covered / total END AS value`;

export const COOPERATIVES_LED: FigureQuery = (_params, scope) =>
  `${scope.start}
   ${scope.nodes('c', 'Cooperative')}
   WHERE EXISTS { (:PartyOrganization {orgType: 'VILLAGE_PARTY_ORGANIZATION'})-[:LEADS]->(c) } RETURN count(c) AS value`;

export const INDUSTRY_BRANCHES_AND_GROUPS: FigureQuery = (_params, scope) =>
  `${scope.start}
   ${scope.nodes('o', 'PartyOrganization')} WHERE o.orgType IN ['INDUSTRY_PARTY_BRANCH', 'PARTY_GROUP']
   RETURN count(o) AS value`;

export const INDUSTRY_BASES: FigureQuery = (_params, scope) =>
  `${scope.start} ${scope.nodes('b', 'Base')} RETURN count(b) AS value`;

export const NON_PUBLIC_ENTERPRISE_COVERAGE = coverage('Enterprise', "AND e.ownership = 'NON_PUBLIC'");

export const SOCIAL_ORGANIZATION_COVERAGE = coverage('SocialOrganization', '');

export const COLLECTIVE_INCOME_TOTAL: FigureQuery = (_params, scope) =>
  `${scope.start}
   ${scope.nodes('v', 'Village')}
   RETURN coalesce(sum(${storedNumber('v.collectiveIncome')}), 0) / 10000.0 AS value`;

export const VILLAGES_INCOME_50K: FigureQuery = (_params, scope) =>
  `${scope.start}
   ${scope.nodes('v', 'Village')} WHERE ${storedNumber('v.collectiveIncome')} >= 50000 RETURN count(v) AS value`;

export const VILLAGES_INCOME_50K_SHARE: FigureQuery = (_params, scope) =>
  `${scope.start}
   ${scope.nodes('v', 'Village')}
   WITH count(CASE WHEN ${storedNumber('v.collectiveIncome')} >= 50000 THEN 1 END) AS above, count(v) AS total
   RETURN CASE total WHEN 0 THEN 0.0 ELSE 100.0 * above / total END AS value`;

// The remuneration program is the article's own: its amounts are read from it, not counted.
const programAmount =
  (property: string): FigureQuery =>
  () =>
    `MATCH (p:Program {id: 'Program:village-cadre-remuneration'}) RETURN ${storedNumber(`p.${property}`)} / 10000.0 AS value`;

export const OFFICE_FUNDS = programAmount('officeFunds');

export const CADRE_PAY = programAmount('cadrePay');

export const GROUP_CADRE_SUBSIDY = programAmount('groupCadreSubsidy');

export const MODEL_VILLAGES: FigureQuery = (params, scope) =>
  `${scope.start}
   ${scope.nodes('v', 'Village')} WHERE ${modelVillage('v', params)} RETURN count(v) AS value`;

export const PROMOTED_CADRES: FigureQuery = (_params, scope) =>
  `${scope.start}
   ${scope.nodes('p', 'Person')} WHERE EXISTS { (p)-[:PROMOTED]->() } RETURN count(p) AS value`;

export const PROMOTED_FIRST_SECRETARIES: FigureQuery = (params, scope) =>
  `${scope.start}
   ${scope.nodes('p', 'Person')}
   WHERE EXISTS { (p)-[:PROMOTED {kind: 'PROMOTION'}]->() } AND ${holdsPost('p', 'FIRST_SECRETARY', null, params)}
   RETURN count(p) AS value`;

export const TRANSFERRED_CADRES: FigureQuery = (_params, scope) =>
  `${scope.start}
   ${scope.nodes('p', 'Person')} WHERE EXISTS { (p)-[:PROMOTED {kind: 'TRANSFER'}]->() } RETURN count(p) AS value`;

/**
 * Runs one figure's query, within the places its document is about when `scoped` (see
 * `needsScope`), with its parameters: one round trip, `null` when it returns no row.
 */
export async function figureValue(
  db: Database,
  query: FigureQuery,
  documentId: string,
  scoped: boolean,
  log: QueryLog,
): Promise<number | null> {
  const params = new Params();
  const cypher = query(params, scoped ? documentScope(documentId, params) : WHOLE_GRAPH);
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
