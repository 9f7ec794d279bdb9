import type { Context } from '../context.js';
import { badUserInput } from '../errors.js';
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

const DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/**
 * Keeps relationships whose [since, until] span overlaps the asked time: a date (`asOf`, default
 * today when neither is given and `current` is set) or a whole year (`during`).
 */
export function activeAt<T extends { props: Record<string, unknown> }>(
  items: T[],
  filter: TimeFilter,
  current = false,
): T[] {
  const { asOf, during } = filter;
  if (asOf && during) throw badUserInput('Give asOf or during, not both', 'asOf');
  let from: string | undefined;
  let to: string | undefined;
  if (asOf) {
    if (!DATE.test(asOf))
      throw badUserInput(`asOf must be a date like 2019-08-01 (or 2019-08, 2019), got "${asOf}"`, 'asOf');
    from = dateBound(asOf, 'start');
    to = dateBound(asOf, 'end');
  } else if (during !== undefined && during !== null) {
    if (!Number.isInteger(during) || during < 1949 || during > 2100)
      throw badUserInput('during must be a year such as 2019', 'during');
    from = `${String(during)}-01-01`;
    to = `${String(during)}-12-31`;
  } else if (current) {
    from = to = new Date().toISOString().slice(0, 10);
  } else {
    return items;
  }
  return items.filter(({ props }) => {
    const since = typeof props.since === 'string' ? dateBound(props.since, 'start') : '0000-01-01';
    const until = typeof props.until === 'string' ? dateBound(props.until, 'end') : '9999-12-31';
    return since <= to && until >= from;
  });
}

/** The sentence a relationship's `evidence` property names, through the node loader. */
export async function relationEvidence(ctx: Context, record: RelationRecord): Promise<NodeRecord | null> {
  const id = record.props.evidence;
  return typeof id === 'string' ? ctx.loaders.node.load(id) : null;
}
