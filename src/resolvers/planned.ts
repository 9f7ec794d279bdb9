import {
  isNonNullType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';

import type { Context } from '../context.js';
import type { Params } from '../db/params.js';
import { DECLINED } from '../db/planner/batch.js';
import { PLANNED } from '../db/planner/project.js';
import type { RootCypher } from '../db/planner/roots.js';
import type { Selection } from '../db/planner/selection.js';

/**
 * Answers a root field through the planner: its whole selection becomes one Cypher query, shared
 * with the other root fields of the operation. When the planner is off or declines the selection,
 * `fallback` answers it level by level through the loaders.
 */
export async function planned<T>(
  ctx: Context,
  info: GraphQLResolveInfo,
  compile: (params: Params, selection: Selection) => RootCypher,
  decode: (value: unknown) => T,
  fallback: () => T | Promise<T>,
): Promise<T> {
  if (!ctx.planner) return fallback();
  const select = (): Selection | null => (parseResolveInfo(info) as ResolveTree | null)?.fieldsByTypeName ?? null;
  // Kept from an earlier request with the same operation and variables, when the server keeps plans.
  const plan = ctx.planCache ? ctx.planCache.planOf(info, select) : { selection: select(), compiled: undefined };
  if (!plan?.selection) return fallback();
  const result = await ctx.loaders.plans.load({
    schema: info.schema,
    selection: plan.selection,
    compiled: plan.compiled,
    compile,
    decode,
  });
  return result === DECLINED ? fallback() : (result as T);
}

/**
 * Makes every field resolver read its planned value first: a planned record carries the value of
 * each planned field under `@<response key>`. Without one (a per-level record, or a field the
 * planner left out), the resolver runs as written. A planned null on a non-null field also runs
 * the resolver, so that the error it raises (NOT_FOUND...) is the one the per-level path gives.
 */
export function readPlannedFields<R extends Record<string, unknown>>(resolvers: R, schema: GraphQLSchema): R {
  const out: Record<string, unknown> = {};
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type) || typeName === 'Query' || typeName === 'Mutation') {
      out[typeName] = fields;
      continue;
    }
    const wrapped: Record<string, unknown> = {};
    for (const [fieldName, resolve] of Object.entries(fields as Record<string, unknown>)) {
      const field = type.getFields()[fieldName];
      if (typeof resolve !== 'function' || !field) {
        wrapped[fieldName] = resolve;
        continue;
      }
      const original = resolve as GraphQLFieldResolver<unknown, Context>;
      const required = isNonNullType(field.type);
      wrapped[fieldName] = (parent: unknown, args: Record<string, unknown>, ctx: Context, info: GraphQLResolveInfo) => {
        if (typeof parent === 'object' && parent !== null) {
          const key = `${PLANNED}${String(info.path.key)}`;
          if (key in parent) {
            const value = (parent as Record<string, unknown>)[key];
            if (value !== null || !required) return value;
          }
        }
        return original(parent, args, ctx, info);
      };
    }
    out[typeName] = wrapped;
  }
  return out as R;
}
