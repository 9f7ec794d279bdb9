import type { Core, EdgeSingular, NodeSingular } from 'cytoscape';
import { stringify } from 'csv-stringify/browser/esm/sync';

declare module 'cytoscape' {
  interface Core {
    /** The drawing as SVG text (cytoscape-svg). */
    svg(options?: { full?: boolean; scale?: number; bg?: string }): string;
  }
}

const escapeXml = (value: string): string =>
  value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);

/** A property value as text: strings as they are, anything else as JSON. */
const text = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

/** The properties of a link (role, since, until, level, evidence...), as the API gave them. */
const edgeProperties = (e: EdgeSingular): Record<string, unknown> =>
  (e.data('properties') as Record<string, unknown> | undefined) ?? {};

/** Every property key the links carry, in a stable order. */
function edgeKeys(cy: Core): string[] {
  const keys = new Set<string>();
  cy.edges('[!group]').forEach((e) => {
    for (const k of Object.keys(edgeProperties(e))) if (k !== 'id' && k !== 'synthetic') keys.add(k);
  });
  return [...keys].sort();
}

/** The drawn colour of a node as red, green, blue (0–255). */
function rgb(n: NodeSingular): [number, number, number] {
  // Cytoscape reports a computed colour as `rgb(r,g,b)`.
  const [r = 0, g = 0, b = 0] = (String(n.style('background-color')).match(/\d+/g) ?? []).map(Number);
  return [r, g, b];
}

const hex = ([r, g, b]: [number, number, number]): string =>
  `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/** A node's position and drawn size, for the exports that keep the layout. */
function geometry(n: NodeSingular): { x: number; y: number; size: number } {
  const p = n.position();
  return { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10, size: Math.round(n.width() * 10) / 10 };
}

/**
 * The current view as GraphML, for Gephi and yEd: node label, kind, synthetic, position (x, y),
 * size and colour (r, g, b as Gephi reads them, and hex); edge type, synthetic and every property
 * of the links (role, since, until, level, evidence...). The entities drawn, those folded into
 * group nodes included; group nodes are a drawing aid only.
 */
export function toGraphML(cy: Core): string {
  const props = edgeKeys(cy);
  const nodes = cy.nodes('[!group]').map((n) => {
    const d = n.data() as { id: string; label: string; pinyin: string; kind: string; synthetic: boolean };
    const { x, y, size } = geometry(n);
    const [r, g, b] = rgb(n);
    const values: [string, string][] = [
      ['label', escapeXml(d.label)],
      ['pinyin', escapeXml(d.pinyin)],
      ['kind', d.kind],
      ['synthetic', String(d.synthetic)],
      ['x', String(x)],
      ['y', String(y)],
      ['size', String(size)],
      ['r', String(r)],
      ['g', String(g)],
      ['b', String(b)],
      ['colour', hex([r, g, b])],
    ];
    return `    <node id="${escapeXml(d.id)}">${values.map(([k, v]) => `<data key="${k}">${v}</data>`).join('')}</node>`;
  });
  const edges = cy.edges('[!group]').map((e) => {
    const d = e.data() as { id: string; source: string; target: string; type: string; synthetic: boolean };
    const properties = edgeProperties(e);
    const values = props
      .filter((k) => properties[k] !== undefined && properties[k] !== null)
      .map((k) => `<data key="e_${k}">${escapeXml(text(properties[k]))}</data>`)
      .join('');
    return `    <edge id="${escapeXml(d.id)}" source="${escapeXml(d.source)}" target="${escapeXml(d.target)}"><data key="type">${d.type}</data><data key="esynthetic">${String(d.synthetic)}</data>${values}</edge>`;
  });
  const nodeKey = (id: string, type: string): string =>
    `  <key id="${id}" for="node" attr.name="${id}" attr.type="${type}"/>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    nodeKey('label', 'string'),
    nodeKey('pinyin', 'string'),
    nodeKey('kind', 'string'),
    nodeKey('synthetic', 'boolean'),
    nodeKey('x', 'double'),
    nodeKey('y', 'double'),
    nodeKey('size', 'double'),
    nodeKey('r', 'int'),
    nodeKey('g', 'int'),
    nodeKey('b', 'int'),
    nodeKey('colour', 'string'),
    '  <key id="type" for="edge" attr.name="type" attr.type="string"/>',
    '  <key id="esynthetic" for="edge" attr.name="synthetic" attr.type="boolean"/>',
    ...props.map((k) => `  <key id="e_${k}" for="edge" attr.name="${escapeXml(k)}" attr.type="string"/>`),
    '  <graph id="jingtai" edgedefault="directed">',
    ...nodes,
    ...edges,
    '  </graph>',
    '</graphml>',
    '',
  ].join('\n');
}

/**
 * The current view as two CSV tables (RFC 4180, a header row each): the entities with kind,
 * provenance and position; the links with type, provenance and every property.
 */
export function toCsv(cy: Core): { nodes: string; edges: string } {
  const nodes = stringify(
    cy.nodes('[!group]').map((n) => {
      const d = n.data() as { id: string; label: string; pinyin: string; kind: string; synthetic: boolean };
      const { x, y } = geometry(n);
      return { id: d.id, label: d.label, pinyin: d.pinyin, kind: d.kind, synthetic: d.synthetic, x, y };
    }),
    { header: true, columns: ['id', 'label', 'pinyin', 'kind', 'synthetic', 'x', 'y'], cast: { boolean: String } },
  );
  const props = edgeKeys(cy);
  const edges = stringify(
    cy.edges('[!group]').map((e) => {
      const d = e.data() as { id: string; source: string; target: string; type: string; synthetic: boolean };
      const properties = edgeProperties(e);
      return {
        id: d.id,
        source: d.source,
        target: d.target,
        type: d.type,
        synthetic: d.synthetic,
        ...Object.fromEntries(props.map((k) => [k, text(properties[k])])),
      };
    }),
    { header: true, columns: ['id', 'source', 'target', 'type', 'synthetic', ...props], cast: { boolean: String } },
  );
  return { nodes, edges };
}

/** Offers `content` as a file download. */
export function download(name: string, content: Blob | string, type: string): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
