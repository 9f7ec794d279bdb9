import type { Resolvers } from '../generated/graphql.js';
import { connectionAggregates } from './aggregates.js';
import { Chain, Network, NetworkEdge, NetworkNode, Path, Relationship } from './analysis.js';
import { CollectiveIncome } from './CollectiveIncome.js';
import { JSONScalar } from './JSON.js';
import { Community } from './Community.js';
import { County } from './County.js';
import { AdministrativeUnit, Entity, Node } from './Node.js';
import {
  Base,
  Cooperative,
  Coverage,
  Enterprise,
  Program,
  ProgramLink,
  Rectification,
  SocialOrganization,
} from './organizations.js';
import { PartyOrganization } from './PartyOrganization.js';
import { Prefecture } from './Prefecture.js';
import { Person, Post, Promotion, Stationing } from './people.js';
import { Figure, Sentence, SourceDocument } from './provenance.js';
import { Change, Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { Township } from './Township.js';
import { Village } from './Village.js';

export const resolvers: Resolvers = {
  JSON: JSONScalar,
  Query,
  Mutation,
  Change,
  Node,
  Entity,
  AdministrativeUnit,
  Prefecture,
  County,
  Township,
  Village,
  Community,
  CollectiveIncome,
  PartyOrganization,
  Person,
  Post,
  Stationing,
  Promotion,
  Cooperative,
  Enterprise,
  Base,
  SocialOrganization,
  Program,
  Coverage,
  Rectification,
  ProgramLink,
  SourceDocument,
  Sentence,
  Figure,
  Chain,
  Path,
  Relationship,
  Network,
  NetworkNode,
  NetworkEdge,
  ...connectionAggregates,
};
