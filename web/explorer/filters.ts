import type { Core, NodeSingular } from 'cytoscape';

/** The property filters: a township, an industry (bases, cooperatives), a stationing level. */
export interface PropertyFilters {
  township: string;
  industry: string;
  level: string;
}

export const NO_FILTERS: PropertyFilters = { township: '', industry: '', level: '' };

const PLACE = new Set(['TOWNSHIP', 'VILLAGE', 'COMMUNITY']);

/** The township a place lies in: itself, or the one its 12-digit division code starts with. */
function townshipOfPlace(node: NodeSingular): string | null {
  const kind = node.data('kind') as string;
  if (kind === 'TOWNSHIP') return node.id();
  const code = /:(\d{12})$/.exec(node.id())?.[1];
  return code ? `Township:${code.slice(0, 9)}000` : null;
}

/**
 * The townships an entity drawn belongs to: a place's own; for anything else, those of the places
 * it is linked to, directly or through one more entity (a person → the Party organisation → its
 * village). Only what is drawn counts: a filter works on the view.
 */
export function townshipsOf(node: NodeSingular): Set<string> {
  const own = PLACE.has(node.data('kind') as string) ? townshipOfPlace(node) : null;
  if (own) return new Set([own]);
  const found = new Set<string>();
  const near = node.neighborhood().nodes('[!group]');
  for (const hop of [near, near.neighborhood().nodes('[!group]')]) {
    hop.forEach((n) => {
      if (!PLACE.has(n.data('kind') as string)) return;
      const t = townshipOfPlace(n);
      if (t) found.add(t);
    });
    if (found.size) break;
  }
  return found;
}

// The prefecture and the county are kept whatever the filters: the context of what is drawn.
const CONTEXT = new Set(['PREFECTURE', 'COUNTY']);

/** True when the property filters hide this entity (the prefecture and county are kept). */
export function hiddenByProperties(node: NodeSingular, f: PropertyFilters): boolean {
  const kind = node.data('kind') as string;
  const properties = (node.data('properties') ?? {}) as Record<string, unknown>;
  if (f.township && !CONTEXT.has(kind) && !townshipsOf(node).has(f.township)) return true;
  if (f.industry && (kind === 'BASE' || kind === 'COOPERATIVE') && properties.industry !== f.industry) return true;
  if (f.level) {
    // People stationed (驻村) show only when sent by that level; others are not concerned.
    const stays = node.connectedEdges('[type = "STATIONED_IN"]');
    if (stays.nonempty() && stays.filter((e) => propertiesOf(e).level === f.level).empty()) return true;
  }
  return false;
}

const propertiesOf = (e: { data(key: string): unknown }): Record<string, unknown> =>
  (e.data('properties') ?? {}) as Record<string, unknown>;

/** The values the filters can take in the view: industries of the bases and cooperatives, stationing levels. */
export function filterValues(cy: Core): { industries: string[]; levels: string[] } {
  const industries = new Set<string>();
  cy.nodes('[kind = "BASE"], [kind = "COOPERATIVE"]').forEach((n) => {
    const industry = propertiesOf(n).industry;
    if (typeof industry === 'string') industries.add(industry);
  });
  const levels = new Set<string>();
  cy.edges('[type = "STATIONED_IN"]').forEach((e) => {
    const level = propertiesOf(e).level;
    if (typeof level === 'string') levels.add(level);
  });
  return { industries: [...industries].sort(), levels: [...levels].sort() };
}
