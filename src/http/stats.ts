import type { ApolloServerPlugin } from '@apollo/server';

import type { Context } from '../context.js';

/**
 * Adds `extensions.cypherRoundTrips` to every response: how many Cypher queries the operation
 * cost. Analysts see the price of a query in the playground; tests and benchmarks assert on it.
 */
export const queryStatsPlugin: ApolloServerPlugin<Context> = {
  requestDidStart() {
    return Promise.resolve({
      willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return Promise.resolve();
        const result = response.body.singleResult;
        result.extensions = { ...result.extensions, cypherRoundTrips: contextValue.log.roundTrips };
        return Promise.resolve();
      },
    });
  },
};
