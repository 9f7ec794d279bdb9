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

/** A relationship as chains, paths and networks return it. */
export interface RelationshipRecord {
  id: string;
  type: string;
  source: string;
  target: string;
  properties: Record<string, unknown>;
}

/** A chain or a path: nodes and the relationships between them, in order. */
export interface ChainRecord {
  nodes: EntityRecord[];
  relationships: RelationshipRecord[];
}

export interface NetworkNodeRecord {
  id: string;
  kind: string;
  label: string;
  pinyin: string;
  synthetic: boolean;
  depth: number;
  properties: Record<string, unknown>;
}

export interface NetworkEdgeRecord {
  id: string;
  source: string;
  target: string;
  type: string;
  synthetic: boolean;
  properties: Record<string, unknown>;
}

export interface NetworkRecord {
  nodes: NetworkNodeRecord[];
  edges: NetworkEdgeRecord[];
  truncated: boolean;
}

export interface SearchHitRecord {
  score: number;
  matchedOn: string;
  entity: EntityRecord;
}

/**
 * A page of a list, with its count deferred: `totalCount` runs its own count query only when the
 * client selects it, and `edges` only when selected.
 */
export interface ConnectionRecord {
  edges: () => Promise<{ cursor: string; node: EntityRecord }[]>;
  pageInfo: () => Promise<{
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  }>;
  totalCount: () => Promise<number>;
}

export interface ChainConnectionRecord {
  edges: () => Promise<{ cursor: string; node: ChainRecord }[]>;
  pageInfo: ConnectionRecord['pageInfo'];
  totalCount: () => Promise<number>;
}

/** An audit-trail entry as stored (`:Change` node). */
export interface ChangeRecord {
  id: string;
  at: string;
  actor: string;
  role: string;
  action: 'CREATE' | 'UPDATE' | 'DELETE' | 'HARD_DELETE' | 'LINK' | 'UNLINK';
  targetId: string;
  before: string | null;
  after: string | null;
  citation: string | null;
  url: string | null;
  date: string | null;
  sentenceId: string | null;
}
