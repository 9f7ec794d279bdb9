import type { EntityLabel } from './kinds.js';

/** An entity node's properties as read from Neo4j: what resolvers of entity types receive. */
export interface EntityRecord {
  id: string;
  kind: EntityLabel;
  name: string;
  pinyin: string;
  nameEn?: string | null;
  synthetic: boolean;
  code?: string;
  officialName?: string;
  [property: string]: unknown;
}
