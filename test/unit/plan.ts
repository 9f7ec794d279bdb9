import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';

import type { Context } from '../../src/context.js';
import { compileBatch, type PlannedField } from '../../src/db/planner/batch.js';
import { resolvers } from '../../src/resolvers/index.js';
import { readPlannedFields } from '../../src/resolvers/planned.js';
import { loadTypeDefs } from '../../src/schema.js';

// "GraphQL in, Cypher out": an operation runs through the real resolvers with a context whose plan
// loader only records what it is asked, and that batch is compiled as the server would. No database.
const typeDefs = loadTypeDefs();
const apollo = new ApolloServer<Context>({
  typeDefs,
  resolvers: readPlannedFields(resolvers, buildSchema(typeDefs)),
});
await apollo.start();

/** The Cypher, parameters and parts the planner compiles for an operation. */
export async function plan(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<ReturnType<typeof compileBatch>> {
  const asked: PlannedField[] = [];
  const contextValue = {
    planner: true,
    loaders: {
      plans: {
        load: (field: PlannedField) => {
          asked.push(field);
          return Promise.resolve(null);
        },
      },
    },
  } as unknown as Context;
  await apollo.executeOperation({ query, variables }, { contextValue });
  return compileBatch(asked);
}

/** Plain values of the parameters (neo4j integers as numbers) for readable snapshots. */
export const values = (params: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      typeof v === 'object' && v !== null && 'toNumber' in v ? (v as { toNumber(): number }).toNumber() : v,
    ]),
  );
