import type { Context } from '../context.js';
import { timeWindow } from '../db/filters.js';
import type { VillageResolvers } from '../generated/graphql.js';
import type { EntityRecord } from '../model/records.js';
import { entityFields } from './entity.js';
import { parentOf } from './places.js';
import { activeAt, neighbour, neighbours, postsOf, relations, type TimeFilter } from './relations.js';

/** The holder of a post of `role` in `organisation` at the asked time (default: now). */
export async function postHolder(
  ctx: Context,
  organisation: EntityRecord | null,
  role: string,
  filter: TimeFilter,
): Promise<EntityRecord | null> {
  if (!organisation) return null;
  const posts = (await relations(ctx, organisation, 'HOLDS_POST', 'IN')).filter((p) => p.props.role === role);
  return activeAt(posts, filter, true)[0]?.from ?? null;
}

const partyOrganization = (village: EntityRecord, ctx: Context): Promise<EntityRecord | null> =>
  neighbour(ctx, village, 'GOVERNS', 'IN', 'PartyOrganization');

export const Village: VillageResolvers = {
  ...entityFields,
  township: parentOf,
  partyOrganization: (village, _args, ctx) => partyOrganization(village, ctx),
  secretary: async (village, { asOf }, ctx) =>
    postHolder(ctx, await partyOrganization(village, ctx), 'PARTY_SECRETARY', { asOf }),
  director: (village, { asOf }, ctx) => postHolder(ctx, village, 'VILLAGE_COMMITTEE_DIRECTOR', { asOf }),
  oneShoulder: (village, { asOf }, ctx) => {
    timeWindow(asOf, null); // refuses a malformed date here, not inside the batch
    return ctx.loaders.rule.load({ id: village.id, rule: 'oneShoulder', asOf: asOf ?? null });
  },
  oneShoulderSynthetic: (village, { asOf }, ctx) => {
    timeWindow(asOf, null);
    return ctx.loaders.rule.load({ id: village.id, rule: 'oneShoulderSynthetic', asOf: asOf ?? null });
  },
  programLinks: (village, _args, ctx) => relations(ctx, village, 'IMPLEMENTS', 'OUT'),
  posts: (village, { role, asOf, during }, ctx) => postsOf(ctx, village, 'IN', role, { asOf, during }),
  stationed: async (village, { asOf, during, level }, ctx) => {
    const stationings = (await relations(ctx, village, 'STATIONED_IN', 'IN')).filter(
      (s) => !level || s.props.level === level,
    );
    return activeAt(stationings, { asOf, during });
  },
  cooperatives: async (village, _args, ctx) => {
    const org = await partyOrganization(village, ctx);
    return org ? neighbours(ctx, org, 'LEADS', 'OUT', 'Cooperative') : [];
  },
  bases: (village, _args, ctx) => neighbours(ctx, village, 'LOCATED_IN', 'IN', 'Base'),
  contactedBy: (village, _args, ctx) => neighbours(ctx, village, 'CONTACTS', 'IN', 'Person'),
  // An income is shown only with its amount and year as numbers (data written with Cypher may hold others).
  collectiveIncome: (village) =>
    typeof village.collectiveIncome === 'number' && typeof village.collectiveIncomeYear === 'number' ? village : null,
  modelVillage: (village, _args, ctx) => ctx.loaders.rule.load({ id: village.id, rule: 'modelVillage', asOf: null }),
};
