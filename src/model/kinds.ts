/**
 * The allow-lists of the graph: the only Neo4j labels and relationship types the service ever
 * writes into Cypher text. Everything else reaches Cypher as a parameter.
 *
 * Every entity node carries `:Node:Entity` plus exactly one kind label, and a `kind` property
 * equal to that label. Source documents and their sentences carry `:Node` and their own label.
 */
export const ENTITY_KINDS = {
  Prefecture: 'PREFECTURE',
  County: 'COUNTY',
  Township: 'TOWNSHIP',
  Village: 'VILLAGE',
  Community: 'COMMUNITY',
  PartyOrganization: 'PARTY_ORGANIZATION',
  Person: 'PERSON',
  Cooperative: 'COOPERATIVE',
  Enterprise: 'ENTERPRISE',
  Base: 'BASE',
  SocialOrganization: 'SOCIAL_ORGANIZATION',
  Program: 'PROGRAM',
} as const;

export type EntityLabel = keyof typeof ENTITY_KINDS;
/** GraphQL's `EntityKind` enum value of each label (PARTY_ORGANIZATION for PartyOrganization...). */
export type EntityKindName = (typeof ENTITY_KINDS)[EntityLabel];

export const ENTITY_LABELS = Object.keys(ENTITY_KINDS) as EntityLabel[];

/** Labels of the provenance nodes: not entities, but addressable by id. */
export const SOURCE_LABELS = ['SourceDocument', 'Sentence'] as const;
export type SourceLabel = (typeof SOURCE_LABELS)[number];
export type NodeLabel = EntityLabel | SourceLabel;

export function isEntityLabel(value: unknown): value is EntityLabel {
  return typeof value === 'string' && Object.hasOwn(ENTITY_KINDS, value);
}

export function kindOfLabel(label: EntityLabel): EntityKindName {
  return ENTITY_KINDS[label];
}

export function labelOfKind(kind: EntityKindName): EntityLabel {
  const label = ENTITY_LABELS.find((l) => ENTITY_KINDS[l] === kind);
  if (!label) throw new Error(`Unknown entity kind ${kind}`);
  return label;
}

/** The stable id of a node: `<Label>:<key>`, e.g. `Village:620423101203`. */
export function entityId(label: NodeLabel, key: string): string {
  return `${label}:${key}`;
}

/** The label an id names (`Village` for `Village:620423101203`), or undefined. */
export function labelOfId(id: string): string | undefined {
  const colon = id.indexOf(':');
  return colon > 0 ? id.slice(0, colon) : undefined;
}

// A prefecture is not among the places an organisation is located in or a leader contacts: it
// holds its counties only, so being within it is being within one of them (src/db/filters.ts).
const PLACES: readonly EntityLabel[] = ['County', 'Township', 'Village', 'Community'];
const ORGANISATIONS: readonly EntityLabel[] = ['PartyOrganization', 'Cooperative', 'Enterprise', 'SocialOrganization'];

/**
 * Relationship types with the kinds each may connect (from → to). The seed loader and the API's
 * mutations validate against this one table, so a Base can never GOVERN a Village.
 */
export const RELATIONS = {
  PART_OF: {
    from: ['County', 'Township', 'Village', 'Community', 'PartyOrganization'],
    to: ['Prefecture', 'County', 'Township', 'PartyOrganization'],
    description: 'administrative hierarchy; a Party group or branch within a larger Party organisation',
  },
  GOVERNS: {
    from: ['PartyOrganization'],
    to: ['Village', 'Community', 'County'],
    description: 'a Party organisation leads a place',
  },
  LEADS: {
    from: ['PartyOrganization'],
    to: ['Cooperative'],
    description: '创办领办: a Party organisation founded or runs a cooperative',
  },
  PARTNERS_WITH: {
    from: ['PartyOrganization'],
    to: ['Enterprise'],
    description: 'a Party organisation works with an enterprise (支部+龙头企业)',
  },
  OPERATES: {
    from: ['Enterprise', 'Cooperative'],
    to: ['Base'],
    description: 'an enterprise or cooperative runs an industry base',
  },
  LOCATED_IN: {
    from: [...ORGANISATIONS, 'Base'],
    to: [...PLACES, 'Base', 'Cooperative'],
    description: 'where an organisation or base is',
  },
  HOLDS_POST: {
    from: ['Person'],
    to: ['Village', 'Community', ...ORGANISATIONS],
    description: 'a person holds a post {role, since, until}',
  },
  STATIONED_IN: {
    from: ['Person'],
    to: ['Village', 'Community'],
    description: '驻村: a cadre is stationed in a village {level, since, until}',
  },
  CONTACTS: {
    from: ['Person'],
    to: [...PLACES, ...ORGANISATIONS],
    description: '联系包抓: a leader is responsible for a place or organisation',
  },
  MEMBER_OF: { from: ['Person'], to: ['PartyOrganization'], description: 'Party membership' },
  COVERS: {
    from: ['PartyOrganization'],
    to: ['Enterprise', 'SocialOrganization'],
    description: 'Party organisation coverage of a non-public enterprise or social organisation {mode}',
  },
  PROMOTED: {
    from: ['Person'],
    to: ['PartyOrganization'],
    description: 'a cadre promoted or moved to an important post by the county committee {year, toPost, kind}',
  },
  RECTIFIES: {
    from: ['Person'],
    to: ['PartyOrganization'],
    description:
      '整顿: a leader answers (联系包抓) for turning round a weak and slack (软弱涣散) Party organisation {since, turnedRoundOn, consolidatedOn}',
  },
  IMPLEMENTS: { from: ENTITY_LABELS, to: ['Program'], description: 'an entity carries out a program or policy' },
} as const satisfies Record<string, { from: readonly EntityLabel[]; to: readonly EntityLabel[]; description: string }>;

export type RelationType = keyof typeof RELATIONS;
export const RELATION_TYPES = Object.keys(RELATIONS) as RelationType[];

/** The link from an entity to a sentence of a source document that states it. */
export const EVIDENCE_TYPE = 'EVIDENCED_BY' as const;

export function isRelationType(value: unknown): value is RelationType {
  return typeof value === 'string' && Object.hasOwn(RELATIONS, value);
}

/** Null when `type` may connect `from` to `to`, else why not. */
export function relationProblem(type: RelationType, from: EntityLabel, to: EntityLabel): string | null {
  const rule: { from: readonly EntityLabel[]; to: readonly EntityLabel[] } = RELATIONS[type];
  if (!rule.from.includes(from)) return `${type} cannot start at a ${from} (allowed: ${rule.from.join(', ')})`;
  if (!rule.to.includes(to)) return `${type} cannot end at a ${to} (allowed: ${rule.to.join(', ')})`;
  return null;
}
