import type { Context } from '../context.js';
import { timeWindow, today } from '../db/filters.js';
import type { EntityLabel, RelationType } from '../model/kinds.js';
import type { EVIDENCE_TYPE } from '../model/kinds.js';
import type { EntityRecord, NodeRecord, RelationRecord } from '../model/records.js';
import { dateBound } from '../model/validate.js';

type Direction = 'OUT' | 'IN';

/** Neighbours of `self` along one relationship type and direction, optionally of one kind. */
export async function neighbours(
  ctx: Context,
  self: { id: string },
  type: RelationType | typeof EVIDENCE_TYPE | 'IN_DOCUMENT',
  direction: Direction,
  label?: EntityLabel,
): Promise<EntityRecord[]> {
  const rows = await ctx.loaders.related.load({ id: self.id, type, direction });
  return rows.map((r) => r.node).filter((n) => !label || n.kind === label);
}

/** The first neighbour, or null. */
export async function neighbour(
  ctx: Context,
  self: { id: string },
  type: RelationType,
  direction: Direction,
  label?: EntityLabel,
): Promise<EntityRecord | null> {
  return (await neighbours(ctx, self, type, direction, label))[0] ?? null;
}

/** Relationships of `self` with both ends, oriented as stored (from → to). */
export async function relations(
  ctx: Context,
  self: EntityRecord,
  type: RelationType,
  direction: Direction,
): Promise<RelationRecord[]> {
  const rows = await ctx.loaders.related.load({ id: self.id, type, direction });
  return rows.map((r) => ({
    id: typeof r.rel.id === 'string' ? r.rel.id : `${type}:${self.id}`,
    type,
    props: r.rel,
    from: direction === 'OUT' ? self : r.node,
    to: direction === 'OUT' ? r.node : self,
  }));
}

export interface TimeFilter {
  asOf?: string | null;
  during?: number | null;
}

/**
 * Keeps relationships whose [since, until] span overlaps the asked time: a date (`asOf`, default
 * today when neither is given and `current` is set) or a whole year (`during`).
 */
export function activeAt<T extends { props: Record<string, unknown> }>(
  items: T[],
  filter: TimeFilter,
  current = false,
): T[] {
  const window = timeWindow(filter.asOf, filter.during) ?? (current ? today() : null);
  if (!window) return items;
  return items.filter(({ props }) => {
    const since = typeof props.since === 'string' ? dateBound(props.since, 'start') : '0000-01-01';
    const until = typeof props.until === 'string' ? dateBound(props.until, 'end') : '9999-12-31';
    return since <= window.to && until >= window.from;
  });
}

/** Posts held at (IN) or by (OUT) `self`, optionally of one role, at the asked time. */
export async function postsOf(
  ctx: Context,
  self: EntityRecord,
  direction: Direction,
  role: string | null | undefined,
  filter: TimeFilter,
): Promise<RelationRecord[]> {
  const posts = (await relations(ctx, self, 'HOLDS_POST', direction)).filter((p) => !role || p.props.role === role);
  return activeAt(posts, filter);
}

/** The sentence a relationship's `evidence` property names, through the node loader. */
export async function relationEvidence(ctx: Context, record: RelationRecord): Promise<NodeRecord | null> {
  const id = record.props.evidence;
  return typeof id === 'string' ? ctx.loaders.node.load(id) : null;
}
