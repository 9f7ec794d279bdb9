import type { Resolvers } from '../generated/graphql.js';
import { Community } from './Community.js';
import { County } from './County.js';
import { AdministrativeUnit, Entity, Node } from './Node.js';
import { Query } from './Query.js';
import { Township } from './Township.js';
import { Village } from './Village.js';

export const resolvers: Resolvers = {
  Query,
  Node,
  Entity,
  AdministrativeUnit,
  County,
  Township,
  Village,
  Community,
};
