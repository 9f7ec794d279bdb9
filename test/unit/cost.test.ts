import { getIntrospectionQuery, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { DEFAULT_LIMITS } from '../../src/config.js';
import { QueryLog } from '../../src/db/database.js';
import { DEFAULTS } from '../../src/defaults.js';
import { ErrorCode } from '../../src/errors.js';
import {
  AGGREGATE_SCAN,
  CHAIN_PATHS_PER_UNIT,
  chainPaths,
  costLimitPlugin,
  estimateCost,
  NETWORK_EXPORT,
  UNPAGED_LIST,
} from '../../src/http/limits.js';
import { FAN_OUT, KIND_SIZE } from '../../src/model/fanout.js';
import { schema } from './helpers.js';

/** The estimated cost of a document, as the cost limit plugin computes it. */
function cost(query: string, variables: Record<string, unknown> = {}): number {
  return getComplexity({ schema, query: parse(query), variables, estimators: [estimateCost] });
}

const VILLAGE = 'Village:620423101203';
// A selection whose own cost does not depend on the arguments under test.
const NODE = 'node { id name township { id } }';

describe('the cost estimator', () => {
  it('counts a plain field and its scalars', () => {
    // county (1) + id (1) + name (1)
    expect(cost('{ county { id name } }')).toBe(3);
    expect(cost('{ county { id name code } }')).toBe(cost('{ county { id name } }') + 1);
  });

  it.each([1, 7, 20, 100])('weighs a paged list by its first: villages(first: %i)', (first) => {
    const one = cost(`{ villages(first: 1) { edges { ${NODE} } } }`);
    const selection = one - 1;
    expect(selection).toBeGreaterThan(1);
    expect(cost(`{ villages(first: ${String(first)}) { edges { ${NODE} } } }`)).toBe(1 + first * selection);
  });

  it('uses the SDL default of first when the query leaves it out', () => {
    const selection = cost(`{ villages(first: 1) { edges { ${NODE} } } }`) - 1;
    expect(cost(`{ villages { edges { ${NODE} } } }`)).toBe(1 + DEFAULTS.first * selection);
    const hit = cost('{ search(text: "城北", first: 1) { score entity { id } } }') - 1;
    expect(cost('{ search(text: "城北") { score entity { id } } }')).toBe(1 + DEFAULTS.searchFirst * hit);
  });

  it('reads first from variables', () => {
    const query = `query($n: Int) { villages(first: $n) { edges { ${NODE} } } }`;
    expect(cost(query, { n: 40 })).toBe(1 + 40 * (cost(query, { n: 1 }) - 1));
  });

  it.each([
    ['villages', `{ villages(first: null) { edges { ${NODE} } } }`, DEFAULTS.first],
    ['search', '{ search(text: "x", first: null) { score } }', DEFAULTS.searchFirst],
    ['changes', '{ changes(first: null) { id } }', DEFAULTS.changesFirst],
  ])('falls back to the resolver default of %s when first is an explicit null', (_name, query, fallback) => {
    const withOne = cost(query.replace('first: null', 'first: 1'));
    expect(cost(query)).toBe(1 + fallback * (withOne - 1));
  });

  it('weighs a connection once: edges add their selection, not another page', () => {
    const withEdges = cost('{ villages(first: 10) { edges { node { id } } } }');
    const withTotal = cost('{ villages(first: 10) { totalCount } }');
    // totalCount (1) vs edges (1) + node (1) + id (1), each time first.
    expect(withEdges - 1).toBe(3 * (withTotal - 1));
  });

  it.each([
    [1, 200],
    [2, 200],
    [3, 1500],
    [0, 50],
  ])('weighs network by limit × depth (depth %i, limit %i), at least one level', (depth, limit) => {
    const query = `{ network(ids: ["${VILLAGE}"], depth: ${String(depth)}, limit: ${String(limit)}) { truncated } }`;
    expect(cost(query)).toBe(1 + limit * Math.max(1, depth));
  });

  it('weighs network by its selection too: each node and edge field repeats limit × depth times', () => {
    const net = (selection: string): number =>
      cost(`{ network(ids: ["${VILLAGE}"], depth: 2, limit: 100) { ${selection} } }`);
    // nodes (1) + entityId (1) + kind (1): 3 per item, 100 × 2 items.
    expect(net('nodes { entityId kind }')).toBe(1 + 100 * 2 * 3);
    expect(net('nodes { entityId } edges { relationshipId source target }')).toBe(1 + 100 * 2 * (2 + 4));
    expect(net('cytoscape')).toBe(1 + 100 * 2 * NETWORK_EXPORT);
    expect(net('graphml')).toBe(1 + 100 * 2 * NETWORK_EXPORT);
  });

  it("refuses the issue's eight aliases of a full network(depth: 3, limit: 2000), and one of them", () => {
    const full =
      'network(ids: ["Village:620423101203"], depth: 3, limit: 2000) { truncated nodes { entityId kind label pinyin synthetic depth properties } edges { relationshipId source target type synthetic properties } cytoscape graphology }';
    expect(cost(`{ ${full} }`)).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
    const eight = Array.from({ length: 8 }, (_, i) => `n${String(i)}: ${full}`).join(' ');
    expect(cost(`{ ${eight} }`)).toBe(8 * cost(`{ ${full} }`));
  });

  it('weighs network with its SDL defaults', () => {
    expect(cost(`{ network(ids: ["${VILLAGE}"]) { truncated } }`)).toBe(1 + DEFAULTS.networkLimit * DEFAULTS.depth);
  });

  it('weighs a chain pattern by the paths its steps can match: kind size × fan-out of each step', () => {
    const steps = [
      { kind: 'VILLAGE' as const },
      { kind: 'PROGRAM' as const, relation: 'IMPLEMENTS' as const, direction: 'OUT' as const },
      { kind: 'VILLAGE' as const, relation: 'IMPLEMENTS' as const, direction: 'IN' as const },
    ];
    expect(chainPaths(steps)).toBe(KIND_SIZE.Village * FAN_OUT.IMPLEMENTS.out * FAN_OUT.IMPLEMENTS.in);
    // Given ids bound a step: at most that many entities there.
    expect(chainPaths([{ kind: 'VILLAGE', where: { ids: [VILLAGE] } }, ...steps.slice(1)])).toBe(
      FAN_OUT.IMPLEMENTS.out * FAN_OUT.IMPLEMENTS.in,
    );
    const page = (pattern: string): number => cost(`{ chains(pattern: ${pattern}, first: 20) { totalCount } }`);
    const two = '[{kind: PARTY_ORGANIZATION}, {kind: COOPERATIVE, relation: LEADS}]';
    const matched = KIND_SIZE.PartyOrganization * FAN_OUT.LEADS.out;
    expect(page(two)).toBe(1 + 20 * 1 + Math.ceil(matched / CHAIN_PATHS_PER_UNIT));
  });

  it("refuses the issue's IMPLEMENTS chain through program hubs, even once; the presets stay cheap", () => {
    const pattern =
      '[{kind: VILLAGE}, {kind: PROGRAM, relation: IMPLEMENTS}, {kind: VILLAGE, relation: IMPLEMENTS, direction: IN}, {kind: PROGRAM, relation: IMPLEMENTS}, {kind: VILLAGE, relation: IMPLEMENTS, direction: IN}]';
    const one = cost(`{ chains(pattern: ${pattern}, first: 20) { totalCount edges { cursor } } }`);
    expect(one).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
    for (const preset of ['BRANCH_ENTERPRISE_BASE', 'BRANCH_COOPERATIVE_BASE']) {
      const query = `{ chains(preset: ${preset}, first: 100) { totalCount edges { node { nodes { id name } } } } }`;
      expect(cost(query)).toBeLessThan(DEFAULT_LIMITS.maxCost / 10);
    }
  });

  it('adds up aliases: thirty aliases of a chain cost thirty times one', () => {
    const field = 'chains(preset: BRANCH_ENTERPRISE_BASE, first: 20) { totalCount edges { cursor } }';
    const thirty = Array.from({ length: 30 }, (_, i) => `c${String(i)}: ${field}`).join(' ');
    expect(cost(`{ ${thirty} }`)).toBe(30 * cost(`{ ${field} }`));
  });

  it('reads a chain pattern from variables', () => {
    const query = 'query($p: [ChainStepInput!]) { chains(pattern: $p) { totalCount } }';
    const short = cost(query, { p: [{ kind: 'VILLAGE' }, { kind: 'PROGRAM', relation: 'IMPLEMENTS' }] });
    const long = cost(query, {
      p: [
        { kind: 'VILLAGE' },
        { kind: 'PROGRAM', relation: 'IMPLEMENTS' },
        { kind: 'VILLAGE', relation: 'IMPLEMENTS', direction: 'IN' },
      ],
    });
    expect(long).toBeGreaterThan(short * 10);
  });

  it.each([
    [1, 1],
    [5, 4],
    [50, 6],
  ])('weighs paths by first × maxHops × selection (first %i, maxHops %i)', (first, maxHops) => {
    const base = `{ paths(from: "${VILLAGE}", to: "Village:620423203201", first: 1, maxHops: 1) { length nodes { id } } }`;
    const selection = cost(base) - 1;
    const query = base.replace('first: 1, maxHops: 1', `first: ${String(first)}, maxHops: ${String(maxHops)}`);
    expect(cost(query)).toBe(1 + first * maxHops * selection);
  });

  it('weighs paths with their SDL defaults', () => {
    const query = (args: string): string => `{ paths(from: "${VILLAGE}", to: "Village:1"${args}) { length } }`;
    expect(cost(query(''))).toBe(
      cost(query(`, first: ${String(DEFAULTS.pathsFirst)}, maxHops: ${String(DEFAULTS.maxHops)}`)),
    );
    expect(cost(query(''))).toBe(1 + DEFAULTS.pathsFirst * DEFAULTS.maxHops * 1);
  });

  it('weighs an unpaged list of objects ten times its selection', () => {
    const scalar = cost(`{ node(id: "${VILLAGE}") { ... on Village { id } } }`);
    const withPosts = cost(`{ node(id: "${VILLAGE}") { ... on Village { id posts { role since } } } }`);
    expect(UNPAGED_LIST).toBe(10);
    expect(withPosts - scalar).toBe(1 + UNPAGED_LIST * 2);
  });

  it('multiplies nested lists: the cost of a nested page grows with the product of the pages', () => {
    const nested = (outer: number, inner: number): string =>
      `{ villages(first: ${String(outer)}) { edges { node { posts { person { posts { role } } } } } } }`.replace(
        'posts { role }',
        `posts { role } a${String(inner)}: id`,
      );
    expect(cost(nested(10, 1))).toBeGreaterThan(cost(nested(1, 1)) * 9);
  });

  it('puts the integration suite’s huge page far above the default limit, and an ordinary page below it', () => {
    const huge = cost(
      '{ villages(first: 100000) { edges { node { posts { person { posts { organization { id } } } } } } } }',
    );
    expect(huge).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
    expect(cost(`{ villages { totalCount edges { ${NODE} } } }`)).toBeLessThan(DEFAULT_LIMITS.maxCost);
  });
});

describe('the cost limit plugin', () => {
  async function check(
    query: string,
    production: boolean,
    maxCost = 100,
    variables: Record<string, unknown> = {},
    lane = heavyLane(),
    heavyCost = DEFAULT_LIMITS.heavyCost,
  ): Promise<unknown> {
    const plugin = costLimitPlugin({ ...DEFAULT_LIMITS, maxCost, heavyCost }, production);
    const hooks = await plugin.requestDidStart?.({} as never);
    const document = parse(query);
    const operation = document.definitions[0];
    const contextValue = { log: new QueryLog(), db: lane };
    await hooks?.didResolveOperation?.({ request: { variables }, document, schema, operation, contextValue } as never);
    return hooks?.willSendResponse?.({} as never);
  }

  /** Stands in for the database's heavy lane: counts the operations that enter and leave it. */
  function heavyLane() {
    const lane = {
      entered: 0,
      left: 0,
      enterHeavyLane: () => {
        lane.entered += 1;
        return Promise.resolve(() => {
          lane.left += 1;
        });
      },
    };
    return lane;
  }

  it('runs an accepted operation in the heavy lane when its cost is above the heavy cost, and only then', async () => {
    const query = '{ villages(first: 100) { totalCount edges { node { id } } } }';
    const weight = cost(query);
    const heavy = heavyLane();
    await check(query, false, weight, {}, heavy, weight - 1);
    // Entered once, and left once its answer was ready.
    expect(heavy).toMatchObject({ entered: 1, left: 1 });
    const ordinary = heavyLane();
    await check(query, false, weight, {}, ordinary, weight);
    expect(ordinary).toMatchObject({ entered: 0, left: 0 });
  });

  describe('answered over HTTP', () => {
    const query = '{ villages(first: 100) { totalCount edges { node { id } } } }';
    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    /** Runs a heavy operation whose answer leaves when `send` is called; the lane it used. */
    async function answer(budgetMs: number) {
      const lane = heavyLane();
      let sent = (): void => undefined;
      const answered = (done: () => void): void => {
        const before = sent;
        sent = () => {
          before();
          done();
        };
      };
      const plugin = costLimitPlugin({ ...DEFAULT_LIMITS, maxCost: cost(query), heavyCost: 0 }, false);
      const hooks = await plugin.requestDidStart?.({} as never);
      const document = parse(query);
      const contextValue = { log: new QueryLog(Date.now() + budgetMs), db: lane, answered };
      const operation = document.definitions[0];
      await hooks?.didResolveOperation?.({ request: {}, document, schema, operation, contextValue } as never);
      await hooks?.willSendResponse?.({} as never);
      return { lane, send: () => sent() };
    }

    it('holds the heavy lane past the ready answer until it has been sent', async () => {
      const { lane, send } = await answer(60_000);
      expect(lane).toMatchObject({ entered: 1, left: 0 });
      vi.advanceTimersByTime(10_000);
      expect(lane.left).toBe(0);
      send();
      expect(lane).toMatchObject({ entered: 1, left: 1 });
      // Its time running out later changes nothing: it left once.
      vi.advanceTimersByTime(60_000);
      expect(lane.left).toBe(1);
    });

    it('leaves the lane when the operation’s time is up, for a client that does not read its answer', async () => {
      const { lane } = await answer(5_000);
      vi.advanceTimersByTime(4_000);
      expect(lane.left).toBe(0);
      vi.advanceTimersByTime(1_000);
      expect(lane.left).toBe(1);
    });
  });

  it('refuses a variable of the wrong type as the client’s mistake: BAD_USER_INPUT, HTTP 400, naming it', async () => {
    const query = 'query ($n: Int) { villages(first: $n) { totalCount } }';
    const refusal = check(query, false, 100, { n: '10' });
    await expect(refusal).rejects.toMatchObject({
      extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
    });
    await expect(refusal).rejects.toThrow('$n');
    await expect(check('query ($id: ID!) { node(id: $id) { id } }', false, 100, {})).rejects.toMatchObject({
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  });

  it('weighs the coerced variables, defaults applied', async () => {
    const query = 'query ($n: Int = 100) { villages(first: $n) { edges { node { id } } } }';
    await expect(check(query, false, 150)).rejects.toMatchObject({
      extensions: { code: ErrorCode.QUERY_TOO_EXPENSIVE },
    });
    await expect(check(query, false, 150, { n: 1 })).resolves.toBeUndefined();
  });

  it('never refuses introspection, however large', async () => {
    const introspection = getIntrospectionQuery({ inputValueDeprecation: true, descriptions: true });
    await expect(check(introspection, false, 1)).resolves.toBeUndefined();
  });

  it('lets through an operation within the limit', async () => {
    await expect(check('{ county { id } }', false)).resolves.toBeUndefined();
  });

  it('refuses one above it with QUERY_TOO_EXPENSIVE and HTTP 400, naming both figures', async () => {
    const query = '{ villages(first: 100) { totalCount edges { node { id } } } }';
    const expected = cost(query);
    expect(expected).toBeGreaterThan(100);
    const refusal = check(query, false);
    await expect(refusal).rejects.toMatchObject({
      extensions: { code: ErrorCode.QUERY_TOO_EXPENSIVE, http: { status: 400 } },
    });
    await expect(refusal).rejects.toThrow(`estimated cost ${String(expected)} exceeds the limit of 100`);
  });

  it('hides the figures in production but keeps the code', async () => {
    const refusal = check('{ villages(first: 100) { edges { node { id } } } }', true, 123);
    await expect(refusal).rejects.toMatchObject({ extensions: { code: ErrorCode.QUERY_TOO_EXPENSIVE } });
    await expect(refusal).rejects.toThrow(/too expensive/);
    await expect(refusal).rejects.not.toThrow(/\d/);
  });
});

describe('the cost estimator weighs aggregates by what they scan', () => {
  it('an aggregate costs a scan of the label, whatever few numbers it returns', () => {
    expect(cost('{ villages(first: 0) { aggregate { count } } }')).toBe(1 + AGGREGATE_SCAN);
    expect(
      cost('{ villages(first: 0) { aggregate { count sum { collectiveIncome } countTrue { oneShoulder } } } }'),
    ).toBe(1 + AGGREGATE_SCAN);
    // A filter does not make it cheaper: it is evaluated over every node of the label.
    expect(cost('{ villages(where: { oneShoulder: true }, first: 0) { aggregate { count } } }')).toBe(
      1 + AGGREGATE_SCAN,
    );
  });

  it('counts an aggregate once, not once per item of the page around it', () => {
    const page = cost(`{ villages(first: 50) { edges { ${NODE} } } }`);
    expect(cost(`{ villages(first: 50) { edges { ${NODE} } aggregate { count } } }`)).toBe(page + AGGREGATE_SCAN);
    expect(cost(`{ villages(first: 50) { edges { ${NODE} } ... on VillageConnection { aggregate { count } } } }`)).toBe(
      page + AGGREGATE_SCAN,
    );
  });

  it('weighs a group-by as a scan plus its groups times their selection', () => {
    const one = cost(
      '{ villages(first: 0) { groupBy(by: [TOWNSHIP], first: 1) { township { name } aggregate { count } } } }',
    );
    const ten = cost(
      '{ villages(first: 0) { groupBy(by: [TOWNSHIP], first: 10) { township { name } aggregate { count } } } }',
    );
    expect(one).toBeGreaterThan(1 + AGGREGATE_SCAN);
    expect(ten - one).toBe(9 * (one - 1 - AGGREGATE_SCAN));
  });

  it('weighs a ranking by a relationship count as a scan: the sort counts for every item', () => {
    const byName = cost('{ enterprises(orderBy: [{ field: NAME }], first: 5) { edges { node { name } } } }');
    const ranked = cost(
      '{ enterprises(orderBy: [{ field: VILLAGES_REACHED, direction: DESC }], first: 5) { edges { node { name } } } }',
    );
    expect(ranked - byName).toBe(AGGREGATE_SCAN);
  });

  it('weighs a series as one scan per year', () => {
    const one = cost('{ villages(first: 0) { perYear(from: 2020, to: 2020) { year aggregate { count } } } }');
    const four = cost('{ villages(first: 0) { perYear(from: 2017, to: 2020) { year aggregate { count } } } }');
    expect(one).toBeGreaterThan(1 + AGGREGATE_SCAN);
    expect(four - 1).toBe(4 * (one - 1));
  });
});
