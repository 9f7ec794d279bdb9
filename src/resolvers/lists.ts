import type { GraphQLResolveInfo } from 'graphql';

import type { Context } from '../context.js';
import {
  organizationPredicates,
  Params,
  partyOrganizationPredicates,
  personPredicates,
  villagePredicates,
  type Predicates,
} from '../db/filters.js';
import { orderText, sortKeys } from '../db/keyset.js';
import { listCount, listPage, type ListQuery } from '../db/lists.js';
import type { EnterpriseOrder, EntityOrder, QueryResolvers, VillageOrder } from '../generated/graphql.js';
import type { ConnectionRecord } from '../model/records.js';
import type { ListLabel } from '../db/aggregates.js';
import { listWithAggregatesOf } from '../db/planner/aggregates.js';
import { villagesReached, type Window } from '../db/rules.js';
import type { EntityRecord } from '../model/records.js';
import { connection, cursorScope, pageWindow, type CursorScope, type KeyedRow, type PageArgs } from './connection.js';
import { AGGREGATE_SOURCE, type AggregateSource } from './aggregates.js';
import { planned } from './planned.js';

// Sort keys are looked up here, never taken from input: the enum value selects one.
const VILLAGE_ORDER: Record<VillageOrder['field'], string> = {
  CODE: 'n.code',
  NAME: 'n.name',
  PINYIN: 'n.pinyinPlain',
  COLLECTIVE_INCOME: 'n.collectiveIncome',
};
const ENTITY_ORDER: Record<EntityOrder['field'], string> = { NAME: 'n.name', PINYIN: 'n.pinyinPlain', ID: 'n.id' };
// A relationship count sorts like a property: a ranking is a list ordered by it.
const ENTERPRISE_ORDER: Record<EnterpriseOrder['field'], string> = {
  ...ENTITY_ORDER,
  VILLAGES_REACHED: villagesReached('n'),
};

function orderBy<F extends string>(
  orders: readonly { field: F; direction?: 'ASC' | 'DESC' | null }[] | null | undefined,
  keys: Record<F, string>,
  fallback: string,
): string[] {
  if (!orders || orders.length === 0) return [fallback];
  return orders.map((o) => `${keys[o.field]} ${o.direction === 'DESC' ? 'DESC' : 'ASC'}`);
}

/**
 * The planned result of a list: one page (one item more than asked, when asked), the count, and
 * the aggregates and groups asked, under `@<response key>`.
 */
interface ListValue {
  page: KeyedRow<EntityRecord>[];
  count: number | null;
  [planned: `@${string}`]: unknown;
}

/** The cursors of a list in one order; its filter may change between pages. */
export function listScope(label: ListLabel, order: string[]): CursorScope {
  const keys = sortKeys(order, 'n.id');
  return cursorScope(`${label} ${orderText(keys)}`, keys.length);
}

function list(
  ctx: Context,
  info: GraphQLResolveInfo,
  label: ListLabel,
  compile: (params: Params, at?: Window) => Predicates,
  order: string[],
  args: PageArgs,
): Promise<ConnectionRecord> {
  const scope = listScope(label, order);
  const window = pageWindow(args, scope);
  // What the per-level aggregate and group-by resolvers need to run their own query.
  const source: AggregateSource = { label, compile };
  return planned(
    ctx,
    info,
    (params, selection) =>
      listWithAggregatesOf(label, compile(params), order, params, selection, window, (at) => compile(params, at)),
    (value) => {
      const { page, count, ...aggregates } = value as ListValue;
      return Object.assign(
        connection(
          window,
          scope,
          () => Promise.resolve(page),
          () => Promise.resolve(count ?? 0),
        ),
        aggregates,
        { [AGGREGATE_SOURCE]: source },
      );
    },
    () => {
      const params = new Params();
      const q: ListQuery = { label, predicates: compile(params), params, order };
      return Object.assign(
        connection(
          window,
          scope,
          () => listPage(ctx.db, q, window, ctx.log),
          () => listCount(ctx.db, q, ctx.log),
        ),
        { [AGGREGATE_SOURCE]: source },
      );
    },
  );
}

interface ListArgs<W, F extends string> extends PageArgs {
  where?: W | null;
  orderBy?: readonly { field: F; direction?: 'ASC' | 'DESC' | null }[] | null;
}

/**
 * The resolver of a list of one entity kind, filtered by `compile` and ordered by name, pinyin or
 * id (or the kind's own `keys`).
 */
function entityList<W, F extends string = EntityOrder['field']>(
  label: ListLabel,
  compile: (v: string, where: W | null | undefined, params: Params, at?: Window) => Predicates,
  keys: Record<F, string> = ENTITY_ORDER as Record<F, string>,
) {
  return (_p: unknown, args: ListArgs<W, F>, ctx: Context, info: GraphQLResolveInfo): Promise<ConnectionRecord> =>
    list(
      ctx,
      info,
      label,
      (params, at) => compile('n', args.where, params, at),
      orderBy(args.orderBy, keys, 'n.id'),
      args,
    );
}

export const listQueries: Pick<
  QueryResolvers,
  'villages' | 'partyOrganizations' | 'people' | 'cooperatives' | 'enterprises' | 'bases' | 'socialOrganizations'
> = {
  villages: (_p, args, ctx, info) =>
    list(
      ctx,
      info,
      'Village',
      (params, at) => villagePredicates('n', args.where, params, at),
      orderBy(args.orderBy, VILLAGE_ORDER, 'n.code'),
      args,
    ),
  partyOrganizations: entityList('PartyOrganization', partyOrganizationPredicates),
  people: entityList('Person', personPredicates),
  cooperatives: entityList('Cooperative', organizationPredicates),
  enterprises: entityList('Enterprise', organizationPredicates, ENTERPRISE_ORDER),
  bases: entityList('Base', organizationPredicates),
  socialOrganizations: entityList('SocialOrganization', organizationPredicates),
};
