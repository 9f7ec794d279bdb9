import { notFound } from '../errors.js';
import type { Context } from '../context.js';
import type { EntityLabel } from '../model/kinds.js';
import type { EntityRecord } from '../model/records.js';

/** The children of `parent` of one kind, via the per-request loader. */
export function childrenOf(label: EntityLabel) {
  return (parent: EntityRecord, _args: unknown, { loaders }: Context): Promise<EntityRecord[]> =>
    loaders.children.load({ parentId: parent.id, label });
}

/** The administrative parent of `child`; every place below the prefecture has one. */
export async function parentOf(child: EntityRecord, _args: unknown, { loaders }: Context): Promise<EntityRecord> {
  const parent = await loaders.parent.load(child.id);
  if (!parent) throw notFound(`parent of ${child.id}`);
  return parent;
}
