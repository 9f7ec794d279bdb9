import type { OrganizationWhere, PartyOrganizationWhere, PersonWhere, VillageWhere } from '../generated/graphql.js';
import { badUserInput } from '../errors.js';
import { dateBound, isPartialDate } from '../model/validate.js';
import { labelOfId } from '../model/kinds.js';
import { toSimplified } from '../text/chinese.js';
import { Params } from './params.js';
import {
  activeDuring,
  holdsPostPattern,
  modelVillage,
  oneShoulder,
  stationedAs,
  stationedIn,
  today,
  type Window,
} from './rules.js';

export { Params, today };

/**
 * A filter's pattern. As text it is an `EXISTS` test, so it works wherever predicates are joined;
 * `matchFiltered` puts it in the MATCH instead, where Neo4j can start from the pattern's indexed
 * end rather than scan every node of the label (PROFILE, villages of one township: 182 database
 * hits instead of 3,610). A pattern that matches at most once per node joins the MATCH as is; one
 * that may match many times (`repeats`: a place reached by several paths, several posts of one
 * role) starts the match and its nodes are then taken once each (`WITH DISTINCT`).
 */
export class Anchor {
  constructor(
    readonly pattern: string,
    readonly where: string | null = null,
    readonly repeats = false,
  ) {}
  toString(): string {
    return `EXISTS { MATCH ${this.pattern}${this.where ? ` WHERE ${this.where}` : ''} }`;
  }
}

/** A compiled filter: Cypher predicates over one variable, ANDed. */
export type Predicates = (string | Anchor)[];

/**
 * `MATCH (v:Label)` with the filter: its anchors in the pattern, the other predicates in WHERE.
 * The first repeating anchor (a `within` place first: `entityPredicates` puts it first) starts
 * the match, so a list within a township or of one role's holders reads those, not the whole
 * label; the other repeating anchors stay `EXISTS` tests.
 */
export function matchFiltered(v: string, label: string, predicates: Predicates): string {
  const anchors = predicates.filter((p): p is Anchor => p instanceof Anchor);
  const start = anchors.find((a) => a.repeats);
  const once = anchors.filter((a) => !a.repeats);
  const rest = [
    ...predicates.filter((p) => !(p instanceof Anchor) || (p.repeats && p !== start)),
    ...once.flatMap((a) => (a.where ? [a.where] : [])),
  ];
  const where = rest.length > 0 ? ` WHERE ${rest.join(' AND ')}` : '';
  const node = `(${v}:${label})`;
  if (!start) return `MATCH ${[node, ...once.map((a) => a.pattern)].join(', ')}${where}`;
  const distinct = `MATCH ${node}, ${start.pattern}${start.where ? ` WHERE ${start.where}` : ''} WITH DISTINCT ${v}`;
  return once.length > 0
    ? `${distinct} MATCH ${[`(${v})`, ...once.map((a) => a.pattern)].join(', ')}${where}`
    : `${distinct}${where}`;
}

/** The walk outwards from an entity to the places it is within (see `withinPredicate`). */
const WITHIN_PATH = 'PART_OF|LOCATED_IN|GOVERNS|HOLDS_POST|STATIONED_IN*0..5';

/**
 * The places an entity is "within": a unit's own parents, where an organisation or base is
 * located or what it governs, where a person holds a post or is stationed — followed outwards
 * along these relationship types only, so hubs (programs, the county committee's promotions) do
 * not leak in. A prefecture holds nothing but its counties (nothing is located in it or posted to
 * it: src/model/kinds.ts), so within a prefecture is within one of its counties: the same walk up
 * to the county, then its PART_OF step — and the prefecture's figures are its counties' summed.
 */
export function withinPredicate(variable: string, placeId: string, params: Params): Anchor {
  const place = params.add(placeId);
  // The id's kind chooses the walk; the id itself stays a parameter.
  const end =
    labelOfId(placeId) === 'Prefecture'
      ? `(:County)-[:PART_OF]->(:Prefecture {id: ${place}})`
      : `(:Node {id: ${place}})`;
  return new Anchor(`(${variable})-[:${WITHIN_PATH}]->${end}`, null, true);
}

/**
 * The entities of a label within one of several places, as a clause that ends with
 * `WITH DISTINCT variable` (a `WHERE` may follow): it starts from the places, whose ids the Cypher
 * list expression `placeIds` holds (a parameter or a variable, never input text), and walks inwards,
 * so it reads those places' entities, not the whole label. A prefecture's walk starts from its
 * counties (see `withinPredicate`).
 */
export function withinAnyMatch(variable: string, label: string, placeIds: string): string {
  return `UNWIND ${placeIds} AS place MATCH (placeNode:Node {id: place})
  UNWIND CASE WHEN placeNode:Prefecture THEN COLLECT { MATCH (county:County)-[:PART_OF]->(placeNode) RETURN county } ELSE [placeNode] END AS walkEnd
  MATCH (${variable}:${label})-[:${WITHIN_PATH}]->(walkEnd) WITH DISTINCT ${variable}`;
}

/** A time window from `asOf` (a date, month or year) or `during` (a year); `now` when neither. */
export function timeWindow(
  asOf: string | null | undefined,
  during: number | null | undefined,
  argument = 'asOf',
): Window | null {
  if (asOf && during) throw badUserInput('Give asOf or during, not both', argument);
  if (asOf) {
    if (!isPartialDate(asOf))
      throw badUserInput(`${argument} must be a date like 2019-08-01 (or 2019-08, 2019), got "${asOf}"`, argument);
    return { from: dateBound(asOf, 'start'), to: dateBound(asOf, 'end') };
  }
  if (during !== null && during !== undefined) {
    if (!Number.isInteger(during) || during < 1949 || during > 2100)
      throw badUserInput('during must be a year such as 2019', 'during');
    return { from: `${String(during)}-01-01`, to: `${String(during)}-12-31` };
  }
  return null;
}

/**
 * The days between which a stationing must have begun (`stationedSince`, `stationedUntil`, either
 * open), or null when neither is given.
 */
export function startWindow(since: string | null | undefined, until: string | null | undefined): Window | null {
  if (!since && !until) return null;
  for (const [name, value] of [
    ['stationedSince', since],
    ['stationedUntil', until],
  ] as const) {
    if (value && !isPartialDate(value))
      throw badUserInput(`${name} must be a date like 2020-01-01 (or 2020-01, 2020), got "${value}"`, name);
  }
  const window = {
    from: since ? dateBound(since, 'start') : '0000-01-01',
    to: until ? dateBound(until, 'end') : '9999-12-31',
  };
  if (window.to < window.from) throw badUserInput('stationedUntil is before stationedSince', 'stationedUntil');
  return window;
}

/** The conditions every list's filter shares (each `…Where` input has them). */
interface EntityWhere {
  ids?: readonly string[] | null;
  nameContains?: string | null;
  synthetic?: boolean | null;
  within?: string | null;
}

/** Filters every list shares: ids, part of the name, synthetic, within a place. */
export function entityPredicates(v: string, where: EntityWhere | null | undefined, params: Params): Predicates {
  if (!where) return [];
  const out: Predicates = [];
  if (where.ids) out.push(`${v}.id IN ${params.add(where.ids)}`);
  if (where.nameContains) out.push(`${v}.name CONTAINS ${params.add(toSimplified(where.nameContains.trim()))}`);
  if (where.synthetic !== null && where.synthetic !== undefined)
    out.push(`${v}.synthetic = ${params.add(where.synthetic)}`);
  // First: a place is the most selective start (see matchFiltered).
  if (where.within) out.unshift(withinPredicate(v, where.within, params));
  return out;
}

/** AND / OR / NOT of nested conditions of the same input, as every `…Where` has them. */
export interface Combinators<W> {
  AND?: readonly W[] | null;
  OR?: readonly W[] | null;
  NOT?: W | null;
}

/** How deep AND / OR / NOT may nest in one filter: deeper is no real question, only work. */
export const MAX_WHERE_NESTING = 5;

function nesting(where: Combinators<unknown> | null | undefined): number {
  if (!where) return 0;
  const inner = [...(where.AND ?? []), ...(where.OR ?? []), ...(where.NOT ? [where.NOT] : [])];
  return 1 + Math.max(0, ...inner.map((w) => nesting(w as Combinators<unknown>)));
}

/**
 * The combinators of a filter, compiled by the filter's own `compile`: each `AND` member's
 * predicates join the rest (its anchors stay anchors), `OR` holds when one member holds (none given:
 * nothing matches), `NOT` when its member does not. A member with no condition is `true`.
 */
export function combinators<W extends Combinators<W>>(
  v: string,
  where: W,
  params: Params,
  compile: (v: string, where: W, params: Params) => Predicates,
): Predicates {
  if (!where.AND && !where.OR && !where.NOT) return [];
  if (nesting(where) > MAX_WHERE_NESTING)
    throw badUserInput(`AND, OR and NOT nest at most ${String(MAX_WHERE_NESTING)} deep`, 'where');
  const all = (w: W): string => {
    const p = compile(v, w, params);
    return p.length > 0 ? `(${p.join(' AND ')})` : 'true';
  };
  const out: Predicates = [];
  for (const w of where.AND ?? []) out.push(...compile(v, w, params));
  if (where.OR) out.push(where.OR.length > 0 ? `(${where.OR.map(all).join(' OR ')})` : 'false');
  if (where.NOT) out.push(`NOT ${all(where.NOT)}`);
  return out;
}

const exists = (flag: boolean, pattern: string): string => `${flag ? '' : 'NOT '}EXISTS { ${pattern} }`;

export function partyOrganizationPredicates(
  v: string,
  where: PartyOrganizationWhere | null | undefined,
  params: Params,
): Predicates {
  if (!where) return [];
  const out = entityPredicates(v, where, params);
  if (where.orgTypes) out.push(`${v}.orgType IN ${params.add(where.orgTypes)}`);
  if (where.leadsCooperatives !== null && where.leadsCooperatives !== undefined) {
    out.push(exists(where.leadsCooperatives, `MATCH (${v})-[:LEADS]->(:Cooperative)`));
  }
  if (where.partnersLeadingEnterprise !== null && where.partnersLeadingEnterprise !== undefined) {
    out.push(exists(where.partnersLeadingEnterprise, `MATCH (${v})-[:PARTNERS_WITH]->(:Enterprise {leading: true})`));
  }
  if (where.weakAndSlack !== null && where.weakAndSlack !== undefined) {
    out.push(exists(where.weakAndSlack, `MATCH (${v})<-[:RECTIFIES]-(:Person)`));
  }
  out.push(...combinators(v, where, params, partyOrganizationPredicates));
  return out;
}

/**
 * `at` (a year of a series) replaces the time the conditions that depend on time look at: now for
 * 一肩挑 and `stationed`, `stationedAsOf` too.
 */
export function villagePredicates(
  v: string,
  where: VillageWhere | null | undefined,
  params: Params,
  at?: Window,
): Predicates {
  if (!where) return [];
  const out = entityPredicates(v, where, params);
  if (where.township) out.push(new Anchor(`(${v})-[:PART_OF]->(:Township {id: ${params.add(where.township)}})`));
  if (where.oneShoulder !== null && where.oneShoulder !== undefined) {
    out.push(`${where.oneShoulder ? '' : 'NOT '}${oneShoulder(v, at ?? today(), params)}`);
  }
  if (where.collectiveIncomeMin !== null && where.collectiveIncomeMin !== undefined) {
    out.push(`${v}.collectiveIncome >= ${params.add(where.collectiveIncomeMin)}`);
  }
  if (where.collectiveIncomeMax !== null && where.collectiveIncomeMax !== undefined) {
    out.push(`${v}.collectiveIncome <= ${params.add(where.collectiveIncomeMax)}`);
  }
  if (where.modelVillage !== null && where.modelVillage !== undefined) {
    out.push(`${where.modelVillage ? '' : 'NOT '}${modelVillage(v, params)}`);
  }
  if (where.partyOrganization) {
    const org = `${v}_org`;
    const inner = partyOrganizationPredicates(org, where.partyOrganization, params);
    out.push(
      `EXISTS { MATCH (${org}:PartyOrganization)-[:GOVERNS]->(${v})${inner.length ? ` WHERE ${inner.join(' AND ')}` : ''} }`,
    );
  }
  if (where.stationedLevel || where.stationedAsOf || (where.stationed !== null && where.stationed !== undefined)) {
    const window = at ?? timeWindow(where.stationedAsOf, null, 'stationedAsOf') ?? today();
    const stationed = stationedIn(v, window, where.stationedLevel ?? null, params);
    out.push(where.stationed === false ? `NOT ${stationed}` : stationed);
  }
  out.push(...combinators(v, where, params, (x, w, p) => villagePredicates(x, w, p, at)));
  return out;
}

/** `at` (a year of a series) replaces `asOf` and `during`: roles and stationings are then those of that time. */
export function personPredicates(
  v: string,
  where: PersonWhere | null | undefined,
  params: Params,
  at?: Window,
): Predicates {
  if (!where && !at) return [];
  where ??= {};
  const out = entityPredicates(v, where, params);
  const window = at ?? timeWindow(where.asOf, where.during);
  const when = (rel: string): string => (window ? ` AND ${activeDuring(rel, window, params)}` : '');
  if (where.role) {
    const post = holdsPostPattern(v, where.role, window, params);
    out.push(new Anchor(post.pattern, post.where, true));
  }
  const began = startWindow(where.stationedSince, where.stationedUntil);
  if (where.stationed !== null && where.stationed !== undefined) {
    // Stationed now unless asOf or during say when; at `stationedLevel` when given.
    const stationed = stationedAs(v, where.stationedLevel ?? null, window ?? today(), params, began);
    out.push(where.stationed ? stationed : `NOT ${stationed}`);
  } else if (where.stationedLevel || began) {
    out.push(stationedAs(v, where.stationedLevel ?? null, window, params, began));
  } else if (window && !where.role) {
    out.push(`EXISTS { MATCH (${v})-[r:HOLDS_POST|STATIONED_IN]->() WHERE true${when('r')} }`);
  }
  if (where.promoted !== null && where.promoted !== undefined)
    out.push(exists(where.promoted, `MATCH (${v})-[:PROMOTED]->()`));
  out.push(...combinators(v, where, params, (x, w, p) => personPredicates(x, w, p, at)));
  return out;
}

export function organizationPredicates(
  v: string,
  where: OrganizationWhere | null | undefined,
  params: Params,
): Predicates {
  if (!where) return [];
  const out = entityPredicates(v, where, params);
  if (where.industry) out.push(`${v}.industry = ${params.add(toSimplified(where.industry))}`);
  if (where.leading !== null && where.leading !== undefined) out.push(`${v}.leading = ${params.add(where.leading)}`);
  if (where.covered !== null && where.covered !== undefined)
    out.push(exists(where.covered, `MATCH (${v})<-[:COVERS]-(:PartyOrganization)`));
  out.push(...combinators(v, where, params, organizationPredicates));
  return out;
}
