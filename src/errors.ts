import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

/** Every `extensions.code` this API sets. Clients may switch on these. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  FORBIDDEN = 'FORBIDDEN',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  DATABASE_BUSY = 'DATABASE_BUSY',
  TIMEOUT = 'TIMEOUT',
  QUERY_TOO_EXPENSIVE = 'QUERY_TOO_EXPENSIVE',
  RATE_LIMITED = 'RATE_LIMITED',
  CONFLICT = 'CONFLICT',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

function error(code: ErrorCode, message: string, status: number, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status }, ...extra } });
}

/** A caller mistake: names the argument at fault so the analyst can fix the query. */
export function badUserInput(message: string, argument?: string): GraphQLError {
  return error(ErrorCode.BAD_USER_INPUT, message, 400, argument ? { argument } : {});
}

/** An entity the operation needs does not exist. */
export function notFound(id: string): GraphQLError {
  return error(ErrorCode.NOT_FOUND, `No entity with id "${id}"`, 404, { id });
}

/** Neo4j cannot be reached; the request may be retried once `/ready` says so. */
export function databaseUnavailable(): GraphQLError {
  return error(ErrorCode.DATABASE_UNAVAILABLE, 'The database is unavailable; try again shortly.', 503);
}

/** Every connection to Neo4j is in use by other operations; the request may be retried shortly. */
export function databaseBusy(): GraphQLError {
  return error(ErrorCode.DATABASE_BUSY, 'The database is busy with other requests; try again shortly.', 503);
}

/** An anonymous caller sent more requests than its per-minute budget; it may retry after `seconds`. */
export function rateLimited(seconds: number): GraphQLError {
  return new GraphQLError(`Too many requests without a token; try again in ${String(seconds)} s, or sign in.`, {
    extensions: {
      code: ErrorCode.RATE_LIMITED,
      retryAfterSeconds: seconds,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) },
    },
  });
}

/** No valid credentials: none were sent where they are required, or the token is bad. */
export function unauthenticated(message = 'Sign in: send Authorization: Bearer <token>.'): GraphQLError {
  return error(ErrorCode.UNAUTHENTICATED, message, 401);
}

/** Valid credentials without the role the operation needs. */
export function forbidden(message: string): GraphQLError {
  return error(ErrorCode.FORBIDDEN, message, 403);
}

/** The entity changed since the caller read it. */
export function conflict(id: string, expected: number, actual: number): GraphQLError {
  return error(
    ErrorCode.CONFLICT,
    `${id} is at version ${String(actual)}, not ${String(expected)}: someone changed it since you read it.`,
    409,
    {
      id,
      expectedVersion: expected,
      actualVersion: actual,
    },
  );
}

/** The operation ran past its time budget and was cut. */
export function timedOut(): GraphQLError {
  return error(ErrorCode.TIMEOUT, 'The operation took too long and was stopped; narrow it down.', 504);
}

/** The operation needed more memory than a single transaction may use. */
export function tooExpensive(message = 'The operation needs more memory than allowed; narrow it down.'): GraphQLError {
  return error(ErrorCode.QUERY_TOO_EXPENSIVE, message, 400);
}
