/**
 * The API's argument defaults and caps, defined once. The SDL (schema/*.graphql) repeats the
 * defaults so that clients see them; test/unit/defaults.test.ts checks that every default in the
 * SDL equals the one here. Resolvers and the cost estimator (src/http/limits.ts) read these.
 */

/** What an argument is when the caller leaves it out (or sends null). */
export const DEFAULTS = Object.freeze({
  /** Page size of the lists (villages, people, ...) and of `chains`. */
  first: 20,
  /** `search(first)`. */
  searchFirst: 10,
  /** `paths(first)`: how many shortest paths. */
  pathsFirst: 5,
  /** `paths(maxHops)`. */
  maxHops: 4,
  /** `network(depth)`: hops out from the seeds. */
  depth: 1,
  /** `network(limit)`: nodes at most. */
  networkLimit: 200,
  /** `changes(first)`: audit entries. */
  changesFirst: 50,
  /** `chains(sameVillage)`. */
  sameVillage: false,
  /** `ChainStepInput.direction`. */
  chainDirection: 'OUT',
  /** `VillageOrder.direction`, `EntityOrder.direction`, `EnterpriseOrder.direction`. */
  sortDirection: 'ASC',
  /** `DeleteEntityInput.hard`. */
  hardDelete: false,
  /** `county(code)`: Jingtai, the county of the seeds and of the article. */
  countyCode: '620423000000',
} as const);

/** The largest value an argument may take; beyond it the API answers BAD_USER_INPUT naming it. */
export const CAPS = Object.freeze({
  /** Page size of the lists and of `chains`. */
  first: 100,
  searchFirst: 100,
  pathsFirst: 50,
  maxHops: 6,
  depth: 3,
  networkLimit: 2000,
  /** `nodes(ids)`: ids in one request. */
  nodesIds: 100,
  /** `network(ids)`: seed entities. */
  networkSeeds: 50,
  changesFirst: 500,
  /** The length of a cursor: an item's sort keys and id fit many times over, so a longer one was forged. */
  cursorLength: 2_000,
  /** Steps of a chain pattern, both ends included. */
  chainSteps: Object.freeze({ min: 2, max: 6 } as const),
} as const);
