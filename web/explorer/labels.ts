import type { Core, NodeSingular } from 'cytoscape';

/** Screen size of a node label in pixels, whatever the zoom: zooming in makes room for more labels. */
export const LABEL_PX = 11;

// How much a kind matters when labels compete for room: the administrative places first.
export const KIND_RANK: Record<string, number> = {
  PREFECTURE: 70,
  COUNTY: 60,
  TOWNSHIP: 50,
  VILLAGE: 40,
  COMMUNITY: 40,
  PARTY_ORGANIZATION: 30,
  ENTERPRISE: 30,
  COOPERATIVE: 25,
  BASE: 25,
  PROGRAM: 20,
  PERSON: 15,
  SOCIAL_ORGANIZATION: 10,
};

/**
 * A node's claim to a label: selected and search hits first, then highlighted and expanded
 * nodes, groups, then the kind and the number of links (hubs).
 */
export function labelPriority(n: NodeSingular, emphasised: ReadonlySet<string>): number {
  let p = (KIND_RANK[n.data('kind') as string] ?? 0) + Math.min(40, n.degree(false));
  if (n.selected()) p += 1000;
  if (emphasised.has(n.id())) p += 500;
  if (n.hasClass('highlighted')) p += 300;
  if (n.data('group') === true) p += 100;
  return p;
}

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const overlaps = (a: Box, b: Box): boolean => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/** The rendered box of a node's label as Cytoscape draws it (empty when it draws none). */
export function labelBox(n: NodeSingular): Box {
  return n.renderedBoundingBox({
    includeNodes: false,
    includeEdges: false,
    includeLabels: true,
    includeOverlays: false,
  });
}

/**
 * Shows the labels that fit: in order of priority, a label is drawn only if its rendered box
 * overlaps none already drawn; the others get the class `quiet` (no label). Run after every
 * layout, zoom and pan, so zooming in reveals more names.
 */
export function declutter(cy: Core, emphasised: ReadonlySet<string>): number {
  const nodes = cy.nodes(':visible');
  nodes.removeClass('quiet');
  const ext = cy.extent();
  const pan = cy.pan();
  const zoom = cy.zoom();
  // The viewport in rendered coordinates, to skip labels nobody sees (they keep no room).
  const view: Box = {
    x1: ext.x1 * zoom + pan.x,
    y1: ext.y1 * zoom + pan.y,
    x2: ext.x2 * zoom + pan.x,
    y2: ext.y2 * zoom + pan.y,
  };
  const ranked = nodes.map((n) => ({ n, p: labelPriority(n, emphasised), box: labelBox(n) })).sort((a, b) => b.p - a.p);
  const kept: Box[] = [];
  const quiet: NodeSingular[] = [];
  for (const { n, box } of ranked) {
    if (box.x2 - box.x1 <= 0) continue;
    if (!overlaps(box, view)) continue;
    if (kept.some((k) => overlaps(k, box))) quiet.push(n);
    else kept.push(box);
  }
  cy.batch(() => {
    for (const n of quiet) n.addClass('quiet');
  });
  return kept.length;
}
