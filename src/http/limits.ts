import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import {
  getNamedType,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
  getNullableType,
  GraphQLError,
  isListType,
  OperationTypeNode,
  visit,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type SelectionNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

import type { Limits } from '../config.js';
import type { Context } from '../context.js';
import { CHAIN_PRESETS } from '../db/chains.js';
import { heavyLaneHoldMs, type QueryLog } from '../db/database.js';
import { CAPS, DEFAULTS } from '../defaults.js';
import { ErrorCode } from '../errors.js';
import type { ChainPreset, ChainStepInput } from '../generated/graphql.js';
import { fanOut, KIND_SIZE } from '../model/fanout.js';
import { labelOfKind } from '../model/kinds.js';

// A list field without a page argument (a village's posts, an organisation's members) is
// assumed to hold this many items.
export const UNPAGED_LIST = 10;

// `first` when a caller sends an explicit null: what the field's resolver falls back to.
const FIRST_FALLBACK: Record<string, number> = {
  search: DEFAULTS.searchFirst,
  paths: DEFAULTS.pathsFirst,
  changes: DEFAULTS.changesFirst,
};

/**
 * The only arguments estimateCost reads: a variable elsewhere (an id, a search text, a filter)
 * cannot change an operation's cost. Keep in step with estimateCost.
 */
export const COST_ARGUMENTS: ReadonlySet<string> = new Set([
  'first',
  'last',
  'limit',
  'depth',
  'maxHops',
  'preset',
  'pattern',
]);

/**
 * What an aggregate or a group-by scans: the list's filter over every node of its label, however
 * few numbers it returns. Weighed as reading a full page of the list (CAPS.first) plus one.
 */
export const AGGREGATE_SCAN: number = 1 + CAPS.first;

/**
 * Sort keys that count relationships per item (a ranking): the sort computes them for every item
 * the filter keeps, however short the page, so ordering by one weighs a scan like an aggregate.
 */
export const COUNTED_ORDER_FIELDS: ReadonlySet<string> = new Set(['VILLAGES_REACHED']);

/** Whether a list's `orderBy` sorts by a relationship count. */
function ranksByCount(orderBy: unknown): boolean {
  const keys: unknown[] = Array.isArray(orderBy) ? orderBy : orderBy ? [orderBy] : [];
  return keys.some((k) => COUNTED_ORDER_FIELDS.has(String((k as { field?: unknown } | null)?.field)));
}

/**
 * How many matched paths cost one unit. A chain pattern enumerates (and sorts) every path that
 * matches before it pages them, and counts them again for `totalCount`; a matched path is a
 * fraction of a returned item's work.
 */
export const CHAIN_PATHS_PER_UNIT = 10;

/**
 * What `cytoscape`, `graphology` and `graphml` weigh per node of a network: they carry every node's and
 * every edge's data again (six node fields and five edge fields, plus the item itself).
 */
export const NETWORK_EXPORT = 12;

/**
 * How many paths a chain pattern can match at most: the first kind's size, times each step's
 * fan-out (src/model/fanout.ts); a step restricted to given ids reaches at most that many.
 */
export function chainPaths(steps: readonly ChainStepInput[]): number {
  let paths = 1;
  steps.forEach((step, i) => {
    const ids = step.where?.ids?.length ?? Number.POSITIVE_INFINITY;
    const reach =
      i === 0 || !step.relation ? KIND_SIZE[labelOfKind(step.kind)] : fanOut(step.relation, step.direction ?? 'OUT');
    paths *= Math.min(reach, ids);
  });
  return paths;
}

/** The steps a `chains` field asks for: its preset's or its pattern (none when neither is given). */
function chainStepsOf(args: Record<string, unknown>): readonly ChainStepInput[] {
  const preset = args.preset as ChainPreset | null | undefined;
  if (preset) return CHAIN_PRESETS[preset];
  return Array.isArray(args.pattern) ? (args.pattern as ChainStepInput[]) : [];
}

// The cost of each aggregate and group-by field node, recorded when the estimator weighs it, so that
// the list around it counts it once rather than once per item of its page. Children are weighed
// before their parent, so the list finds its aggregates' costs here.
const scans = new WeakMap<FieldNode, number>();

/** The recorded scan costs among a list's own selections (fields and inline fragments). */
function scanCosts(node: FieldNode): number {
  let total = 0;
  const walk = (selections: readonly SelectionNode[]): void => {
    for (const s of selections) {
      if (s.kind === Kind.FIELD) total += scans.get(s) ?? 0;
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet.selections);
    }
  };
  walk(node.selectionSet?.selections ?? []);
  return total;
}

/**
 * Cost of a field: 1, plus its selection times how many times it can repeat. Paged lists repeat
 * by `first` or `last` (or the default page); `nodes` by its cap; `network`'s selection by `limit`
 * times `depth`; `paths` by `first` times `maxHops`, since every hop can fan out. `chains` also
 * weighs the paths its pattern can match, which it enumerates whatever page it returns. Aliases of
 * a field add up, like any other field. graphql-query-complexity passes the SDL defaults in
 * `args`; the fallbacks (src/defaults.ts) only stand in for an explicit null.
 */
export const estimateCost: ComplexityEstimator = ({ type, field, node, args, childComplexity }) => {
  const number = (name: string, fallback: number): number => {
    const value: unknown = args[name];
    return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : fallback;
  };
  const child = Math.max(1, childComplexity);
  switch (field.name) {
    case 'network':
      return 1 + number('limit', DEFAULTS.networkLimit) * Math.max(1, number('depth', DEFAULTS.depth)) * child;
    case 'nodes':
      // Query.nodes is weighed at its cap whatever the ids, so that the cost stays a function of
      // the document (a network's nodes are counted below, by its limit).
      if (type.name === 'Query') return 1 + CAPS.nodesIds * child;
      break;
    case 'chains': {
      const scan = Math.ceil(chainPaths(chainStepsOf(args)) / CHAIN_PATHS_PER_UNIT);
      return 1 + number('first', number('last', DEFAULTS.first)) * child + scan;
    }
    case 'paths':
      return 1 + number('first', DEFAULTS.pathsFirst) * number('maxHops', DEFAULTS.maxHops) * child;
    default:
      break;
  }
  // An aggregate weighs what it scans, not the few numbers it returns; a group-by also its groups.
  // A series scans once per year.
  if (type.name.endsWith('Connection') && field.name === 'perYear') {
    const years = Math.max(1, number('to', 0) - number('from', 0) + 1);
    const cost = years * (AGGREGATE_SCAN + child);
    scans.set(node, cost);
    return cost;
  }
  if (type.name.endsWith('Connection') && (field.name === 'aggregate' || field.name === 'groupBy')) {
    const cost = field.name === 'aggregate' ? AGGREGATE_SCAN : AGGREGATE_SCAN + number('first', DEFAULTS.first) * child;
    scans.set(node, cost);
    return cost;
  }
  if (field.args.some((a) => a.name === 'first')) {
    // A list's aggregates run once over the whole filter, not once per item of its page.
    const once = scanCosts(node);
    const size = number('first', number('last', FIRST_FALLBACK[field.name] ?? DEFAULTS.first));
    const ranking = ranksByCount(args.orderBy) ? AGGREGATE_SCAN : 0;
    return 1 + size * Math.max(1, childComplexity - once) + once + ranking;
  }
  // A connection's edges are already counted by the connection's `first`, a network's nodes and
  // edges by its `limit`; its exports carry them all again.
  if (field.name === 'edges' || (type.name === 'Network' && field.name === 'nodes')) return 1 + childComplexity;
  if (type.name === 'Network' && ['cytoscape', 'graphology', 'graphml'].includes(field.name)) return NETWORK_EXPORT;
  if (isListType(getNullableType(field.type)) && getNamedType(field.type).name !== 'String')
    return 1 + UNPAGED_LIST * child;
  return 1 + childComplexity;
};

/** A Map kept to its `max` most recently used entries. */
class Lru<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/**
 * The variables that can change a document's cost: those used in a cost argument (first, limit,
 * depth, maxHops) or in a directive (@skip/@include drop a selection from the count).
 */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (node: Parameters<typeof visit>[0]): void => {
    visit(node, {
      Variable(variable) {
        names.add(variable.name.value);
      },
    });
  };
  visit(document, {
    Argument(argument) {
      if (COST_ARGUMENTS.has(argument.name.value)) collect(argument.value);
    },
    Directive(directive) {
      collect(directive);
      return false;
    },
    // A variable's definition (its default value) is not a use of it.
    VariableDefinition: () => false,
  });
  return [...names].sort();
}

export interface CostAnalysis {
  /** The operation's estimated cost, computed once per document and cost-relevant variables. */
  cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | undefined,
  ): number;
}

/**
 * graphql-query-complexity walks the whole document with the schema, which is a noticeable share
 * of a small query's time; clients send the same few documents over and over. The cost is cached
 * per document (its source text) and operation name, and, only when the operation's cost depends
 * on variables, per the values of those variables. Both caches keep the `maxEntries` most
 * recently used entries.
 */
export function createCostAnalysis({
  maxEntries = 1000,
  complexity = getComplexity,
}: { maxEntries?: number; complexity?: typeof getComplexity } = {}): CostAnalysis {
  const relevant = new Lru<string[]>(maxEntries);
  const costs = new Lru<number>(maxEntries);
  return {
    cost(schema, document, operationName, variables) {
      // Apollo keeps parsed documents, so the same text mostly comes back as the same DocumentNode;
      // the text is the key that survives that cache. Without a location (a document built in
      // code) there is nothing reliable to key on, and nothing is cached.
      const source = document.loc?.source.body;
      const compute = () =>
        complexity({
          schema,
          query: document,
          variables: variables ?? {},
          operationName: operationName ?? undefined,
          estimators: [estimateCost],
        });
      if (source === undefined) return compute();
      const documentKey = `${operationName ?? ''}\n${source}`;
      let names = relevant.get(documentKey);
      if (!names) {
        names = costVariables(document);
        relevant.set(documentKey, names);
      }
      // [value] for a variable sent, [] for one left out (which takes its default, unlike null).
      const key = names.length
        ? `${JSON.stringify(names.map((name) => (variables && Object.hasOwn(variables, name) ? [variables[name]] : [])))}\n${documentKey}`
        : documentKey;
      let cost = costs.get(key);
      if (cost === undefined) {
        cost = compute();
        costs.set(key, cost);
      }
      return cost;
    },
  };
}

/**
 * Refuses, before anything runs, an operation whose estimated cost exceeds the limit:
 * QUERY_TOO_EXPENSIVE, with the figures unless in production. An accepted operation whose cost
 * exceeds `heavyCost` waits for the heavy lane and holds it until its answer has been sent.
 */
export function costLimitPlugin(
  limits: Limits,
  production: boolean,
  analysis: CostAnalysis = createCostAnalysis(),
): ApolloServerPlugin<Context> {
  return {
    requestDidStart: () => {
      // The heavy lane, while this operation holds it: left once its answer has been sent.
      let lane: { leave: () => void; answered: Context['answered']; log: QueryLog } | undefined;
      return Promise.resolve({
        async didResolveOperation({ request, document, schema, operation, contextValue }) {
          // Tools must always be able to load the schema: introspection is never refused.
          if (!operation || isIntrospectionOnly(operation)) return;
          // Estimated on coerced variables: a variable of the wrong type is the client's mistake,
          // refused as execution would refuse it (400 BAD_USER_INPUT naming the variable), not a
          // crash of the estimator.
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          if (coerced.errors) {
            const [first] = coerced.errors;
            throw new GraphQLError(first?.message ?? 'Invalid variables', {
              nodes: first?.nodes,
              extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
            });
          }
          let cost: number;
          try {
            cost = analysis.cost(schema, document, request.operationName, coerced.coerced);
          } catch {
            // What the estimator cannot walk (e.g. a fragment explosion) is refused as too expensive.
            cost = Number.POSITIVE_INFINITY;
          }
          if (cost > limits.maxCost) {
            const message = production
              ? 'The operation is too expensive; ask for fewer items or fewer levels.'
              : `The operation's estimated cost ${String(Math.round(cost))} exceeds the limit of ${String(limits.maxCost)}; ask for fewer items (first, limit) or fewer levels.`;
            throw new GraphQLError(message, {
              extensions: { code: ErrorCode.QUERY_TOO_EXPENSIVE, http: { status: 400 } },
            });
          }
          // Accepted, but heavy: it runs in the database's heavy lane, so that however many such
          // operations arrive, ordinary ones keep their share (src/db/database.ts).
          if (cost > limits.heavyCost) {
            const { answered, log } = contextValue;
            const leave = await contextValue.db.enterHeavyLane(log);
            lane = { leave, answered, log };
            // Its answer, the size the cost says, is serialised, compressed and written out before
            // the next heavy operation starts: the lane is left when the answer has left.
            answered?.(leave);
          }
        },
        willSendResponse() {
          if (!lane) return Promise.resolve();
          const { leave, answered, log } = lane;
          if (!answered) leave();
          else {
            // A client that reads its answer slowly, or not at all, keeps the lane no longer than
            // the operation's time (async-mutex's releaser ignores the second call).
            const timer = setTimeout(leave, heavyLaneHoldMs(log));
            timer.unref();
            answered(() => {
              clearTimeout(timer);
            });
          }
          return Promise.resolve();
        },
      });
    },
  };
}

/** Whether an operation asks only for the schema (`__schema`, `__type`, `__typename`). */
function isIntrospectionOnly(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'));
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

/**
 * In production, error messages keep their meaning but lose "Did you mean …?", which maps the
 * schema. Apollo Server's `hideSchemaDetailsFromClientErrors` does this for validation errors only;
 * the messages of variables coerced against the schema ("Value "VILAGE" does not exist in
 * "EntityKind" enum. Did you mean the enum value "VILLAGE"?", an input object's unknown field)
 * keep their suggestions there, so formatError strips them from every message.
 */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean .*\?$/s, '');
}
