import {
  getVariableValues,
  GraphQLError,
  parse,
  validate,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { describe, expect, it } from 'vitest';

import { DEFAULT_LIMITS, type Limits } from '../../src/config.js';
import { limitRules, withoutSuggestions } from '../../src/http/limits.js';
import { schema } from './helpers.js';

// In the style of graphql-js's own rule tests: validate a document against the real schema with
// only the rules under test, and look at the messages.
function expectValidationErrors(rules: readonly ValidationRule[], query: string) {
  return expect(validate(schema, parse(query), rules).map((e) => e.message));
}
const expectValid = (rules: readonly ValidationRule[], query: string): void =>
  expectValidationErrors(rules, query).toEqual([]);

const rules = (limits: Partial<Limits>, production = false): ValidationRule[] =>
  limitRules({ ...DEFAULT_LIMITS, ...limits }, production);

/** A query whose deepest field sits at exactly `depth` levels: node → township → villages → … → id. */
function queryOfDepth(depth: number): string {
  let selection = 'id';
  for (let level = depth - 1; level >= 2; level--)
    selection = `${level % 2 === 0 ? 'township' : 'villages'} { ${selection} }`;
  return `{ node(id: "Village:620423101203") { ... on Village { ${selection} } } }`;
}

/** The same depth, reached through a chain of fragments. */
function fragmentsOfDepth(depth: number): string {
  const fragments: string[] = [];
  for (let level = 2; level < depth; level++) {
    const type = level % 2 === 0 ? 'Village' : 'Township';
    const field = level % 2 === 0 ? 'township' : 'villages';
    const inner = level + 1 < depth ? `...F${String(level + 1)}` : 'id';
    fragments.push(`fragment F${String(level)} on ${type} { ${field} { ${inner} } }`);
  }
  const start = depth > 2 ? '...F2' : 'id';
  return `{ node(id: "Village:620423101203") { ... on Village { ${start} } } }\n${fragments.join('\n')}`;
}

describe('the depth limit', () => {
  it('builds queries of the depth it says (the helper is right)', () => {
    // 4 levels: node, township, villages, id.
    expect(queryOfDepth(4)).toBe(
      '{ node(id: "Village:620423101203") { ... on Village { township { villages { id } } } } }',
    );
  });

  it.each([3, 4, 7, 12])('accepts depth %i at a limit of the same, refuses one more', (limit) => {
    const rule = rules({ maxDepth: limit });
    expectValid(rule, queryOfDepth(limit));
    expectValidationErrors(rule, queryOfDepth(limit + 1)).toEqual([
      `Syntax Error: Query depth limit of ${String(limit)} exceeded, found ${String(limit + 1)}.`,
    ]);
  });

  it('flattens fragments: depth hidden in a fragment chain counts the same', () => {
    const rule = rules({ maxDepth: 5 });
    expectValid(rule, fragmentsOfDepth(5));
    expectValidationErrors(rule, fragmentsOfDepth(6)).toHaveLength(1);
    expectValidationErrors(rule, fragmentsOfDepth(30)).toEqual([expect.stringMatching(/depth limit of 5/)]);
  });

  it('keeps the default limit of the README (12): the depth bomb of the integration suite is refused', () => {
    expectValid(rules({}), queryOfDepth(DEFAULT_LIMITS.maxDepth));
    expectValidationErrors(rules({}), queryOfDepth(DEFAULT_LIMITS.maxDepth + 1)).toHaveLength(1);
  });
});

describe('the alias limit', () => {
  const aliases = (n: number): string =>
    `{ ${Array.from({ length: n }, (_, i) => `a${String(i)}: county { id }`).join(' ')} }`;

  it.each([1, 3, 30])('accepts %i aliases at a limit of the same, refuses one more', (limit) => {
    const rule = rules({ maxAliases: limit });
    expectValid(rule, aliases(limit));
    expectValidationErrors(rule, aliases(limit + 1)).toEqual([
      `Syntax Error: Aliases limit of ${String(limit)} exceeded, found ${String(limit + 1)}.`,
    ]);
  });

  it('counts aliases at every level', () => {
    const rule = rules({ maxAliases: 2 });
    expectValid(rule, '{ a: county { b: id } }');
    expectValidationErrors(rule, '{ a: county { b: id c: name } }').toHaveLength(1);
  });
});

describe('the directive limit', () => {
  const directives = (n: number): string =>
    `{ county { ${Array.from({ length: n }, () => 'id @include(if: true)').join(' ')} } }`;

  it.each([1, 2, 20])('accepts %i directives at a limit of the same, refuses one more', (limit) => {
    const rule = rules({ maxDirectives: limit });
    expectValid(rule, directives(limit));
    expectValidationErrors(rule, directives(limit + 1)).toEqual([
      `Syntax Error: Directives limit of ${String(limit)} exceeded, found ${String(limit + 1)}.`,
    ]);
  });
});

describe('in production', () => {
  it.each([
    ['depth', queryOfDepth(4)],
    ['aliases', '{ a: county { id } b: county { id } }'],
    ['directives', '{ county { id @include(if: true) name @skip(if: false) } }'],
  ])('refuses too many %s without naming the limit', (_what, query) => {
    const messages = validate(schema, parse(query), rules({ maxDepth: 3, maxAliases: 1, maxDirectives: 1 }, true)).map(
      (e) => e.message,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/validation error/i);
    expect(messages[0]).not.toMatch(/\d/);
  });
});

describe('operation types', () => {
  it('accepts queries and mutations, which the schema has', () => {
    expectValid(rules({}), '{ county { id } }');
    expectValid(rules({}), 'mutation { __typename }');
  });

  it('refuses a subscription, which the schema has not, before execution', () => {
    expectValidationErrors(rules({}), 'subscription { __typename }').toEqual([
      'This API has no subscription operations.',
    ]);
  });
});

describe('withoutSuggestions', () => {
  it.each([
    ['Cannot query field "nam" on type "County". Did you mean "name"?', 'Cannot query field "nam" on type "County".'],
    [
      'Unknown argument "frist" on field "Query.villages". Did you mean "first" or "after"?',
      'Unknown argument "frist" on field "Query.villages".',
    ],
    ['Syntax Error: Unexpected Name "x".', 'Syntax Error: Unexpected Name "x".'],
  ])('%s → %s', (message, expected) => {
    expect(withoutSuggestions(message)).toBe(expected);
  });

  it('strips the suggestions graphql-js actually writes', () => {
    const [error] = validate(schema, parse('{ county { nam } }'));
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error?.message).toMatch(/Did you mean/);
    expect(withoutSuggestions(error?.message ?? '')).toBe('Cannot query field "nam" on type "County".');
  });

  it('strips the suggestions of a variable coerced against the schema, which Apollo leaves', () => {
    const operation = parse('query ($kinds: [EntityKind!]) { search(text: "x", kinds: $kinds) { score } }')
      .definitions[0] as OperationDefinitionNode;
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], { kinds: ['VILAGE'] });
    const message = coerced.errors?.[0]?.message ?? '';
    expect(message).toMatch(/Did you mean the enum value "VILLAGE"\?$/);
    expect(withoutSuggestions(message)).toBe(
      'Variable "$kinds" got invalid value "VILAGE" at "kinds[0]"; Value "VILAGE" does not exist in "EntityKind" enum.',
    );
  });
});
