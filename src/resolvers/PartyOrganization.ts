import type { PartyOrganizationResolvers } from '../generated/graphql.js';
import { entityFields } from './entity.js';
import { neighbour, neighbours, postsOf, relations } from './relations.js';
import { postHolder } from './Village.js';

export const PartyOrganization: PartyOrganizationResolvers = {
  ...entityFields,
  governs: (org, _args, ctx) => neighbours(ctx, org, 'GOVERNS', 'OUT'),
  posts: (org, { role, asOf, during }, ctx) => postsOf(ctx, org, 'IN', role, { asOf, during }),
  secretary: (org, { asOf }, ctx) => postHolder(ctx, org, 'PARTY_SECRETARY', { asOf }),
  firstSecretary: (org, { asOf }, ctx) => postHolder(ctx, org, 'FIRST_SECRETARY', { asOf }),
  members: (org, _args, ctx) => neighbours(ctx, org, 'MEMBER_OF', 'IN', 'Person'),
  cooperatives: (org, _args, ctx) => neighbours(ctx, org, 'LEADS', 'OUT', 'Cooperative'),
  partners: (org, _args, ctx) => neighbours(ctx, org, 'PARTNERS_WITH', 'OUT', 'Enterprise'),
  covers: (org, _args, ctx) => relations(ctx, org, 'COVERS', 'OUT'),
  parent: (org, _args, ctx) => neighbour(ctx, org, 'PART_OF', 'OUT', 'PartyOrganization'),
  units: (org, _args, ctx) => neighbours(ctx, org, 'PART_OF', 'IN', 'PartyOrganization'),
  locatedIn: (org, _args, ctx) => neighbour(ctx, org, 'LOCATED_IN', 'OUT'),
  rectifications: (org, _args, ctx) => relations(ctx, org, 'RECTIFIES', 'IN'),
  promotions: async (org, { kind }, ctx) =>
    (await relations(ctx, org, 'PROMOTED', 'IN')).filter((p) => !kind || p.props.kind === kind),
};
