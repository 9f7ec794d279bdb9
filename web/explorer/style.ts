import type { StylesheetJson } from 'cytoscape';

/** Colour and shape of each entity kind: the legend and the graph use this one table. */
export const KINDS: Record<string, { colour: string; shape: string; label: string }> = {
  COUNTY: { colour: '#1f6feb', shape: 'round-rectangle', label: '县 County' },
  TOWNSHIP: { colour: '#388bfd', shape: 'round-rectangle', label: '乡镇 Township' },
  VILLAGE: { colour: '#54aeff', shape: 'round-rectangle', label: '村 Village' },
  COMMUNITY: { colour: '#80ccff', shape: 'round-rectangle', label: '社区 Community' },
  PARTY_ORGANIZATION: { colour: '#cf222e', shape: 'star', label: '党组织 Party organisation' },
  PERSON: { colour: '#8250df', shape: 'ellipse', label: '人员 Person' },
  COOPERATIVE: { colour: '#1a7f37', shape: 'triangle', label: '合作社 Cooperative' },
  ENTERPRISE: { colour: '#bf8700', shape: 'diamond', label: '企业 Enterprise' },
  BASE: { colour: '#2da44e', shape: 'hexagon', label: '基地 Base' },
  SOCIAL_ORGANIZATION: { colour: '#6e7781', shape: 'vee', label: '社会组织 Social organisation' },
  PROGRAM: { colour: '#fb8f44', shape: 'tag', label: '项目/制度 Program' },
};

export const STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(display)',
      'font-size': 10,
      'min-zoomed-font-size': 7,
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'text-wrap': 'ellipsis',
      'text-max-width': '110px',
      width: 22,
      height: 22,
      'border-width': 1,
      'border-color': '#ffffff',
    },
  },
  ...Object.entries(KINDS).map(([kind, { colour, shape }]) => ({
    selector: `node[kind = "${kind}"]`,
    style: { 'background-color': colour, shape: shape as never },
  })),
  // Generated entities are drawn with a dashed outline, real ones solid.
  { selector: 'node[?synthetic]', style: { 'border-width': 2, 'border-style': 'dashed', 'border-color': '#57606a' } },
  {
    selector: 'node.more',
    style: { 'outline-width': 3, 'outline-color': '#bf8700', 'outline-style': 'dotted' } as never,
  },
  { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#0969da', 'border-style': 'solid' } },
  {
    selector: 'edge',
    style: {
      width: 1,
      'line-color': '#afb8c1',
      'target-arrow-color': '#afb8c1',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.6,
      'curve-style': 'bezier',
      label: 'data(type)',
      'font-size': 7,
      // Relationship names only when zoomed in far enough to read them.
      'min-zoomed-font-size': 14,
      color: '#6e7781',
    },
  },
  { selector: 'edge[?synthetic]', style: { 'line-style': 'dashed' } },
  {
    selector: '.highlighted',
    style: { 'underlay-color': '#ffd33d', 'underlay-opacity': 0.7, 'underlay-padding': 5 } as never,
  },
  { selector: 'edge.highlighted', style: { width: 3, 'line-color': '#bf8700', 'target-arrow-color': '#bf8700' } },
];
