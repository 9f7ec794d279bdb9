import type { EntityLabel, RelationType } from '../../model/kinds.js';
import type { EntityCount, VillageRule } from '../rules.js';

/**
 * How each non-scalar field (and each scalar not stored under its own name) is read from the
 * graph: the model's table the planner compiles from. A field missing here is either a scalar
 * stored under its name, or resolved by its per-level resolver (the planner then projects every
 * property of its parent, so that resolver finds what it reads).
 */
export type FieldPlan =
  /** A scalar read from stored properties (the resolver maps them). */
  | { kind: 'props'; props: readonly string[] }
  /** Neighbours along one typed relationship, ordered by code then id; `one` keeps the first. */
  | {
      kind: 'related';
      type: RelationType | 'EVIDENCED_BY' | 'IN_DOCUMENT';
      direction: 'OUT' | 'IN';
      label?: EntityLabel | 'kindArgument';
      one?: boolean;
      /** Walk from the village's governing Party organisation instead of the node itself. */
      viaOrganization?: boolean;
      orderBy?: 'index';
    }
  /** Administrative children (PART_OF) of one kind, ordered by code. */
  | { kind: 'children'; label: EntityLabel }
  /** The administrative parent (PART_OF). */
  | { kind: 'parent' }
  /** Relationships with both ends (posts, stationings, promotions, coverage). */
  | { kind: 'relations'; type: RelationType; direction: 'OUT' | 'IN'; filters: readonly RelationFilter[] }
  /** Who holds a post of `role` now (or `asOf`), in the node or in its governing organisation. */
  | { kind: 'holder'; role: string; viaOrganization?: boolean }
  /** A domain rule evaluated on the node (src/db/rules.ts). */
  | { kind: 'rule'; rule: VillageRule }
  /** A relationship count of the node (src/db/rules.ts `entityCount`). */
  | { kind: 'count'; count: EntityCount }
  /** An object made of the node's own properties (a village's collective income), when each of `whenNumbers` holds a number. */
  | { kind: 'self'; whenNumbers: readonly string[] }
  /** The node whose id is stored in a property (evidence of a relationship, a sentence's document). */
  | { kind: 'byId'; prop: string }
  /** The nodes whose ids a list property holds (the places a document is about), ordered by code then id. */
  | { kind: 'byIds'; prop: string }
  /** One end of a relationship record. */
  | { kind: 'end'; end: 'from' | 'to' };

/** Argument-driven conditions on relationships: role, time window, level, promotion kind. */
export type RelationFilter = 'role' | 'window' | 'level' | 'promotionKind';

const evidence: FieldPlan = { kind: 'related', type: 'EVIDENCED_BY', direction: 'OUT' };
const programs: FieldPlan = { kind: 'related', type: 'IMPLEMENTS', direction: 'OUT', label: 'Program' };
const relEvidence: FieldPlan = { kind: 'byId', prop: 'evidence' };
const entity = { evidence, programs };

const related = (
  type: RelationType,
  direction: 'OUT' | 'IN',
  label?: EntityLabel,
  more: { one?: boolean; viaOrganization?: boolean } = {},
): FieldPlan => ({ kind: 'related', type, direction, label, ...more });
const relations = (type: RelationType, direction: 'OUT' | 'IN', ...filters: RelationFilter[]): FieldPlan => ({
  kind: 'relations',
  type,
  direction,
  filters,
});

export const FIELD_PLANS: Record<string, Record<string, FieldPlan>> = {
  Prefecture: { ...entity, counties: { kind: 'children', label: 'County' } },
  County: {
    ...entity,
    prefecture: { kind: 'parent' },
    townships: { kind: 'children', label: 'Township' },
    partyOrganization: related('GOVERNS', 'IN', 'PartyOrganization', { one: true }),
  },
  Township: {
    ...entity,
    county: { kind: 'parent' },
    villages: { kind: 'children', label: 'Village' },
    communities: { kind: 'children', label: 'Community' },
    contactedBy: related('CONTACTS', 'IN', 'Person'),
  },
  Village: {
    ...entity,
    township: { kind: 'parent' },
    partyOrganization: related('GOVERNS', 'IN', 'PartyOrganization', { one: true }),
    secretary: { kind: 'holder', role: 'PARTY_SECRETARY', viaOrganization: true },
    director: { kind: 'holder', role: 'VILLAGE_COMMITTEE_DIRECTOR' },
    oneShoulder: { kind: 'rule', rule: 'oneShoulder' },
    oneShoulderSynthetic: { kind: 'rule', rule: 'oneShoulderSynthetic' },
    programLinks: relations('IMPLEMENTS', 'OUT'),
    modelVillage: { kind: 'rule', rule: 'modelVillage' },
    posts: relations('HOLDS_POST', 'IN', 'role', 'window'),
    stationed: relations('STATIONED_IN', 'IN', 'level', 'window'),
    cooperatives: related('LEADS', 'OUT', 'Cooperative', { viaOrganization: true }),
    bases: related('LOCATED_IN', 'IN', 'Base'),
    contactedBy: related('CONTACTS', 'IN', 'Person'),
    collectiveIncome: { kind: 'self', whenNumbers: ['collectiveIncome', 'collectiveIncomeYear'] },
  },
  Community: { ...entity, township: { kind: 'parent' } },
  CollectiveIncome: {
    id: { kind: 'props', props: ['id'] },
    amountYuan: { kind: 'props', props: ['collectiveIncome'] },
    year: { kind: 'props', props: ['collectiveIncomeYear'] },
    synthetic: { kind: 'props', props: ['collectiveIncomeSynthetic'] },
    evidence: { kind: 'byId', prop: 'collectiveIncomeEvidence' },
  },
  PartyOrganization: {
    ...entity,
    governs: related('GOVERNS', 'OUT'),
    posts: relations('HOLDS_POST', 'IN', 'role', 'window'),
    secretary: { kind: 'holder', role: 'PARTY_SECRETARY' },
    firstSecretary: { kind: 'holder', role: 'FIRST_SECRETARY' },
    members: related('MEMBER_OF', 'IN', 'Person'),
    cooperatives: related('LEADS', 'OUT', 'Cooperative'),
    partners: related('PARTNERS_WITH', 'OUT', 'Enterprise'),
    covers: relations('COVERS', 'OUT'),
    parent: related('PART_OF', 'OUT', 'PartyOrganization', { one: true }),
    units: related('PART_OF', 'IN', 'PartyOrganization'),
    locatedIn: related('LOCATED_IN', 'OUT', undefined, { one: true }),
    promotions: relations('PROMOTED', 'IN', 'promotionKind'),
    rectifications: relations('RECTIFIES', 'IN'),
  },
  Person: {
    ...entity,
    posts: relations('HOLDS_POST', 'OUT', 'role', 'window'),
    stationings: relations('STATIONED_IN', 'OUT', 'window'),
    promotions: relations('PROMOTED', 'OUT'),
    rectifications: relations('RECTIFIES', 'OUT'),
    contacts: related('CONTACTS', 'OUT'),
    memberOf: related('MEMBER_OF', 'OUT', 'PartyOrganization'),
  },
  Cooperative: {
    ...entity,
    ledBy: related('LEADS', 'IN', 'PartyOrganization'),
    village: related('LOCATED_IN', 'OUT', 'Village', { one: true }),
    bases: related('OPERATES', 'OUT', 'Base'),
    partyUnits: related('LOCATED_IN', 'IN', 'PartyOrganization'),
  },
  Enterprise: {
    ...entity,
    partners: related('PARTNERS_WITH', 'IN', 'PartyOrganization'),
    bases: related('OPERATES', 'OUT', 'Base'),
    coverage: relations('COVERS', 'IN'),
    locatedIn: related('LOCATED_IN', 'OUT', undefined, { one: true }),
    villagesReached: { kind: 'count', count: 'villagesReached' },
  },
  Base: {
    ...entity,
    village: related('LOCATED_IN', 'OUT', 'Village', { one: true }),
    operators: related('OPERATES', 'IN'),
    partyUnits: related('LOCATED_IN', 'IN', 'PartyOrganization'),
  },
  SocialOrganization: {
    ...entity,
    coverage: relations('COVERS', 'IN'),
    locatedIn: related('LOCATED_IN', 'OUT', undefined, { one: true }),
  },
  Program: {
    ...entity,
    officeFundsYuan: { kind: 'props', props: ['officeFunds'] },
    cadrePayYuan: { kind: 'props', props: ['cadrePay'] },
    groupCadreSubsidyYuan: { kind: 'props', props: ['groupCadreSubsidy'] },
    implementers: { kind: 'related', type: 'IMPLEMENTS', direction: 'IN', label: 'kindArgument' },
    implementations: relations('IMPLEMENTS', 'IN'),
  },
  SourceDocument: {
    sentences: { kind: 'related', type: 'IN_DOCUMENT', direction: 'IN', orderBy: 'index' },
    about: { kind: 'byIds', prop: 'about' },
  },
  Sentence: { document: { kind: 'byId', prop: 'documentId' } },
  Post: { person: { kind: 'end', end: 'from' }, organization: { kind: 'end', end: 'to' }, evidence: relEvidence },
  Stationing: { person: { kind: 'end', end: 'from' }, place: { kind: 'end', end: 'to' }, evidence: relEvidence },
  Promotion: { person: { kind: 'end', end: 'from' }, decidedBy: { kind: 'end', end: 'to' }, evidence: relEvidence },
  ProgramLink: { entity: { kind: 'end', end: 'from' }, program: { kind: 'end', end: 'to' }, evidence: relEvidence },
  Rectification: {
    contact: { kind: 'end', end: 'from' },
    organization: { kind: 'end', end: 'to' },
    evidence: relEvidence,
  },
  Coverage: {
    organization: { kind: 'end', end: 'from' },
    target: { kind: 'end', end: 'to' },
    evidence: relEvidence,
  },
  Relationship: { evidence: { kind: 'byId', prop: 'evidence' } },
};

/** Types whose records are relationships with both ends (RelationRecord). */
export const RELATION_RECORD_TYPES = new Set([
  'Post',
  'Stationing',
  'Promotion',
  'Coverage',
  'ProgramLink',
  'Rectification',
]);
