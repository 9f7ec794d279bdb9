/**
 * GraphML (http://graphml.graphdrawing.org) for a network payload, what Gephi, yEd, Cytoscape
 * desktop and networkx (`nx.read_graphml`) open. graphology-graphml only parses GraphML, so the
 * writer is here; a test parses its output with graphology-graphml back into the same graph.
 */

type Attributes = Record<string, unknown>;

/** A graph in graphology's serialisation format, the shape the `graphology` payload has. */
export interface SerializedNetwork {
  attributes: Attributes;
  nodes: { key: string; attributes: Attributes }[];
  edges: { key: string; source: string; target: string; attributes: Attributes }[];
}

type GraphMLType = 'boolean' | 'long' | 'double' | 'string';

const escapeXml = (value: string): string =>
  value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);

/** The one GraphML type every value of an attribute fits; text when they differ. */
function typeOf(values: unknown[]): GraphMLType {
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  if (values.every((v) => Number.isInteger(v))) return 'long';
  if (values.every((v) => typeof v === 'number')) return 'double';
  return 'string';
}

/** Keys of one domain (node or edge): attribute name → GraphML key id and type. */
function keysOf(prefix: string, items: { attributes: Attributes }[]): Map<string, { id: string; type: GraphMLType }> {
  const values = new Map<string, unknown[]>();
  for (const { attributes } of items) {
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined) continue;
      values.set(name, [...(values.get(name) ?? []), value]);
    }
  }
  return new Map([...values].map(([name, vs], i) => [name, { id: `${prefix}${String(i)}`, type: typeOf(vs) }]));
}

const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);

function data(keys: Map<string, { id: string }>, attributes: Attributes): string {
  return Object.entries(attributes)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([name, value]) => `<data key="${keys.get(name)?.id ?? ''}">${escapeXml(text(value))}</data>`)
    .join('');
}

/** The graph as one GraphML document: every node and edge attribute typed and kept, lists as JSON text. */
export function toGraphML(graph: SerializedNetwork): string {
  const nodeKeys = keysOf('n', graph.nodes);
  const edgeKeys = keysOf('e', graph.edges);
  const declare = (domain: string, keys: typeof nodeKeys): string[] =>
    [...keys].map(
      ([name, { id, type }]) =>
        `  <key id="${id}" for="${domain}" attr.name="${escapeXml(name)}" attr.type="${type}"/>`,
    );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...declare('node', nodeKeys),
    ...declare('edge', edgeKeys),
    '  <graph edgedefault="directed">',
    ...graph.nodes.map((n) => `    <node id="${escapeXml(n.key)}">${data(nodeKeys, n.attributes)}</node>`),
    ...graph.edges.map(
      (e) =>
        `    <edge id="${escapeXml(e.key)}" source="${escapeXml(e.source)}" target="${escapeXml(e.target)}">${data(edgeKeys, e.attributes)}</edge>`,
    ),
    '  </graph>',
    '</graphml>',
    '',
  ].join('\n');
}
