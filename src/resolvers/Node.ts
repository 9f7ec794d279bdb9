import type { AdministrativeUnitResolvers, EntityResolvers, NodeResolvers } from '../generated/graphql.js';
import { nodeTypeName } from './entity.js';

// The `kind` property is the Neo4j label, which is also the GraphQL type name.
export const Node = { __resolveType: nodeTypeName } as NodeResolvers;
export const Entity = { __resolveType: nodeTypeName } as EntityResolvers;
export const AdministrativeUnit = { __resolveType: nodeTypeName } as AdministrativeUnitResolvers;
