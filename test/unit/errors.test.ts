import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { Neo4jError } from 'neo4j-driver';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { translateError } from '../../src/db/database.js';
import {
  badUserInput,
  conflict,
  databaseBusy,
  databaseUnavailable,
  ErrorCode,
  forbidden,
  notFound,
  timedOut,
  tooExpensive,
  unauthenticated,
} from '../../src/errors.js';
import { formatError } from '../../src/http/apollo.js';
import { logger } from '../../src/logger.js';

describe('error factories', () => {
  it.each([
    [
      'badUserInput',
      badUserInput('first may be at most 100, got 101', 'first'),
      ErrorCode.BAD_USER_INPUT,
      400,
      { argument: 'first' },
    ],
    ['badUserInput without an argument', badUserInput('Give a preset or a pattern'), ErrorCode.BAD_USER_INPUT, 400, {}],
    ['notFound', notFound('Village:1'), ErrorCode.NOT_FOUND, 404, { id: 'Village:1' }],
    ['databaseUnavailable', databaseUnavailable(), ErrorCode.DATABASE_UNAVAILABLE, 503, {}],
    ['databaseBusy', databaseBusy(), ErrorCode.DATABASE_BUSY, 503, {}],
    ['unauthenticated', unauthenticated(), ErrorCode.UNAUTHENTICATED, 401, {}],
    ['forbidden', forbidden('Editors only'), ErrorCode.FORBIDDEN, 403, {}],
    [
      'conflict',
      conflict('Base:1', 2, 3),
      ErrorCode.CONFLICT,
      409,
      { id: 'Base:1', expectedVersion: 2, actualVersion: 3 },
    ],
    ['timedOut', timedOut(), ErrorCode.TIMEOUT, 504, {}],
    ['tooExpensive', tooExpensive(), ErrorCode.QUERY_TOO_EXPENSIVE, 400, {}],
  ])('%s carries its code, HTTP status and details', (_name, error, code, status, extra) => {
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toEqual({ code, http: { status }, ...extra });
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('say what to do in their messages', () => {
    expect(notFound('Village:1').message).toBe('No entity with id "Village:1"');
    expect(conflict('Base:1', 2, 3).message).toMatch(/^Base:1 is at version 3, not 2/);
    expect(unauthenticated().message).toContain('Authorization: Bearer');
  });

  it('leave the driver, Cypher and stack out of the messages', () => {
    for (const e of [databaseUnavailable(), timedOut(), tooExpensive()]) {
      expect(e.message).not.toMatch(/bolt|neo4j|MATCH|at .*\.ts/i);
    }
  });
});

describe('formatError', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const formatted = (code: unknown, extra: Partial<GraphQLFormattedError> = {}): GraphQLFormattedError => ({
    message: 'some message',
    locations: [{ line: 1, column: 3 }],
    path: ['node', 'township'],
    extensions: code === undefined ? {} : { code },
    ...extra,
  });

  it.each(Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR))(
    'passes %s through unchanged',
    (code) => {
      const error = logSpy();
      const input = formatted(code);
      expect(formatError(input, new Error('x'))).toBe(input);
      expect(error).not.toHaveBeenCalled();
    },
  );

  it.each([
    'GRAPHQL_PARSE_FAILED',
    'GRAPHQL_VALIDATION_FAILED',
    'PERSISTED_QUERY_NOT_FOUND',
    'PERSISTED_QUERY_NOT_SUPPORTED',
    'OPERATION_RESOLUTION_FAILURE',
    'BAD_REQUEST',
  ])("passes Apollo's %s through unchanged", (code) => {
    const input = formatted(code);
    expect(formatError(input, new Error('x'))).toBe(input);
  });

  it('gives a request Apollo refused with an uncoded 4xx (persisted-query hash mismatch) BAD_REQUEST', () => {
    const error = logSpy();
    const refused = new GraphQLError('provided sha does not match query', {
      extensions: { http: { status: 400, headers: new Map() } },
    });
    const input: GraphQLFormattedError = { message: refused.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(formatError(input, refused)).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST' },
    });
    expect(error).not.toHaveBeenCalled();
    // A resolver's uncoded error is still masked, whatever HTTP status it asks for.
    expect(formatError({ ...input, path: ['node'] }, refused).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it.each([
    ['no code', undefined],
    ['INTERNAL_SERVER_ERROR', 'INTERNAL_SERVER_ERROR'],
    ['a code nobody set on purpose', 'Neo.ClientError.Statement.SyntaxError'],
    ['a code that is not a string', 503],
  ])('masks an error with %s, keeping where it happened, and logs the real one', (_what, code) => {
    const error = logSpy();
    const original = new Error('Neo4jError: Invalid input MATCH (n) at bolt://127.0.0.1:7687');
    const input = formatted(code, {
      message: original.message,
      extensions: { ...(code === undefined ? {} : { code }), stacktrace: ['at run (src/db/database.ts:1:1)'] },
    });
    expect(formatError(input, original)).toEqual({
      message: 'Internal server error',
      locations: input.locations,
      path: input.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]?.[0]).toMatchObject({ err: original, path: input.path });
  });
});

/** Replaces logger.error for one test and returns the spy. */
function logSpy() {
  return vi.spyOn(logger, 'error').mockImplementation(() => undefined);
}

describe('driver errors', () => {
  // As the driver's pool builds it: no code of Neo4j's own.
  const newError = (message: string, code = 'N/A'): Neo4jError => new Neo4jError(message, code, '50N42', message);

  it('answers a pool with no free connection as DATABASE_BUSY, never as an internal error', () => {
    const driverError = newError('Connection acquisition timed out in 5000 ms. Pool status: Active conn count = 100');
    const translated = translateError(driverError);
    expect(translated).toBeInstanceOf(GraphQLError);
    expect((translated as GraphQLError).extensions).toMatchObject({
      code: ErrorCode.DATABASE_BUSY,
      http: { status: 503 },
    });
  });

  it('answers a server it cannot reach as DATABASE_UNAVAILABLE', () => {
    const translated = translateError(newError('connect ECONNREFUSED', 'ServiceUnavailable')) as GraphQLError;
    expect(translated.extensions.code).toBe(ErrorCode.DATABASE_UNAVAILABLE);
  });
});
