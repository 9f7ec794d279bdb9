import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';

import type { Context } from '../context.js';

/**
 * A stored value made to fit the field's type. The API and the seed loader write only what the
 * model's types allow (src/model/validate.ts), but data written with Cypher directly may hold a
 * list where a name belongs or words where a number belongs; such a value would make graphql-js
 * fail the field, and with a non-null field the whole list around it. A string field shows any
 * plain value as text (a list joined by "、"); a number, boolean or enum field that cannot be read
 * as one is null. A value that already fits is returned as it is.
 */
export function fitStored(value: unknown, type: GraphQLOutputType): unknown {
  if (value === null || value === undefined) return value;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const items = Array.isArray(value) ? (value as unknown[]) : [value];
    const fitted = items.map((item) => fitStored(item, nullable.ofType));
    return isNonNullType(nullable.ofType) ? fitted.filter((item) => item !== null && item !== undefined) : fitted;
  }
  if (isEnumType(nullable)) {
    return typeof value === 'string' && nullable.getValue(value) ? value : null;
  }
  switch (nullable.name) {
    case 'String':
    case 'ID':
      if (typeof value === 'string') return value;
      if (Array.isArray(value)) return value.map(String).join('、');
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
    case 'Float':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : null;
    case 'Int': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return Number.isInteger(number) && Math.abs(number as number) <= 2 ** 31 - 1 ? number : null;
    }
    case 'Boolean':
      return typeof value === 'boolean' ? value : null;
    default:
      return value;
  }
}

/**
 * Wraps the resolver of every scalar and enum field of the schema's object types (the default
 * resolver where none is written) so that its value goes through fitStored: reads never fail on
 * a stored value of the wrong type.
 */
export function fitStoredValues<R extends Record<string, unknown>>(resolvers: R, schema: GraphQLSchema): R {
  const out: Record<string, unknown> = { ...resolvers };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name === 'Query' || type.name === 'Mutation')
      continue;
    const written = (resolvers[type.name] ?? {}) as Record<string, unknown>;
    const wrapped: Record<string, unknown> = { ...written };
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      // JSON carries any stored value as it is.
      if (!isLeafType(named) || named.name === 'JSON') continue;
      const own = written[field.name];
      if (own !== undefined && typeof own !== 'function') continue;
      const resolve = (own ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, Context>;
      // A required flag that cannot be read: `synthetic` then says "not known to be real" (true),
      // any other flag false, rather than failing the field and the list around it.
      const unreadable = isNonNullType(field.type) && named.name === 'Boolean' ? field.name === 'synthetic' : null;
      const fit = (v: unknown): unknown => {
        const fitted = fitStored(v, field.type);
        return fitted === null && v !== null && v !== undefined && unreadable !== null ? unreadable : fitted;
      };
      wrapped[field.name] = (
        parent: unknown,
        args: Record<string, unknown>,
        ctx: Context,
        info: GraphQLResolveInfo,
      ) => {
        const value = resolve(parent, args, ctx, info);
        return value instanceof Promise ? value.then(fit) : fit(value);
      };
    }
    out[type.name] = wrapped;
  }
  return out as R;
}
