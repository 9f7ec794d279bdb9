import type { StylesheetJson } from 'cytoscape';

import { LABEL_PX } from './labels.js';

/** Colour and shape of each entity kind: the legend and the graph use this one table. */
export const KINDS: Record<string, { colour: string; shape: string; label: string }> = {
  PREFECTURE: { colour: '#0a3069', shape: 'round-rectangle', label: '市 Prefecture' },
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

/** Chinese names of the post roles, for group labels and edge details. */
export const ROLES: Record<string, string> = {
  STANDING_COMMITTEE_MEMBER: '县委常委',
  PARTY_SECRETARY: '村党组织书记',
  VILLAGE_COMMITTEE_DIRECTOR: '村委会主任',
  FIRST_SECRETARY: '第一书记',
  DISPATCHED_CADRE: '选派干部',
  INDUSTRY_LEADER: '产业致富带头人',
  RESERVE_CADRE: '后备干部',
};

/** The label of a group node: the role (or kind) and the count, e.g. "后备干部 ×10". */
export function groupLabel(kind: string, role: string | undefined, count: number): string {
  const name = (role && ROLES[role]) ?? KINDS[kind]?.label.split(' ')[0] ?? kind;
  return `${name} ×${String(count)}`;
}

export const STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(display)',
      // The same size on screen at every zoom (see labels.ts): zooming in makes room for more.
      'font-size': ((n: { cy(): { zoom(): number } }) => LABEL_PX / n.cy().zoom()) as never,
      'text-valign': 'bottom',
      'text-wrap': 'ellipsis',
      'text-max-width': ((n: { cy(): { zoom(): number } }) => `${String(110 / n.cy().zoom())}px`) as never,
      'text-margin-y': ((n: { cy(): { zoom(): number } }) => 3 / n.cy().zoom()) as never,
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
  // Rule-based size (sizing.ts): collective income or degree.
  { selector: 'node[size]', style: { width: 'data(size)', height: 'data(size)' } },
  // Generated entities are drawn with a dashed outline, real ones solid.
  { selector: 'node[?synthetic]', style: { 'border-width': 2, 'border-style': 'dashed', 'border-color': '#57606a' } },
  {
    selector: 'node.more',
    style: { 'outline-width': 3, 'outline-color': '#bf8700', 'outline-style': 'dotted' } as never,
  },
  // 一肩挑 at the time asked (explore.ts markOneShoulder).
  {
    selector: 'node[?oneShoulder]',
    style: { 'outline-width': 3, 'outline-color': '#cf222e', 'outline-style': 'solid', 'outline-offset': 2 } as never,
  },
  // Labels that do not fit (labels.ts) and leaves folded into a group node.
  { selector: 'node.quiet', style: { label: '' } },
  { selector: '.grouped, .filtered', style: { display: 'none' } },
  {
    selector: 'node[?group]',
    // A filled shape whatever the kind (a vee's centre is empty): a group is one click target.
    style: {
      width: 30,
      height: 30,
      shape: 'round-rectangle',
      'border-width': 3,
      'border-style': 'double',
      'border-color': '#57606a',
    },
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
      'font-size': ((e: { cy(): { zoom(): number } }) => 9 / e.cy().zoom()) as never,
      color: '#57606a',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.8,
      'text-rotation': 'autorotate',
    },
  },
  // Relationship names only on hover, on a selected edge and around a selected node.
  { selector: 'edge.hover, edge:selected, edge.near', style: { label: 'data(type)' } },
  { selector: 'edge:selected', style: { width: 3, 'line-color': '#0969da', 'target-arrow-color': '#0969da' } },
  { selector: 'edge[?synthetic]', style: { 'line-style': 'dashed' } },
  {
    selector: '.highlighted',
    style: { 'underlay-color': '#ffd33d', 'underlay-opacity': 0.7, 'underlay-padding': 5 } as never,
  },
  { selector: 'edge.highlighted', style: { width: 3, 'line-color': '#bf8700', 'target-arrow-color': '#bf8700' } },
];

/** Everything outside the highlight (a chain, a path) fades, so the highlight reads as one piece. */
STYLE.push({ selector: '.dimmed', style: { opacity: 0.12 } }, { selector: 'edge.dimmed', style: { label: '' } });
