import type http from 'node:http';

import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { buildSchema, GraphQLError, type GraphQLFormattedError } from 'graphql';

import type { Limits } from '../config.js';
import type { Context } from '../context.js';
import { ErrorCode } from '../errors.js';
import { logger } from '../logger.js';
import { resolvers } from '../resolvers/index.js';
import { readPlannedFields } from '../resolvers/planned.js';
import { fitStoredValues } from '../resolvers/stored.js';
import { loadTypeDefs } from '../schema.js';
import { bookmarksPlugin } from './bookmarks.js';
import { costLimitPlugin, limitRules, withoutSuggestions } from './limits.js';
import { observabilityPlugin } from './observability.js';
import { queryStatsPlugin } from './stats.js';

// INTERNAL_SERVER_ERROR is left out on purpose: its message may carry internals, so it is masked.
const KNOWN_CODES = new Set<string>(
  [...Object.values(ErrorCode), ...Object.values(ApolloServerErrorCode)].filter(
    (c) => c !== ErrorCode.INTERNAL_SERVER_ERROR,
  ),
);

/**
 * Apollo Server refuses some malformed requests (a persisted-query hash that does not match its
 * query, an unsupported persisted-query version) with a 4xx error that carries no code.
 */
function uncodedBadRequest(formatted: GraphQLFormattedError, error: unknown): boolean {
  const status = error instanceof GraphQLError ? (error.extensions.http as { status?: number } | undefined)?.status : 0;
  return formatted.path === undefined && typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Keeps the errors the API raises on purpose and masks everything else, so a driver message,
 * a Cypher fragment or a stack trace never reaches a client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && KNOWN_CODES.has(code)) return formatted;
  if (uncodedBadRequest(formatted, error)) {
    return { message: formatted.message, extensions: { code: ApolloServerErrorCode.BAD_REQUEST } };
  }
  // The client gets a masked error; the operator gets the real one.
  logger.error({ err: unwrapResolverError(error), path: formatted.path }, 'unexpected error while resolving');
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/** The Apollo Server instance with the project's schema, resolvers, limits and error policy. */
export function createApollo(httpServer: http.Server, limits: Limits, production: boolean): ApolloServer<Context> {
  const typeDefs = loadTypeDefs();
  const schema = buildSchema(typeDefs);
  return new ApolloServer<Context>({
    typeDefs,
    // Planned values first; then whatever is stored made to fit the field's type.
    resolvers: fitStoredValues(readPlannedFields(resolvers, schema), schema),
    // Set explicitly rather than left to NODE_ENV: analysts browse the schema in the playground.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // One operation per HTTP request: a batch would multiply every limit below by its length.
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    formatError: (formatted, error) => {
      const out = formatError(formatted, error);
      return production ? { ...out, message: withoutSuggestions(out.message) } : out;
    },
    // graphql-js stops parsing past this many tokens: a huge document costs nothing to refuse.
    parseOptions: { maxLexicalTokens: limits.maxTokens },
    validationRules: limitRules(limits, production),
    plugins: [
      costLimitPlugin(limits, production),
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 10_000 }),
      // Apollo's default landing page loads Sandbox from a CDN; ours is bundled (src/http/web.ts).
      ApolloServerPluginLandingPageDisabled(),
      // No field has a cache hint, so cache control would only compute a policy nobody reads.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo installs these itself only with APOLLO_KEY (usage and schema reporting to GraphOS)
      // or for a federated subgraph (inline traces); this service reports nowhere, whatever the
      // environment holds.
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      queryStatsPlugin,
      bookmarksPlugin,
      observabilityPlugin,
    ],
  });
}
