import { kindOfLabel } from '../model/kinds.js';
import type { EntityRecord } from '../model/records.js';
import type { EntityKind } from '../generated/graphql.js';

/** Resolves the GraphQL type of an entity record from its Neo4j label. */
export function entityTypeName(record: EntityRecord): EntityRecord['kind'] {
  return record.kind;
}

/** Field resolvers every entity type shares. */
export const entityFields = {
  kind: (record: EntityRecord): EntityKind => kindOfLabel(record.kind),
};
