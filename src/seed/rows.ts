import type { EntityLabel, RelationType } from '../model/kinds.js';

/** Properties the loader may store: Neo4j property values. */
export type PropertyValue = string | number | boolean | null | string[] | number[];

/** One entity to merge by id. */
export interface EntityRow {
  id: string;
  label: EntityLabel;
  props: Record<string, PropertyValue>;
}

/** One relationship to merge between two entity ids. */
export interface RelationRow {
  type: RelationType;
  from: string;
  to: string;
  props: Record<string, PropertyValue>;
}
