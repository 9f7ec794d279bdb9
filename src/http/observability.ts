import type { ApolloServerPlugin } from '@apollo/server';

import type { Context } from '../context.js';
import { logger } from '../logger.js';
import { duration, errors, operationLabel, requests, roundTrips } from '../metrics.js';

/**
 * One structured log line and the metrics for every operation: request id, operation name,
 * duration, Cypher round trips and error codes. Variables and headers are never logged.
 */
export const observabilityPlugin: ApolloServerPlugin<Context> = {
  requestDidStart(request) {
    const started = process.hrtime.bigint();
    const { contextValue } = request;
    return Promise.resolve({
      willSendResponse({ response, operationName, errors: failures }) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        // A client picks its operation names: only known ones become a label (one series each).
        const operation = operationLabel(operationName);
        const codes = (failures ?? []).map((e) =>
          typeof e.extensions.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR',
        );
        response.http.headers.set('x-request-id', contextValue.requestId);
        requests.inc({ operation, outcome: codes.length ? 'error' : 'ok' });
        duration.observe({ operation }, seconds);
        roundTrips.observe({ operation }, contextValue.log.roundTrips);
        for (const code of codes) errors.inc({ code });
        logger.info(
          {
            requestId: contextValue.requestId,
            // The log line keeps the name the client sent: it is one line, not a series kept forever.
            operation: operationName ?? 'anonymous',
            durationMs: Math.round(seconds * 1000 * 10) / 10,
            cypherRoundTrips: contextValue.log.roundTrips,
            ...(codes.length ? { errorCodes: codes } : {}),
          },
          'graphql',
        );
        return Promise.resolve();
      },
    });
  },
};
