import type { Collection, Core, LayoutOptions } from 'cytoscape';

export type LayoutName = 'force' | 'hierarchy' | 'layered';

export const LAYOUTS: Record<LayoutName, string> = {
  force: 'Force-directed',
  hierarchy: 'Hierarchy 县→乡镇→村→组织',
  layered: 'Layered chains 支部→企业→基地',
};

// fcose from the current positions: what was drawn stays roughly in place when more is added.
const FORCE = {
  name: 'fcose',
  animate: false,
  randomize: false,
  quality: 'default',
  nodeRepulsion: () => 9000,
  idealEdgeLength: () => 80,
  nodeSeparation: 60,
} as unknown as LayoutOptions;

/**
 * Links point from the lower level to the higher (person → post's organisation → village →
 * township → county; GOVERNS is the one exception and PART_OF between Party bodies agrees), so
 * dagre drawing them bottom to top puts the county on top and the organisations below their village.
 */
const HIERARCHY = {
  name: 'dagre',
  rankDir: 'BT',
  ranker: 'network-simplex',
  nodeSep: 18,
  rankSep: 70,
  animate: false,
} as unknown as LayoutOptions;

/** Chains left to right (branch → enterprise → base in columns), one row per chain. */
const LAYERED = {
  name: 'dagre',
  rankDir: 'LR',
  ranker: 'longest-path',
  nodeSep: 14,
  rankSep: 160,
  animate: false,
} as unknown as LayoutOptions;

/** Lays out `eles` (the drawn, displayed elements) with the chosen layout and fits the view. */
export function runLayout(cy: Core, name: LayoutName, eles: Collection): void {
  if (eles.empty()) return;
  const options = name === 'force' ? FORCE : name === 'hierarchy' ? HIERARCHY : LAYERED;
  eles.layout(options).run();
  cy.fit(eles, 30);
}
