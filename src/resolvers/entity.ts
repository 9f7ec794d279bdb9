import type { Context } from '../context.js';
import type { EntityKind } from '../generated/graphql.js';
import { kindOfLabel } from '../model/kinds.js';
import type { EntityRecord, NodeRecord } from '../model/records.js';
import { neighbours } from './relations.js';

/** Resolves the GraphQL type of a node record from its Neo4j label. */
export function nodeTypeName(record: NodeRecord): string {
  return record.kind;
}

/** Field resolvers every entity type shares. */
export const entityFields = {
  kind: (record: EntityRecord): EntityKind => kindOfLabel(record.kind),
  version: (record: EntityRecord): number => (typeof record.version === 'number' ? record.version : 0),
  deletedAt: (record: EntityRecord): string | null => (typeof record.deletedAt === 'string' ? record.deletedAt : null),
  evidence: (record: EntityRecord, _args: unknown, ctx: Context): Promise<NodeRecord[]> =>
    neighbours(ctx, record, 'EVIDENCED_BY', 'OUT'),
  programs: (record: EntityRecord, _args: unknown, ctx: Context): Promise<EntityRecord[]> =>
    neighbours(ctx, record, 'IMPLEMENTS', 'OUT', 'Program'),
};
