import { buildSchema, type GraphQLSchema } from 'graphql';

import { loadTypeDefs } from '../../src/schema.js';

/** The API's schema from schema/*.graphql, without resolvers: enough to validate and weigh documents. */
export const schema: GraphQLSchema = buildSchema(loadTypeDefs());
