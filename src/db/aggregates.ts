import { CAPS, DEFAULTS } from '../defaults.js';
import { badUserInput } from '../errors.js';
import type { EntityLabel } from '../model/kinds.js';
import { integer } from './database.js';
import { matchFiltered, type Params, type Predicates } from './filters.js';
import { modelVillage, oneShoulder, storedNumber, today } from './rules.js';

/**
 * Aggregates and group-by over a list's filter: the model's table of what can be summed, counted
 * and grouped per list kind, and the Cypher that computes them. The planner (src/db/planner/
 * aggregates.ts) and the per-level resolvers (src/resolvers/aggregates.ts) both use it, so both
 * answer from the same expressions. Every name written into Cypher comes from this table; values
 * reach Cypher as parameters.
 */

/** What a list kind offers: numeric properties, flags (a predicate each) and distinct counts. */
export interface AggregateSpec {
  /** GraphQL field → stored property holding a number. */
  numbers: Record<string, string>;
  /** GraphQL field → a predicate over the node (a domain rule from rules.ts, or a stored flag). */
  flags: Record<string, (v: string, params: Params) => string>;
  /** GraphQL field → the expression whose distinct values are counted. */
  distinct: Record<string, (v: string) => string>;
}

const stored =
  (prop: string) =>
  (v: string): string =>
    `${v}.${prop} = true`;
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
    numbers: { collectiveIncome: 'collectiveIncome', collectiveIncomeYear: 'collectiveIncomeYear' },
    flags: {
      oneShoulder: (v, params) => oneShoulder(v, today(), params),
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
  Enterprise: { ...organization, flags: { ...entity.flags, leading: stored('leading') } },
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
 * one value per group, or one for all rows). Sums over no value are 0, the rest null.
 */
export function aggregateMap(label: ListLabel, v: string, ask: AggregateAsk, params: Params): string {
  const spec = AGGREGATES[label];
  const entries: string[] = [];
  if (ask.count) entries.push(`count: count(${v})`);
  const numbers = (fn: 'sum' | 'avg' | 'min' | 'max', fields: string[]): void => {
    const parts = fields
      .filter((f) => f in spec.numbers)
      .map((f) => `\`${f}\`: ${fn}(${storedNumber(`${v}.${spec.numbers[f] ?? ''}`)})`);
    if (fields.length) entries.push(`${fn}: {${parts.join(', ')}}`);
  };
  numbers('sum', ask.sum);
  numbers('avg', ask.avg);
  numbers('min', ask.min);
  numbers('max', ask.max);
  const flag = (f: string): string | null => spec.flags[f]?.(v, params) ?? null;
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

export type GroupKey = 'TOWNSHIP' | 'ONE_SHOULDER' | 'MODEL_VILLAGE' | 'SYNTHETIC';
type SortDirection = 'ASC' | 'DESC';

/** Each group key: the VillageGroup field it fills and its Cypher over the village. */
const GROUP_KEYS: Record<GroupKey, { field: string; key: (v: string, params: Params) => string; node?: true }> = {
  TOWNSHIP: {
    field: 'township',
    key: (v) => `COLLECT { MATCH (${v})-[:PART_OF]->(t:Township) RETURN t ORDER BY t.code, t.id LIMIT 1 }[0]`,
    node: true,
  },
  ONE_SHOULDER: { field: 'oneShoulder', key: (v, params) => oneShoulder(v, today(), params) },
  MODEL_VILLAGE: { field: 'modelVillage', key: (v, params) => modelVillage(v, params) },
  SYNTHETIC: { field: 'synthetic', key: (v) => `coalesce(${v}.synthetic, false)` },
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
  by: readonly GroupKey[];
  orderBy?: GroupOrder | null;
  first?: number | null;
}

export const MAX_GROUPS: number = CAPS.first;

/** Checks a group-by's arguments: one or two distinct keys, at most MAX_GROUPS groups. */
export function groupKeys(args: GroupByArgs): { keys: GroupKey[]; first: number } {
  const keys = [...args.by];
  if (keys.length < 1 || keys.length > 2 || new Set(keys).size !== keys.length)
    throw badUserInput('by takes one or two different keys', 'by');
  const first = args.first ?? DEFAULTS.first;
  if (!Number.isInteger(first) || first < 0 || first > MAX_GROUPS)
    throw badUserInput(`first must be an integer from 0 to ${String(MAX_GROUPS)}, got ${String(first)}`, 'first');
  return { keys, first };
}

/**
 * Groups of the filtered villages, ordered and limited, collected into one list: each group
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
  const { keys, first } = groupKeys(args);
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
    order.push(...(GROUP_KEYS[k].node ? [`${v}.code`, `${v}.id`] : [v]));
  });
  const keyExpressions = keys.map((k, i) => `${GROUP_KEYS[k].key('n', params)} AS ${vars[i] as string}`);
  const record = keys.map((k, i) => {
    const v = vars[i] as string;
    return `${GROUP_KEYS[k].field}: ${GROUP_KEYS[k].node ? projectKey(v) : v}`;
  });
  return `${matchFiltered('n', label, predicates)}
WITH n, ${keyExpressions.join(', ')}
WITH ${vars.join(', ')}, ${aggregateMap(label, 'n', sortAsk, params)} AS a
ORDER BY ${order.join(', ')}
LIMIT ${params.add(integer(first))}
RETURN collect({${[...record, 'aggregate: a'].join(', ')}}) AS ${column}`;
}
