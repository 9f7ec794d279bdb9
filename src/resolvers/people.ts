import type { PersonResolvers, PostResolvers, PromotionResolvers, StationingResolvers } from '../generated/graphql.js';
import type { RelationRecord } from '../model/records.js';
import { entityFields } from './entity.js';
import { activeAt, neighbours, postsOf, relationEvidence, relations } from './relations.js';

const text = (r: RelationRecord, key: string): string | null =>
  typeof r.props[key] === 'string' ? r.props[key] : null;
// Enum-valued properties were validated against the vocabulary when written, so the stored
// string is one of the enum's values; `never` lets it stand for whichever enum the field has.
const enumValue = (r: RelationRecord, key: string): never => r.props[key] as never;

export const Person: PersonResolvers = {
  ...entityFields,
  posts: (person, { role, asOf, during }, ctx) => postsOf(ctx, person, 'OUT', role, { asOf, during }),
  stationings: async (person, { asOf, during }, ctx) =>
    activeAt(await relations(ctx, person, 'STATIONED_IN', 'OUT'), { asOf, during }),
  promotions: (person, _args, ctx) => relations(ctx, person, 'PROMOTED', 'OUT'),
  rectifications: (person, _args, ctx) => relations(ctx, person, 'RECTIFIES', 'OUT'),
  contacts: (person, _args, ctx) => neighbours(ctx, person, 'CONTACTS', 'OUT'),
  memberOf: (person, _args, ctx) => neighbours(ctx, person, 'MEMBER_OF', 'OUT', 'PartyOrganization'),
};

const span = {
  since: (r: RelationRecord) => text(r, 'since'),
  until: (r: RelationRecord) => text(r, 'until'),
  synthetic: (r: RelationRecord) => r.props.synthetic === true,
};

export const Post: PostResolvers = {
  ...span,
  role: (r) => enumValue(r, 'role'),
  level: (r) => (text(r, 'level') ? enumValue(r, 'level') : null),
  person: (r) => r.from,
  organization: (r) => r.to,
  evidence: (r, _args, ctx) => relationEvidence(ctx, r),
};

export const Stationing: StationingResolvers = {
  ...span,
  level: (r) => enumValue(r, 'level'),
  person: (r) => r.from,
  place: (r) => r.to,
  evidence: (r, _args, ctx) => relationEvidence(ctx, r),
};

export const Promotion: PromotionResolvers = {
  synthetic: span.synthetic,
  kind: (r) => enumValue(r, 'kind'),
  year: (r) => Number(r.props.year),
  toPost: (r) => text(r, 'toPost'),
  person: (r) => r.from,
  decidedBy: (r) => r.to,
  evidence: (r, _args, ctx) => relationEvidence(ctx, r),
};
