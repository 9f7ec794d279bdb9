import type { Core } from 'cytoscape';

const escapeXml = (value: string): string =>
  value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);

/**
 * The current view as GraphML, for Gephi and yEd: node label, kind, synthetic; edge type. The
 * entities drawn, those folded into group nodes included; group nodes are a drawing aid only.
 */
export function toGraphML(cy: Core): string {
  const nodes = cy.nodes('[!group]').map((n) => {
    const d = n.data() as { id: string; label: string; pinyin: string; kind: string; synthetic: boolean };
    return `    <node id="${escapeXml(d.id)}"><data key="label">${escapeXml(d.label)}</data><data key="pinyin">${escapeXml(d.pinyin)}</data><data key="kind">${d.kind}</data><data key="synthetic">${String(d.synthetic)}</data></node>`;
  });
  const edges = cy.edges('[!group]').map((e) => {
    const d = e.data() as { id: string; source: string; target: string; type: string; synthetic: boolean };
    return `    <edge id="${escapeXml(d.id)}" source="${escapeXml(d.source)}" target="${escapeXml(d.target)}"><data key="type">${d.type}</data><data key="esynthetic">${String(d.synthetic)}</data></edge>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="pinyin" for="node" attr.name="pinyin" attr.type="string"/>',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="synthetic" for="node" attr.name="synthetic" attr.type="boolean"/>',
    '  <key id="type" for="edge" attr.name="type" attr.type="string"/>',
    '  <key id="esynthetic" for="edge" attr.name="synthetic" attr.type="boolean"/>',
    '  <graph id="jingtai" edgedefault="directed">',
    ...nodes,
    ...edges,
    '  </graph>',
    '</graphml>',
    '',
  ].join('\n');
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
