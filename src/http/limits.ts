import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  OperationTypeNode,
  type ASTVisitor,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

import type { Limits } from '../config.js';
import type { Context } from '../context.js';
import { ErrorCode } from '../errors.js';

// A list field without a page argument (a village's posts, an organisation's members) is
// assumed to hold this many items.
const UNPAGED_LIST = 10;

/**
 * Cost of a field: 1, plus its selection times how many times it can repeat. Paged lists repeat
 * by `first` (or its SDL default); `network` by `limit` times `depth`; `paths` by `first` times
 * `maxHops`, since every hop can fan out.
 */
export const estimateCost: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const number = (name: string, fallback: number): number => {
    const value: unknown = args[name];
    return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : fallback;
  };
  const child = Math.max(1, childComplexity);
  switch (field.name) {
    case 'network':
      return 1 + number('limit', 200) * Math.max(1, number('depth', 1));
    case 'paths':
      return 1 + number('first', 5) * number('maxHops', 4) * child;
    default:
      break;
  }
  if ('first' in args) return 1 + number('first', 20) * child;
  // A connection's edges are already counted by the connection's `first`.
  if (field.name === 'edges') return 1 + childComplexity;
  if (isListType(getNullableType(field.type)) && getNamedType(field.type).name !== 'String')
    return 1 + UNPAGED_LIST * child;
  return 1 + childComplexity;
};

/**
 * Refuses, before anything runs, an operation whose estimated cost exceeds the limit:
 * QUERY_TOO_EXPENSIVE, with the figures unless in production.
 */
export function costLimitPlugin(limits: Limits, production: boolean): ApolloServerPlugin<Context> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation({ request, document, schema }) {
          const cost = getComplexity({
            schema,
            query: document,
            variables: request.variables ?? {},
            operationName: request.operationName ?? undefined,
            estimators: [estimateCost],
          });
          if (cost > limits.maxCost) {
            const message = production
              ? 'The operation is too expensive; ask for fewer items or fewer levels.'
              : `The operation's estimated cost ${String(Math.round(cost))} exceeds the limit of ${String(limits.maxCost)}; ask for fewer items (first, limit) or fewer levels.`;
            return Promise.reject(
              new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_EXPENSIVE, http: { status: 400 } } }),
            );
          }
          return Promise.resolve();
        },
      }),
  };
}

/**
 * graphql-armor's validation rules for depth (fragments flattened), aliases and directives. As
 * validation rules, a refusal is an ordinary 400 GRAPHQL_VALIDATION_FAILED before anything runs.
 * (Tokens are capped by graphql-js's own parser option, `parseOptions.maxTokens`; the cost limit is
 * costLimitPlugin, since armor's does not weigh lists by their arguments.)
 */
export function limitRules(limits: Limits, production: boolean): ValidationRule[] {
  // Armor throws its refusals by default, which Apollo turns into a 500; reported through the
  // validation context instead, they are the 400 GRAPHQL_VALIDATION_FAILED of any invalid query.
  const common = {
    exposeLimits: !production,
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
  };
  return [
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ...common }),
    maxAliasesRule({ n: limits.maxAliases, ...common }),
    maxDirectivesRule({ n: limits.maxDirectives, ...common }),
    operationTypesRule,
  ];
}

/** Only queries: the schema has no mutation or subscription root, and graphql-js leaves that to execution. */
function operationTypesRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation === OperationTypeNode.QUERY) return;
      const root =
        node.operation === OperationTypeNode.MUTATION
          ? context.getSchema().getMutationType()
          : context.getSchema().getSubscriptionType();
      if (!root)
        context.reportError(new GraphQLError(`This API has no ${node.operation} operations.`, { nodes: [node] }));
    },
  };
}

/** In production, validation messages keep their meaning but lose "Did you mean …?", which maps the schema. */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean .*\?$/s, '');
}
