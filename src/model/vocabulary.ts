/**
 * Closed vocabularies of the model, shared by the seed loader, the API's enums and (later) its
 * mutations. GraphQL enums in schema/*.graphql carry the same values.
 */
export const PARTY_ORGANIZATION_TYPES = [
  'COUNTY_COMMITTEE',
  'VILLAGE_PARTY_ORGANIZATION',
  'INDUSTRY_PARTY_BRANCH',
  'PARTY_GROUP',
  'ENTERPRISE_PARTY_ORGANIZATION',
  'SOCIAL_ORGANIZATION_PARTY_ORGANIZATION',
] as const;

export const PERSON_ROLES = [
  'STANDING_COMMITTEE_MEMBER',
  'PARTY_SECRETARY',
  'VILLAGE_COMMITTEE_DIRECTOR',
  'FIRST_SECRETARY',
  'DISPATCHED_CADRE',
  'INDUSTRY_LEADER',
  'RESERVE_CADRE',
] as const;

export const STATIONING_LEVELS = ['PROVINCIAL', 'CITY', 'COUNTY', 'TOWNSHIP'] as const;

export const OWNERSHIPS = ['NON_PUBLIC', 'STATE', 'COLLECTIVE'] as const;

export const PROGRAM_TYPES = ['PROGRAM', 'POLICY'] as const;

export const PROMOTION_KINDS = ['PROMOTION', 'TRANSFER'] as const;

export const COVERAGE_MODES = ['REGIONAL_JOINT', 'INDUSTRY_BASED', 'ASSOCIATION', 'KEY_SECTOR', 'DISPATCHED'] as const;
