import { buildSchema, GraphQLError, type GraphQLSchema } from 'graphql';
import { expect } from 'vitest';

import { loadTypeDefs } from '../../src/schema.js';

/** The API's schema from schema/*.graphql, without resolvers: enough to validate and weigh documents. */
export const schema: GraphQLSchema = buildSchema(loadTypeDefs());

/** The GraphQLError a call throws: its code, the argument it names and its message. */
export function refusal(call: () => unknown): { code: unknown; argument: unknown; message: string } {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    const e = error as GraphQLError;
    return { code: e.extensions.code, argument: e.extensions.argument, message: e.message };
  }
  return expect.fail('expected the call to throw a GraphQLError');
}
