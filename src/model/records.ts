import type { EntityLabel } from './kinds.js';

/** Any addressable node's properties as read from Neo4j (entities, documents, sentences). */
export interface NodeRecord {
  id: string;
  kind: string;
  [property: string]: unknown;
}

/** An entity node's properties: what resolvers of entity types receive. */
export interface EntityRecord extends NodeRecord {
  kind: EntityLabel;
  name: string;
  pinyin: string;
  nameEn?: string | null;
  synthetic: boolean;
  code?: string;
}

/** A relationship with both ends, as Post, Stationing, Promotion and Coverage resolve it. */
export interface RelationRecord {
  id: string;
  type: string;
  props: Record<string, unknown>;
  from: EntityRecord;
  to: EntityRecord;
}

/** A figure of a source document with its recomputed value. */
export interface FigureRecord {
  key: string;
  label: string;
  reported: number;
  computed: number;
  unit: string;
  comparison: 'EXACT' | 'AT_LEAST' | 'DECIMAL';
  consistent: boolean;
  note: string | null;
  basedOnSynthetic: boolean;
  sentenceId: string;
}
