import type { Params } from './params.js';

/**
 * The domain's rules, each written once as a Cypher predicate over a variable and used wherever
 * the rule applies: list filters, planned fields, the per-level loaders and the figures.
 *
 * Only variable names chosen by the caller and the rule's own constant text are written into the
 * predicates; every value (ids, roles, levels, dates) reaches Cypher as a `$parameter` of `params`.
 */

/**
 * A time window: the inclusive first and last day, as `YYYY-MM-DD` values — or, for a series over
 * years, as Cypher expressions over the series' variable (`yearWindow`), written by this module only.
 */
export interface Window {
  from: string;
  to: string;
  expressions?: true;
}

/** The window of one year of a series: its bounds computed in Cypher from the integer variable `year`. */
export function yearWindow(year: string): Window {
  return { from: `toString(${year}) + '-01-01'`, to: `toString(${year}) + '-12-31'`, expressions: true };
}

/** Today as a one-day window: what "now" means for posts, stationings and 一肩挑. */
export const today = (): Window => {
  const day = new Date().toISOString().slice(0, 10);
  return { from: day, to: day };
};

/**
 * A relationship's [since, until] overlaps the window. Stored dates may be partial ("2019-07",
 * "2019"): a partial `since` sorts before any day it contains, and `until + "-99"` sorts after any
 * day it contains, so plain string comparison is right.
 */
export function activeDuring(rel: string, window: Window, params: Params): string {
  // `to` first: parameters are numbered in the order of the text.
  const [to, from] = window.expressions ? [window.to, window.from] : [params.add(window.to), params.add(window.from)];
  return `(${rel}.since IS NULL OR ${rel}.since <= ${to}) AND (${rel}.until IS NULL OR ${rel}.until + '-99' >= ${from})`;
}

/**
 * Not soft-deleted. A deleted entity loses `:Entity` and its kind label and gains `:Deleted`, so
 * patterns on a kind label or on `:Entity` skip it already; this predicate is for the rest. Only
 * `node(id)` and `history` still show a deleted entity.
 */
export function alive(v: string): string {
  return `NOT ${v}:Deleted`;
}

/** Every node of a path is alive: paths do not route through deleted entities. */
export function pathAlive(path: string): string {
  return `all(x IN nodes(${path}) WHERE ${alive('x')})`;
}

export const MODEL_VILLAGES_PROGRAM = 'Program:collective-economy-model-villages';

/** A model village of the collective economy: it carries out the article's model-village program. */
export function modelVillage(v: string, params: Params): string {
  return `EXISTS { MATCH (${v})-[:IMPLEMENTS]->(:Program {id: ${params.add(MODEL_VILLAGES_PROGRAM)}}) }`;
}

/**
 * 一肩挑: one person holds, within the window (default today), both the secretary's post of the
 * Party organisation governing the village and the post of its committee director.
 */
export function oneShoulder(v: string, window: Window, params: Params): string {
  return `EXISTS { MATCH (${v})<-[:GOVERNS]-(:PartyOrganization)<-[s:HOLDS_POST]-(:Person)-[d:HOLDS_POST]->(${v})
    WHERE s.role = 'PARTY_SECRETARY' AND d.role = 'VILLAGE_COMMITTEE_DIRECTOR'
      AND ${activeDuring('s', window, params)} AND ${activeDuring('d', window, params)} }`;
}

/**
 * Provenance of 一肩挑: the answer of `oneShoulder` rests on a synthetic fact — a post of the
 * village's secretary or committee director, active within the window, is marked synthetic. Both a
 * true and a false 一肩挑 are then generated facts, and say so.
 */
export function oneShoulderSynthetic(v: string, window: Window, params: Params): string {
  return `(EXISTS { MATCH (${v})<-[:GOVERNS]-(:PartyOrganization)<-[s:HOLDS_POST]-(:Person)
      WHERE s.role = 'PARTY_SECRETARY' AND s.synthetic = true AND ${activeDuring('s', window, params)} }
    OR EXISTS { MATCH (${v})<-[d:HOLDS_POST]-(:Person)
      WHERE d.role = 'VILLAGE_COMMITTEE_DIRECTOR' AND d.synthetic = true AND ${activeDuring('d', window, params)} })`;
}

/** The rules a village field can ask, by name (the planner's and the loaders' `rule` plans). */
export type VillageRule = 'oneShoulder' | 'oneShoulderSynthetic' | 'modelVillage';

/** The predicate of a village rule; `window` is the time asked (the time-less rules ignore it). */
export function villageRule(rule: VillageRule, v: string, window: Window, params: Params): string {
  switch (rule) {
    case 'oneShoulder':
      return oneShoulder(v, window, params);
    case 'oneShoulderSynthetic':
      return oneShoulderSynthetic(v, window, params);
    case 'modelVillage':
      return modelVillage(v, params);
  }
}

/**
 * The person holds a post of this role — within the window, or at any time when `window` is null
 * (the article's counts of cadres, leaders and reserve cadres count everyone who held the post).
 */
export function holdsPost(person: string, role: string, window: Window | null, params: Params): string {
  const { pattern, where } = holdsPostPattern(person, role, window, params);
  return `EXISTS { MATCH ${pattern} WHERE ${where} }`;
}

/**
 * `holdsPost` as a pattern and its condition, for a list to start from the posts of that role (the
 * relationship index on `HOLDS_POST.role`) rather than from every person.
 */
export function holdsPostPattern(
  person: string,
  role: string,
  window: Window | null,
  params: Params,
): { pattern: string; where: string } {
  const byRole = `post.role = ${params.add(role)}`;
  const when = window ? ` AND ${activeDuring('post', window, params)}` : '';
  return { pattern: `(${person})-[post:HOLDS_POST]->()`, where: `${byRole}${when}` };
}

/**
 * A relationship began within the window: its `since` (partial dates allowed, as in
 * `activeDuring`) falls between the window's first and last day.
 */
export function beganDuring(rel: string, window: Window, params: Params): string {
  return `${rel}.since IS NOT NULL AND ${rel}.since <= ${params.add(window.to)} AND ${rel}.since + '-99' >= ${params.add(window.from)}`;
}

/**
 * The person is stationed in a village, sent by this level (any level when null) — within the
 * window, or at any time when `window` is null — by a stationing that began within `began` when
 * given (补充增派: the cadres sent in 2020).
 */
export function stationedAs(
  person: string,
  level: string | null,
  window: Window | null,
  params: Params,
  began: Window | null = null,
): string {
  const conditions = [
    level ? `stay.level = ${params.add(level)}` : null,
    window ? activeDuring('stay', window, params) : null,
    began ? beganDuring('stay', began, params) : null,
  ].filter((c): c is string => c !== null);
  return `EXISTS { MATCH (${person})-[stay:STATIONED_IN]->() WHERE ${conditions.length > 0 ? conditions.join(' AND ') : 'true'} }`;
}

/** A cadre stationed in the village within the window, optionally sent by one level. */
export function stationedIn(v: string, window: Window, level: string | null, params: Params): string {
  const byLevel = level ? ` AND s.level = ${params.add(level)}` : '';
  return `EXISTS { MATCH (:Person)-[s:STATIONED_IN]->(${v}) WHERE ${activeDuring('s', window, params)}${byLevel} }`;
}

/**
 * How many villages an enterprise reaches (支部+龙头企业+基地): those its partner Party
 * organisations govern (an industry branch through the village organisation it is part of), and
 * those its bases lie in, each village once.
 */
export function villagesReached(enterprise: string): string {
  return `COUNT { MATCH (${enterprise})<-[:PARTNERS_WITH]-(:PartyOrganization)-[:PART_OF|GOVERNS*1..2]->(x:Village) RETURN x
    UNION MATCH (${enterprise})-[:OPERATES]->(:Base)-[:LOCATED_IN]->(x:Village) RETURN x }`;
}

/** The relationship counts an entity field can ask, by name (the planner's and the loaders' `count` plans). */
export type EntityCount = 'villagesReached';

const COUNTS: Record<EntityCount, (v: string) => string> = { villagesReached };

/** The Cypher of a relationship count over the entity `v`. */
export function entityCount(count: EntityCount, v: string): string {
  return COUNTS[count](v);
}

/**
 * Two ends of a chain belong to the same village: each reaches it outwards — a base or cooperative
 * by LOCATED_IN, a village Party organisation by GOVERNS, an industry branch or group by PART_OF
 * then GOVERNS.
 */
export function sameVillage(first: string, last: string): string {
  return `EXISTS { MATCH (${first})-[:GOVERNS|PART_OF|LOCATED_IN*0..3]->(:Village)<-[:GOVERNS|PART_OF|LOCATED_IN*0..3]-(${last}) }`;
}

/**
 * A stored number, or null when the stored value is not one. The API and the seed loader only
 * write numbers where the model says so, but data written with Cypher directly may hold a string
 * or a list there; sums, averages and figures then skip it rather than fail.
 */
export function storedNumber(expression: string): string {
  return `CASE WHEN ${expression} IS :: INTEGER OR ${expression} IS :: FLOAT THEN ${expression} END`;
}
