import type { Core, ElementDefinition, NodeSingular } from 'cytoscape';

import { groupLabel } from './style.js';

/** Leaves of one kind hanging off one node are drawn as one group node from this many on. */
export const GROUP_MIN = 6;

// Places are what analysts navigate by: they are never folded away.
const NEVER_GROUPED = new Set(['PREFECTURE', 'COUNTY', 'TOWNSHIP', 'VILLAGE', 'COMMUNITY']);

/** The key of a group: the node the leaves hang off, their kind and the link's type and role. */
function groupKey(hub: NodeSingular, leaf: NodeSingular): string {
  const edge = leaf.connectedEdges().first();
  const role = (edge.data('properties') as Record<string, unknown> | undefined)?.role;
  return `group:${hub.id()}:${String(leaf.data('kind'))}:${String(edge.data('type'))}${typeof role === 'string' ? `:${role}` : ''}`;
}

/**
 * Folds many same-kind leaves of a node into one group node with a count ("后备干部 ×10"): the
 * leaves get the class `grouped` (not displayed) and the group node an edge to their hub. Leaves
 * that were opened (`open`), expanded or selected stay as they are. Returns the groups added.
 */
export function groupLeaves(cy: Core, open: ReadonlySet<string>, keep: ReadonlySet<string>): number {
  // A member that got a second link since (another expansion reached it) is no leaf any more.
  cy.nodes('[?group]').forEach((g) => {
    const members = (g.data('members') as string[]).filter((id) => {
      const m = cy.getElementById(id);
      // Gone from the canvas (dismissed, or not there at the time asked): no member any more.
      if (m.empty()) return false;
      if (m.connectedEdges().length <= 1 && !keep.has(id)) return true;
      m.removeClass('grouped');
      return false;
    });
    if (members.length === 0) g.remove();
    else
      g.data({
        members,
        count: members.length,
        display: String(g.data('display')).replace(/×\d+$/, `×${String(members.length)}`),
      });
  });
  const buckets = new Map<string, { hub: NodeSingular; leaves: NodeSingular[] }>();
  cy.nodes()
    .not('.grouped')
    .forEach((leaf) => {
      if (leaf.data('group') === true || keep.has(leaf.id()) || leaf.selected()) return;
      if (NEVER_GROUPED.has(leaf.data('kind') as string)) return;
      const hubs = leaf.neighborhood().nodes();
      if (hubs.length !== 1 || leaf.connectedEdges().length !== 1) return;
      const hub = hubs.first();
      const key = groupKey(hub, leaf);
      if (open.has(key)) return;
      const bucket = buckets.get(key) ?? { hub, leaves: [] as NodeSingular[] };
      bucket.leaves.push(leaf);
      buckets.set(key, bucket);
    });
  const added: ElementDefinition[] = [];
  for (const [key, { hub, leaves }] of buckets) {
    const existing = cy.getElementById(key);
    if (leaves.length < GROUP_MIN && existing.empty()) continue;
    const members = [...((existing.data('members') as string[] | undefined) ?? []), ...leaves.map((l) => l.id())];
    const first = leaves[0];
    if (!first) continue;
    const edge = first.connectedEdges().first();
    const role = (edge.data('properties') as Record<string, unknown> | undefined)?.role;
    for (const l of leaves) l.addClass('grouped');
    const data = {
      id: key,
      kind: first.data('kind') as string,
      group: true,
      members,
      count: members.length,
      synthetic: leaves.every((l) => l.data('synthetic') === true),
      display: groupLabel(first.data('kind') as string, typeof role === 'string' ? role : undefined, members.length),
    };
    if (existing.nonempty()) {
      existing.data(data);
      continue;
    }
    added.push(
      { group: 'nodes', data, position: { ...first.position() } },
      {
        group: 'edges',
        data: {
          id: `${key}:edge`,
          source: edge.source().id() === hub.id() ? hub.id() : key,
          target: edge.source().id() === hub.id() ? key : hub.id(),
          type: edge.data('type') as string,
          synthetic: true,
          group: true,
        },
      },
    );
  }
  if (added.length) cy.add(added);
  return added.length / 2;
}

/** Opens a group node: its members are drawn again and the group node goes. */
export function openGroup(cy: Core, group: NodeSingular): string[] {
  const members = (group.data('members') as string[] | undefined) ?? [];
  for (const id of members) cy.getElementById(id).removeClass('grouped');
  group.remove();
  return members;
}
