import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';

import { DEFAULT_LIMITS } from '../src/config.js';
import { estimateCost } from '../src/http/limits.js';
import { loadTypeDefs } from '../src/schema.js';

/** An operation's estimated cost, as the cost limit weighs it. */
export function costOf(query: string): number {
  return getComplexity({ schema, query: parse(query), variables: {}, estimators: [estimateCost] });
}

const schema = buildSchema(loadTypeDefs());

/** A full network at depth 3 around a village, with as large a limit as the cost limit accepts. */
function largestNetwork(): string {
  const network = (limit: number): string =>
    `{ network(ids: ["Village:620423101203"], depth: 3, limit: ${String(limit)}) { truncated nodes { entityId kind label pinyin synthetic depth properties } edges { relationshipId source target type synthetic properties } cytoscape graphology } }`;
  let largest = 1;
  while (largest < 2000 && costOf(network(largest + 1)) <= DEFAULT_LIMITS.maxCost) largest += 1;
  return network(largest);
}

/**
 * The heaviest operations an anonymous caller may send (each close to the cost limit, and heavy):
 * the largest accepted full network, and the villages that share a program — every village,
 * through the program hubs, to every other one.
 */
export const HEAVIEST: Record<string, string> = {
  network: largestNetwork(),
  chains:
    '{ chains(pattern: [{kind: VILLAGE}, {kind: PROGRAM, relation: IMPLEMENTS}, {kind: VILLAGE, relation: IMPLEMENTS, direction: IN}], first: 100) { totalCount edges { node { nodes { id name } relationships { id } } } } }',
};
