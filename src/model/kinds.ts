/**
 * The allow-list of entity kinds: the only Neo4j labels the service ever writes into Cypher text.
 * Every entity node carries `:Entity` plus exactly one of these labels, and a `kind` property equal
 * to that label.
 */
export const ENTITY_LABELS = ['County', 'Township', 'Village', 'Community'] as const;

export type EntityLabel = (typeof ENTITY_LABELS)[number];

/** GraphQL's `EntityKind` enum value for each label (VILLAGE for Village, and so on). */
export type EntityKindName = Uppercase<EntityLabel>;

export function isEntityLabel(value: unknown): value is EntityLabel {
  return typeof value === 'string' && (ENTITY_LABELS as readonly string[]).includes(value);
}

export function labelOfKind(kind: EntityKindName): EntityLabel {
  const label = ENTITY_LABELS.find((l) => l.toUpperCase() === kind);
  if (!label) throw new Error(`Unknown entity kind ${kind}`);
  return label;
}

export function kindOfLabel(label: EntityLabel): EntityKindName {
  return label.toUpperCase() as EntityKindName;
}

/** The stable id of an entity: `<Label>:<key>`, e.g. `Village:620423101203`. */
export function entityId(label: EntityLabel, key: string): string {
  return `${label}:${key}`;
}

/** The relationship types the graph holds: the only relationship types spliced into Cypher. */
export const RELATION_TYPES = [
  'PART_OF',
  'GOVERNS',
  'LEADS',
  'PARTNERS_WITH',
  'OPERATES',
  'LOCATED_IN',
  'HOLDS_POST',
  'STATIONED_IN',
  'CONTACTS',
  'MEMBER_OF',
  'COVERS',
  'PROMOTED',
  'IMPLEMENTS',
  'EVIDENCED_BY',
] as const;
export type RelationType = (typeof RELATION_TYPES)[number];
