import type { EntityLabel, RelationType } from '../model/kinds.js';

/** Properties the loader may store: Neo4j property values. */
export type PropertyValue = string | number | boolean | null | string[] | number[];

/** Where a row came from, for error messages. */
export interface RowOrigin {
  file: string;
  line: number;
}

/** One entity to merge by id. */
export interface EntityRow {
  id: string;
  label: EntityLabel;
  props: Record<string, PropertyValue>;
  /** Ids of the sentences that state this entity. */
  evidence?: string[];
  origin?: RowOrigin;
}

/** One relationship to merge between two entity ids. */
export interface RelationRow {
  type: RelationType;
  from: string;
  to: string;
  /** Includes `synthetic` and, where known, `evidence` (a sentence id). */
  props: Record<string, PropertyValue>;
  origin?: RowOrigin;
}

/** The stable id of a relationship: its ends, plus role and start where one pair can hold several. */
export function relationId(row: Pick<RelationRow, 'type' | 'from' | 'to' | 'props'>): string {
  const role = typeof row.props.role === 'string' ? `:${row.props.role}` : '';
  const since = typeof row.props.since === 'string' ? `@${row.props.since}` : '';
  return `${row.type}:${row.from}->${row.to}${role}${since}`;
}
