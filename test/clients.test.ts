import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import {
  ApolloClient,
  HttpLink,
  InMemoryCache,
  isReference,
  type FieldMergeFunction,
  type InMemoryCacheConfig,
  type TypePolicies,
} from '@apollo/client';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  Kind,
  OperationTypeNode,
  parse,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { projectRoot } from '../src/config.js';
import generated from '../src/generated/possibleTypes.json' with { type: 'json' };
import { loadTypeDefs } from '../src/schema.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * What a front end does with the API: Apollo Client with its normalised cache runs every
 * playground example and every query of the README, then reads each one back from the one shared
 * cache. A type whose `id` is not the same object everywhere, or a list the cache cannot merge,
 * reads back different data or warns ("Cache data may be lost...").
 */
const examplesDir = path.join(projectRoot, 'web', 'examples');
const examples = fs
  .readdirSync(examplesDir)
  .filter((f) => f.endsWith('.graphql'))
  .sort()
  .map((f) => [f, fs.readFileSync(path.join(examplesDir, f), 'utf8')] as const);
const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
const readmeQueries = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
  .map((m, i) => [`README query ${String(i + 1)}`, m[1] ?? ''] as const)
  // A mutation is not read back from a cache.
  .filter(([, text]) =>
    parse(text).definitions.every(
      (d) => d.kind !== Kind.OPERATION_DEFINITION || d.operation === OperationTypeNode.QUERY,
    ),
  );
const operations: (readonly [string, DocumentNode])[] = [...examples, ...readmeQueries].map(([name, text]) => [
  name,
  parse(text),
]);

const operationName = (query: DocumentNode): string =>
  query.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)?.name?.value ??
  'anonymous';

/**
 * The type policies the README asks for. An object with no id (a connection, its aggregate, a
 * group row, a network) is kept inside the field that holds it; two operations that select
 * different fields of it (examples 07 and 08 and the README all ask `villages(first: 0)` for
 * another `aggregate` and `groupBy`) must add to it, not replace it: `merge: true` for such an
 * object, and for a list of them a merge row by row (same arguments, same rows).
 */
const schema = buildSchema(loadTypeDefs());
const withoutId = (type: GraphQLNamedType): type is GraphQLObjectType =>
  isObjectType(type) && !type.name.startsWith('__') && !('id' in type.getFields());
/** Fields of both, nested objects merged too; a reference or a list from `incoming` wins. */
function deepMerge(existing: unknown, incoming: unknown): unknown {
  const plain = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && !isReference(v);
  if (incoming === undefined) return existing;
  if (!plain(existing) || !plain(incoming)) return incoming;
  const keys = new Set([...Object.keys(existing), ...Object.keys(incoming)]);
  return Object.fromEntries([...keys].map((k) => [k, deepMerge(existing[k], incoming[k])]));
}
const byRow: FieldMergeFunction<unknown[]> = (existing, incoming) =>
  incoming.map((row, i) => deepMerge(existing?.[i], row));
const typePolicies: TypePolicies = Object.fromEntries(
  Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
    .filter((type) => type !== schema.getMutationType())
    .map((type) => {
      const lists = Object.values((type as GraphQLObjectType).getFields()).filter(
        (f) => isListType(getNullableType(f.type)) && withoutId(getNamedType(f.type)),
      );
      const fields = Object.fromEntries(lists.map((f) => [f.name, { merge: byRow }]));
      return [type.name, { ...(withoutId(type) && type !== schema.getQueryType() ? { merge: true } : {}), fields }];
    }),
);

/** Where two JSON values first differ, as a path and both values. */
function firstDifference(a: unknown, b: unknown, at = ''): string {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) {
      const found = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${at}.${key}`,
      );
      if (found) return found;
    }
    return '';
  }
  return isDeepStrictEqual(a, b) ? '' : `${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
}

/** Relay-style normalisation: an object is known by its `id` alone, whatever its type. */
const idOnly: InMemoryCacheConfig['dataIdFromObject'] = (object) =>
  typeof object.id === 'string' ? object.id : undefined;

let t: TestServer;
beforeAll(async () => {
  // Two dozen operations, a county tree among them, on a machine whose cores other work may hold.
  t = await startTestServer(undefined, undefined, { timeouts: { operationMs: 120_000, transactionMs: 120_000 } });
});
afterAll(() => t.close());

describe.each([
  ['typename and id (Apollo’s default)', {}],
  ['id only (Relay-style)', { dataIdFromObject: idOnly }],
])('Apollo Client with InMemoryCache normalised by %s', (_name, config: InMemoryCacheConfig) => {
  it(
    'runs every example and README query, then reads each back from the shared cache unchanged, with no warning',
    { timeout: 600_000 },
    async () => {
      expect(operations.length).toBeGreaterThanOrEqual(20);
      expect(typePolicies.VillageConnection?.fields).toHaveProperty('groupBy');
      const warn = vi.spyOn(console, 'warn');
      const error = vi.spyOn(console, 'error');
      try {
        const client = new ApolloClient({
          link: new HttpLink({ uri: t.server.url }),
          cache: new InMemoryCache({ possibleTypes: generated.possibleTypes, typePolicies, ...config }),
        });
        const answers: unknown[] = [];
        for (const [name, query] of operations) {
          const { data, error: failed } = await client.query({ query, fetchPolicy: 'network-only' });
          expect(failed, name).toBeUndefined();
          expect(data, name).toBeTruthy();
          answers.push(data);
        }
        // Only now, after every other operation wrote to the same cache.
        const differing = operations.flatMap(([name, query], i) => {
          const { result, missing } = client.cache.diff({ query, optimistic: false, returnPartialData: true });
          const wrong = missing ? `missing ${missing.message}` : firstDifference(result, answers[i]);
          return wrong ? [`${name} (${operationName(query)}): ${wrong}`] : [];
        });
        expect(differing).toEqual([]);
        expect(warn.mock.calls.map((args) => args.map(String).join(' ').slice(0, 300))).toEqual([]);
        expect(error.mock.calls.map((args) => args.map(String).join(' ').slice(0, 300))).toEqual([]);
      } finally {
        warn.mockRestore();
        error.mockRestore();
      }
    },
  );
});
