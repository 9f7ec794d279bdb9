import fs from 'node:fs';
import path from 'node:path';

import { parse, Kind } from 'graphql';
import { describe, expect, it } from 'vitest';

import { KNOWN_OPERATIONS, operationLabel } from '../../src/metrics.js';

const root = path.resolve(import.meta.dirname, '../..');

/** The operation names a shipped document declares. */
function declaredNames(source: string): string[] {
  return parse(source).definitions.flatMap((d) =>
    d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : [],
  );
}

/** Every operation the service ships: the playground's examples and the explorer's queries. */
function shippedNames(): string[] {
  const dir = path.join(root, 'web', 'examples');
  const examples = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .flatMap((f) => declaredNames(fs.readFileSync(path.join(dir, f), 'utf8')));
  const explorer = fs.readFileSync(path.join(root, 'web', 'explorer', 'api.ts'), 'utf8');
  const queries = [...explorer.matchAll(/`((?:query|mutation) \w+[^`]*)`/g)].flatMap((m) => declaredNames(m[1] ?? ''));
  return [...examples, ...queries];
}

describe('operation names as metric labels', () => {
  it('knows exactly the operations the service ships', () => {
    const shipped = shippedNames();
    expect(shipped.length).toBeGreaterThanOrEqual(14);
    expect([...KNOWN_OPERATIONS].sort()).toEqual([...new Set(shipped)].sort());
  });

  it('keeps a known name, and collapses any other into other', () => {
    expect(operationLabel('BranchEnterpriseBaseChains')).toBe('BranchEnterpriseBaseChains');
    expect(operationLabel('Network')).toBe('Network');
    expect(operationLabel('Op12345')).toBe('other');
    expect(operationLabel('network')).toBe('other');
    expect(operationLabel('constructor')).toBe('other');
    expect(operationLabel(undefined)).toBe('anonymous');
    expect(operationLabel(null)).toBe('anonymous');
  });
});
