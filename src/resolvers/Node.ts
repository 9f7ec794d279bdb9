import type { AdministrativeUnitResolvers, EntityResolvers, NodeResolvers } from '../generated/graphql.js';
import { entityTypeName } from './entity.js';

export const Node: NodeResolvers = { __resolveType: entityTypeName };
export const Entity: EntityResolvers = { __resolveType: entityTypeName };
export const AdministrativeUnit: AdministrativeUnitResolvers = { __resolveType: entityTypeName };
