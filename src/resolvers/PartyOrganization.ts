import type { PartyOrganizationResolvers } from '../generated/graphql.js';
import { entityFields } from './entity.js';
import { activeAt, neighbour, neighbours, relations } from './relations.js';
import { postHolder } from './Village.js';

export const PartyOrganization: PartyOrganizationResolvers = {
  ...entityFields,
  governs: (org, _args, ctx) => neighbours(ctx, org, 'GOVERNS', 'OUT'),
  posts: async (org, { role, asOf, during }, ctx) => {
    const posts = (await relations(ctx, org, 'HOLDS_POST', 'IN')).filter((p) => !role || p.props.role === role);
    return activeAt(posts, { asOf, during });
  },
  secretary: (org, { asOf }, ctx) => postHolder(ctx, org, 'PARTY_SECRETARY', { asOf }),
  firstSecretary: (org, { asOf }, ctx) => postHolder(ctx, org, 'FIRST_SECRETARY', { asOf }),
  members: (org, _args, ctx) => neighbours(ctx, org, 'MEMBER_OF', 'IN', 'Person'),
  cooperatives: (org, _args, ctx) => neighbours(ctx, org, 'LEADS', 'OUT', 'Cooperative'),
  partners: (org, _args, ctx) => neighbours(ctx, org, 'PARTNERS_WITH', 'OUT', 'Enterprise'),
  covers: (org, _args, ctx) => relations(ctx, org, 'COVERS', 'OUT'),
  parent: (org, _args, ctx) => neighbour(ctx, org, 'PART_OF', 'OUT', 'PartyOrganization'),
  units: (org, _args, ctx) => neighbours(ctx, org, 'PART_OF', 'IN', 'PartyOrganization'),
  locatedIn: (org, _args, ctx) => neighbour(ctx, org, 'LOCATED_IN', 'OUT'),
  promotions: async (org, { kind }, ctx) =>
    (await relations(ctx, org, 'PROMOTED', 'IN')).filter((p) => !kind || p.props.kind === kind),
};
