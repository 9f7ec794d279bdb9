import { CAPS, DEFAULTS } from '../defaults.js';
import { badUserInput } from '../errors.js';
import type { EntityLabel } from '../model/kinds.js';
import { integer } from './database.js';
import { matchFiltered, timeWindow, type Params, type Predicates } from './filters.js';
import {
  activeDuring,
  modelVillage,
  oneShoulder,
  storedNumber,
  today,
  villagesReached,
  yearWindow,
  type Window,
} from './rules.js';

/**
 * Aggregates and group-by over a list's filter: the model's table of what can be summed, counted
 * and grouped per list kind, and the Cypher that computes them. The planner (src/db/planner/
 * aggregates.ts) and the per-level resolvers (src/resolvers/aggregates.ts) both use it, so both
 * answer from the same expressions. Every name written into Cypher comes from this table; values
 * reach Cypher as parameters.
 */

/**
 * What a list kind offers: numbers (stored properties, or counts of related nodes), flags (a
 * predicate each) and distinct counts.
 */
export interface AggregateSpec {
  /** GraphQL field → a numeric expression over the node (null where there is no number). */
  numbers: Record<string, (v: string) => string>;
  /**
   * GraphQL field → a predicate over the node (a domain rule from rules.ts, or a stored flag);
   * rules that depend on time are evaluated within `window`.
   */
  flags: Record<string, (v: string, params: Params, window: Window) => string>;
  /** GraphQL field → the expression whose distinct values are counted. */
  distinct: Record<string, (v: string) => string>;
}

const stored =
  (prop: string) =>
  (v: string): string =>
    `${v}.${prop} = true`;
const number =
  (prop: string) =>
  (v: string): string =>
    storedNumber(`${v}.${prop}`);
const property =
  (prop: string) =>
  (v: string): string =>
    `${v}.${prop}`;
const entity: Pick<AggregateSpec, 'flags' | 'distinct'> = {
  flags: { synthetic: stored('synthetic') },
  distinct: { name: property('name') },
};
const organization: AggregateSpec = {
  numbers: {},
  flags: entity.flags,
  distinct: { ...entity.distinct, industry: property('industry') },
};

export type ListLabel = Extract<
  EntityLabel,
  'Village' | 'PartyOrganization' | 'Person' | 'Cooperative' | 'Enterprise' | 'Base' | 'SocialOrganization'
>;

export const AGGREGATES: Record<ListLabel, AggregateSpec> = {
  Village: {
    numbers: { collectiveIncome: number('collectiveIncome'), collectiveIncomeYear: number('collectiveIncomeYear') },
    flags: {
      oneShoulder: (v, params, window) => oneShoulder(v, window, params),
      modelVillage: (v, params) => modelVillage(v, params),
      synthetic: stored('synthetic'),
    },
    distinct: {
      ...entity.distinct,
      township: (v) => `COLLECT { MATCH (${v})-[:PART_OF]->(t:Township) RETURN t.id LIMIT 1 }[0]`,
      collectiveIncomeYear: property('collectiveIncomeYear'),
    },
  },
  PartyOrganization: { numbers: {}, ...entity, distinct: { ...entity.distinct, orgType: property('orgType') } },
  Person: { numbers: {}, ...entity },
  Cooperative: organization,
  Enterprise: {
    ...organization,
    numbers: { villagesReached: (v) => villagesReached(v) },
    flags: { ...entity.flags, leading: stored('leading') },
  },
  Base: organization,
  SocialOrganization: { numbers: {}, ...entity },
};

/**
 * What an `aggregate` selection asks for, by field name (aliases of one field share its value,
 * which the default resolvers read by name): `count`, and the names under each operator.
 */
export interface AggregateAsk {
  count: boolean;
  sum: string[];
  avg: string[];
  min: string[];
  max: string[];
  countTrue: string[];
  shareTrue: string[];
  countDistinct: string[];
}

export const OPERATORS = ['sum', 'avg', 'min', 'max', 'countTrue', 'shareTrue', 'countDistinct'] as const;
type Operator = (typeof OPERATORS)[number];

/** A selection of the aggregate type, reduced to field names: `{count: [], sum: ['collectiveIncome']}`. */
export type AggregateNames = Record<string, string[]>;

export function aggregateAsk(names: AggregateNames): AggregateAsk {
  const pick = (op: Operator): string[] => [...new Set(names[op] ?? [])].sort();
  return {
    count: 'count' in names,
    sum: pick('sum'),
    avg: pick('avg'),
    min: pick('min'),
    max: pick('max'),
    countTrue: pick('countTrue'),
    shareTrue: pick('shareTrue'),
    countDistinct: pick('countDistinct'),
  };
}

/**
 * The Cypher map of the asked aggregates over the node variable `v` (an aggregating expression:
 * one value per group, or one for all rows). Sums over no value are 0, the rest null. Flags that
 * depend on time look at `window` (default today).
 */
export function aggregateMap(
  label: ListLabel,
  v: string,
  ask: AggregateAsk,
  params: Params,
  window: Window = today(),
): string {
  const spec = AGGREGATES[label];
  const entries: string[] = [];
  if (ask.count) entries.push(`count: count(${v})`);
  const numbers = (fn: 'sum' | 'avg' | 'min' | 'max', fields: string[]): void => {
    const parts = fields
      .filter((f) => f in spec.numbers)
      .map((f) => `\`${f}\`: ${fn}(${spec.numbers[f]?.(v) ?? 'null'})`);
    if (fields.length) entries.push(`${fn}: {${parts.join(', ')}}`);
  };
  numbers('sum', ask.sum);
  numbers('avg', ask.avg);
  numbers('min', ask.min);
  numbers('max', ask.max);
  const flag = (f: string): string | null => spec.flags[f]?.(v, params, window) ?? null;
  if (ask.countTrue.length) {
    const parts = ask.countTrue.flatMap((f) => {
      const p = flag(f);
      return p ? [`\`${f}\`: count(CASE WHEN ${p} THEN 1 END)`] : [];
    });
    entries.push(`countTrue: {${parts.join(', ')}}`);
  }
  if (ask.shareTrue.length) {
    const parts = ask.shareTrue.flatMap((f) => {
      const p = flag(f);
      return p ? [`\`${f}\`: avg(CASE WHEN ${p} THEN 1.0 ELSE 0.0 END)`] : [];
    });
    entries.push(`shareTrue: {${parts.join(', ')}}`);
  }
  if (ask.countDistinct.length) {
    const parts = ask.countDistinct.flatMap((f) => {
      const e = spec.distinct[f];
      return e ? [`\`${f}\`: count(DISTINCT ${e(v)})`] : [];
    });
    entries.push(`countDistinct: {${parts.join(', ')}}`);
  }
  return `{${entries.join(', ')}}`;
}

/** The aggregates of the filtered list as one row, one column. */
export function aggregateQuery(
  label: ListLabel,
  predicates: Predicates,
  ask: AggregateAsk,
  params: Params,
  column: string,
): string {
  return `${matchFiltered('n', label, predicates)}
RETURN ${aggregateMap(label, 'n', ask, params)} AS ${column}`;
}

// ------------------------------------------------------------------------------------------ group-by

type SortDirection = 'ASC' | 'DESC';

/**
 * A dimension to group by: the group field it fills and its Cypher over the node. Keys that depend
 * on time (一肩挑, a person's stationing level, role and township) look at `window`. A `node` key
 * is a Township, ordered by code; the others are ordered by value.
 */
interface GroupKeySpec {
  field: string;
  key: (v: string, params: Params, window: Window) => string;
  node?: true;
}

const firstTownship = (pattern: string, where = '', order = ''): string =>
  `COLLECT { MATCH p = ${pattern}${where ? ` WHERE ${where}` : ''} RETURN t ORDER BY ${order}length(p), t.code, t.id LIMIT 1 }[0]`;

/**
 * The township of an organisation or base: the nearest one reached outwards along the hierarchy,
 * location and governance (a village Party organisation governs its village, which is part of its
 * township; an industry branch is part of it; a base lies in a village).
 */
const placedTownship: GroupKeySpec = {
  field: 'township',
  key: (v) => firstTownship(`(${v})-[:PART_OF|LOCATED_IN|GOVERNS*1..4]->(t:Township)`),
  node: true,
};
const synthetic: GroupKeySpec = { field: 'synthetic', key: (v) => `coalesce(${v}.synthetic, false)` };
const industry: GroupKeySpec = { field: 'industry', key: (v) => `${v}.industry` };

/** Each list's group keys (the `<Kind>GroupKey` enums of the SDL). */
export const GROUP_KEYS: Record<ListLabel, Record<string, GroupKeySpec>> = {
  Village: {
    TOWNSHIP: {
      field: 'township',
      key: (v) => `COLLECT { MATCH (${v})-[:PART_OF]->(t:Township) RETURN t ORDER BY t.code, t.id LIMIT 1 }[0]`,
      node: true,
    },
    ONE_SHOULDER: { field: 'oneShoulder', key: (v, params, window) => oneShoulder(v, window, params) },
    MODEL_VILLAGE: { field: 'modelVillage', key: (v, params) => modelVillage(v, params) },
    SYNTHETIC: synthetic,
  },
  PartyOrganization: {
    TOWNSHIP: placedTownship,
    ORG_TYPE: { field: 'orgType', key: (v) => `${v}.orgType` },
    SYNTHETIC: synthetic,
  },
  Person: {
    // Where the person is stationed within the window, else where a post held then lies.
    TOWNSHIP: {
      field: 'township',
      key: (v, params, window) =>
        firstTownship(
          `(${v})-[r:STATIONED_IN|HOLDS_POST]->()-[:PART_OF|LOCATED_IN|GOVERNS*0..3]->(t:Township)`,
          activeDuring('r', window, params),
          `CASE type(r) WHEN 'STATIONED_IN' THEN 0 ELSE 1 END, `,
        ),
      node: true,
    },
    STATIONING_LEVEL: {
      field: 'stationingLevel',
      key: (v, params, window) =>
        `COLLECT { MATCH (${v})-[s:STATIONED_IN]->() WHERE ${activeDuring('s', window, params)} RETURN s.level ORDER BY s.level LIMIT 1 }[0]`,
    },
    ROLE: {
      field: 'role',
      key: (v, params, window) =>
        `COLLECT { MATCH (${v})-[r:HOLDS_POST]->() WHERE ${activeDuring('r', window, params)} RETURN r.role ORDER BY r.role LIMIT 1 }[0]`,
    },
    SYNTHETIC: synthetic,
  },
  Cooperative: { TOWNSHIP: placedTownship, INDUSTRY: industry, SYNTHETIC: synthetic },
  Enterprise: {
    TOWNSHIP: placedTownship,
    INDUSTRY: industry,
    LEADING: { field: 'leading', key: (v) => `coalesce(${v}.leading, false)` },
    SYNTHETIC: synthetic,
  },
  Base: { TOWNSHIP: placedTownship, INDUSTRY: industry, SYNTHETIC: synthetic },
  SocialOrganization: { TOWNSHIP: placedTownship, SYNTHETIC: synthetic },
};

/** `orderBy` of a group-by as the API takes it: one direction, or per field name of an operator. */
export interface GroupOrder {
  count?: SortDirection | null;
  sum?: Record<string, SortDirection | null | undefined> | null;
  avg?: Record<string, SortDirection | null | undefined> | null;
  min?: Record<string, SortDirection | null | undefined> | null;
  max?: Record<string, SortDirection | null | undefined> | null;
  countTrue?: Record<string, SortDirection | null | undefined> | null;
  shareTrue?: Record<string, SortDirection | null | undefined> | null;
}

export interface GroupByArgs {
  by: readonly string[];
  orderBy?: GroupOrder | null;
  first?: number | null;
  /** The time the keys that depend on time look at (a date, month or year); default today. */
  asOf?: string | null;
  /** Or a whole year. */
  during?: number | null;
}

export const MAX_GROUPS: number = CAPS.first;

/** Checks a group-by's arguments: one or two distinct keys of the list, at most MAX_GROUPS groups. */
export function groupKeys(
  label: ListLabel,
  args: GroupByArgs,
): { keys: GroupKeySpec[]; first: number; window: Window } {
  const names = [...args.by];
  if (names.length < 1 || names.length > 2 || new Set(names).size !== names.length)
    throw badUserInput('by takes one or two different keys', 'by');
  const keys = names.map((name) => {
    const spec = GROUP_KEYS[label][name];
    if (!spec) throw badUserInput(`${label} lists cannot be grouped by ${name}`, 'by');
    return spec;
  });
  const window = timeWindow(args.asOf, args.during) ?? today();
  const first = args.first ?? DEFAULTS.first;
  if (!Number.isInteger(first) || first < 0 || first > MAX_GROUPS)
    throw badUserInput(`first must be an integer from 0 to ${String(MAX_GROUPS)}, got ${String(first)}`, 'first');
  return { keys, first, window };
}

/**
 * Groups of the filtered list, ordered and limited, collected into one list: each group
 * `{<key field>: value, aggregate: {...}}`. `projectKey` projects a node key (the township) —
 * the planner's projection of its selection, or the whole record for the per-level resolvers. The
 * order's aggregates are computed with the group whether or not they are selected.
 */
export function groupQuery(
  label: ListLabel,
  predicates: Predicates,
  args: GroupByArgs,
  ask: AggregateAsk,
  params: Params,
  projectKey: (v: string) => string,
  column: string,
): string {
  const { keys, first, window } = groupKeys(label, args);
  const order: string[] = [];
  const sortAsk: AggregateAsk = { ...ask, count: ask.count || Boolean(args.orderBy?.count) };
  const o = args.orderBy;
  if (o?.count) order.push(`a.count ${o.count}`);
  for (const op of ['sum', 'avg', 'min', 'max', 'countTrue', 'shareTrue'] as const) {
    for (const [field, direction] of Object.entries(o?.[op] ?? {})) {
      const known =
        op === 'countTrue' || op === 'shareTrue'
          ? field in AGGREGATES[label].flags
          : field in AGGREGATES[label].numbers;
      if (!direction || !known) continue;
      sortAsk[op] = [...new Set([...sortAsk[op], field])].sort();
      order.push(`a.${op}.\`${field}\` ${direction}`);
    }
  }
  const vars = keys.map((_, i) => `k${String(i)}`);
  keys.forEach((k, i) => {
    const v = vars[i] as string;
    order.push(...(k.node ? [`${v}.code`, `${v}.id`] : [v]));
  });
  const keyExpressions = keys.map((k, i) => `${k.key('n', params, window)} AS ${vars[i] as string}`);
  const record = keys.map((k, i) => {
    const v = vars[i] as string;
    return `${k.field}: ${k.node ? projectKey(v) : v}`;
  });
  return `${matchFiltered('n', label, predicates)}
WITH n, ${keyExpressions.join(', ')}
WITH ${vars.join(', ')}, ${aggregateMap(label, 'n', sortAsk, params, window)} AS a
ORDER BY ${order.join(', ')}
LIMIT ${params.add(integer(first))}
RETURN collect({${[...record, 'aggregate: a'].join(', ')}}) AS ${column}`;
}

// ------------------------------------------------------------------------------------ time series

export interface PerYearArgs {
  from: number;
  to: number;
}

/** The most years one series may span. */
export const MAX_SERIES_YEARS = 50;

/** Checks a series' years: `from` ≤ `to`, both years, at most MAX_SERIES_YEARS of them. */
export function seriesYears(args: PerYearArgs): PerYearArgs {
  const { from, to } = args;
  const year = (y: number): boolean => Number.isInteger(y) && y >= 1949 && y <= 2100;
  if (!year(from) || !year(to) || from > to)
    throw badUserInput('from and to must be years such as 2017 and 2020, from not after to', 'from');
  if (to - from + 1 > MAX_SERIES_YEARS)
    throw badUserInput(`a series spans at most ${String(MAX_SERIES_YEARS)} years`, 'to');
  return { from, to };
}

/**
 * The list's aggregates per year from `from` to `to`, in one query: for each year, the filter and
 * the flags that depend on time (一肩挑, roles, stationings) are evaluated within that year — the
 * same rules of src/db/rules.ts, with the year's window computed in Cypher — and collected as
 * `{year, aggregate}` in year order. `compileAt` compiles the list's filter for a window.
 */
export function seriesQuery(
  label: ListLabel,
  compileAt: (window: Window) => Predicates,
  args: PerYearArgs,
  ask: AggregateAsk,
  params: Params,
  column: string,
): string {
  const { from, to } = seriesYears(args);
  const window = yearWindow('year');
  return `UNWIND range(${params.add(integer(from))}, ${params.add(integer(to))}) AS year
CALL (year) {
  ${matchFiltered('n', label, compileAt(window))}
  RETURN ${aggregateMap(label, 'n', ask, params, window)} AS a
}
WITH year, a ORDER BY year
RETURN collect({year: year, aggregate: a}) AS ${column}`;
}
