import client from 'prom-client';

/** The process's Prometheus registry, served at /metrics. */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

/**
 * The operation names that become a metric label as they are: the playground's examples
 * (web/examples/*.graphql) and the explorer's queries (web/explorer/api.ts); a unit test keeps
 * this list equal to the names those files declare. Any other name a client chooses is counted
 * under `other`, so the series stay a fixed, small set however many names clients send.
 */
export const KNOWN_OPERATIONS: ReadonlySet<string> = new Set([
  'BranchEnterpriseBaseChains',
  'StationedInChengbei',
  'PathBetweenVillages',
  'FiguresReconciled',
  'PinyinSearch',
  'VillageNetwork',
  'OneShoulderShareByTownship',
  'CollectiveIncomeByTownship',
  'VillagesWithoutStationedCadre',
  'TwoTownshipsSideBySide',
  'ResidentCadresByLevelAndTownship',
  'LeadingEnterprisesByVillagesReached',
  'OneShoulderAndFirstSecretariesPerYear',
  'WeakAndSlackOrganizations',
  'ResidentCadresSentIn2020',
  'Network',
  'OneShoulder',
  'Search',
  'Chains',
  'Paths',
  'Details',
  'Sentence',
]);

/** The `operation` label of an operation name: itself when known, `anonymous` without one, else `other`. */
export function operationLabel(name: string | null | undefined): string {
  if (name === null || name === undefined || name === '') return 'anonymous';
  return KNOWN_OPERATIONS.has(name) ? name : 'other';
}

export const requests = new client.Counter({
  name: 'graphql_requests_total',
  help: 'GraphQL operations answered, by operation name (known names, else other) and outcome',
  labelNames: ['operation', 'outcome'] as const,
  registers: [registry],
});
export const duration = new client.Histogram({
  name: 'graphql_request_duration_seconds',
  help: 'Time from request to response, by operation name',
  labelNames: ['operation'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});
export const errors = new client.Counter({
  name: 'graphql_errors_total',
  help: 'Errors returned to clients, by extensions.code',
  labelNames: ['code'] as const,
  registers: [registry],
});
export const roundTrips = new client.Histogram({
  name: 'graphql_cypher_round_trips',
  help: 'Cypher round trips per operation',
  labelNames: ['operation'] as const,
  buckets: [0, 1, 2, 3, 4, 6, 8, 12, 20, 50],
  registers: [registry],
});

/** Sessions open against Neo4j right now (the driver's pool in use). */
export const neo4jSessionsInUse = new client.Gauge({
  name: 'neo4j_sessions_in_use',
  help: 'Neo4j sessions currently open by the API',
  registers: [registry],
});

export const heavyOperationsWaiting = new client.Gauge({
  name: 'graphql_heavy_operations_waiting',
  help: 'Heavy operations waiting for the heavy lane',
  registers: [registry],
});
