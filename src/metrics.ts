import client from 'prom-client';

/** The process's Prometheus registry, served at /metrics. */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

export const requests = new client.Counter({
  name: 'graphql_requests_total',
  help: 'GraphQL operations answered, by operation name and outcome',
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
