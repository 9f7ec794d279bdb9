import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';

import type { Context } from '../context.js';
import {
  aggregateAsk,
  aggregateQuery,
  groupQuery,
  seriesQuery,
  type GroupByArgs,
  type ListLabel,
  type PerYearArgs,
} from '../db/aggregates.js';
import { Params, type Predicates } from '../db/filters.js';
import { aggregateNames, groupAsk, yearAsk } from '../db/planner/aggregates.js';
import type { Window } from '../db/rules.js';
import type { Resolvers } from '../generated/graphql.js';

/** Where a connection record keeps what its aggregates are computed over. */
export const AGGREGATE_SOURCE: unique symbol = Symbol('aggregateSource');

/** A list's label and filter, for the per-level aggregate and group-by resolvers. */
export interface AggregateSource {
  label: ListLabel;
  /** The filter; at `at` (a year of a series) for the conditions that depend on time. */
  compile: (params: Params, at?: Window) => Predicates;
}

function sourceOf(parent: unknown): AggregateSource {
  const source = (parent as Record<symbol, AggregateSource | undefined>)[AGGREGATE_SOURCE];
  if (!source) throw new Error('a connection without its list');
  return source;
}

const tree = (info: GraphQLResolveInfo): ResolveTree['fieldsByTypeName'] =>
  (parseResolveInfo(info) as ResolveTree | null)?.fieldsByTypeName ?? {};

/**
 * The per-level `aggregate` of a list (when the planner is off or declined): one query over the
 * list's filter, with the same expressions the planner uses. A planned connection carries the
 * value already, and readPlannedFields returns it without calling this.
 */
async function aggregate<T>(parent: unknown, _args: unknown, ctx: Context, info: GraphQLResolveInfo): Promise<T> {
  const { label, compile } = sourceOf(parent);
  const params = new Params();
  const ask = aggregateAsk(aggregateNames(tree(info)));
  const [row] = await ctx.db.read(
    aggregateQuery(label, compile(params), ask, params, 'aggregate'),
    params.values,
    ctx.log,
  );
  return row?.aggregate as T;
}

/** The per-level `groupBy`: one query; the township keys are whole records for the Township resolvers. */
async function groupBy<T>(parent: unknown, args: GroupByArgs, ctx: Context, info: GraphQLResolveInfo): Promise<T[]> {
  const { label, compile } = sourceOf(parent);
  const params = new Params();
  const { ask } = groupAsk(label, tree(info));
  const query = groupQuery(label, compile(params), args, ask, params, (v) => `${v} {.*}`, 'groups');
  const [row] = await ctx.db.read(query, params.values, ctx.log);
  return (row?.groups as T[] | undefined) ?? [];
}

/** The per-level `perYear`: one query, the filter compiled for each year in Cypher. */
async function perYear<T>(parent: unknown, args: PerYearArgs, ctx: Context, info: GraphQLResolveInfo): Promise<T[]> {
  const { label, compile } = sourceOf(parent);
  const params = new Params();
  const query = seriesQuery(label, (at) => compile(params, at), args, yearAsk(label, tree(info)), params, 'series');
  const [row] = await ctx.db.read(query, params.values, ctx.log);
  return (row?.series as T[] | undefined) ?? [];
}

export const connectionAggregates: Pick<
  Resolvers,
  | 'VillageConnection'
  | 'PartyOrganizationConnection'
  | 'PersonConnection'
  | 'CooperativeConnection'
  | 'EnterpriseConnection'
  | 'BaseConnection'
  | 'SocialOrganizationConnection'
> = {
  VillageConnection: { aggregate, groupBy, perYear },
  PartyOrganizationConnection: { aggregate, groupBy, perYear },
  PersonConnection: { aggregate, groupBy, perYear },
  CooperativeConnection: { aggregate, groupBy, perYear },
  EnterpriseConnection: { aggregate, groupBy, perYear },
  BaseConnection: { aggregate, groupBy, perYear },
  SocialOrganizationConnection: { aggregate, groupBy, perYear },
};
