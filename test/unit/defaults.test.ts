import { buildSchema, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';

import { CAPS, DEFAULTS } from '../../src/defaults.js';
import { loadTypeDefs } from '../../src/schema.js';

const schema = buildSchema(loadTypeDefs());

/** Every default value written in the SDL, keyed `Type.field(argument)` or `Input.field`. */
function sdlDefaults(): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        for (const arg of field.args) {
          if (arg.defaultValue !== undefined) out.set(`${type.name}.${field.name}(${arg.name})`, arg.defaultValue);
        }
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.defaultValue !== undefined) out.set(`${type.name}.${field.name}`, field.defaultValue);
      }
    }
  }
  return out;
}

/** Which constant each SDL default must equal. A default added to the SDL must be added here. */
const EXPECTED: Record<string, keyof typeof DEFAULTS> = {
  'VillageConnection.groupBy(first)': 'first',
  'PartyOrganizationConnection.groupBy(first)': 'first',
  'PersonConnection.groupBy(first)': 'first',
  'CooperativeConnection.groupBy(first)': 'first',
  'EnterpriseConnection.groupBy(first)': 'first',
  'BaseConnection.groupBy(first)': 'first',
  'SocialOrganizationConnection.groupBy(first)': 'first',
  'Query.chains(sameVillage)': 'sameVillage',
  'Query.search(first)': 'searchFirst',
  'Query.paths(first)': 'pathsFirst',
  'Query.paths(maxHops)': 'maxHops',
  'Query.network(depth)': 'depth',
  'Query.network(limit)': 'networkLimit',
  'Query.changes(first)': 'changesFirst',
  'ChainStepInput.direction': 'chainDirection',
  'VillageOrder.direction': 'sortDirection',
  'EntityOrder.direction': 'sortDirection',
  'EnterpriseOrder.direction': 'sortDirection',
  'DeleteEntityInput.hard': 'hardDelete',
  'Query.county(code)': 'countyCode',
};

describe('the SDL defaults', () => {
  const actual = sdlDefaults();

  it('are found (the walk over the schema works)', () => {
    expect(actual.get('Query.search(first)')).toBeTypeOf('number');
  });

  it.each([...actual.entries()])('%s = %j equals its constant in src/defaults.ts', (where, value) => {
    const key = EXPECTED[where];
    if (key === undefined) expect.fail(`${where} has a default in the SDL but no entry in EXPECTED (src/defaults.ts)`);
    expect(value, `${where} vs DEFAULTS.${key}`).toStrictEqual(DEFAULTS[key]);
  });

  it('leave no entry of the table stale: each is a default in the SDL', () => {
    expect(Object.keys(EXPECTED).filter((k) => !actual.has(k))).toEqual([]);
  });

  it('use every constant of DEFAULTS', () => {
    const used = new Set(Object.values(EXPECTED));
    expect(Object.keys(DEFAULTS).filter((k) => !used.has(k as keyof typeof DEFAULTS))).toEqual([]);
  });
});

describe('defaults and caps', () => {
  it.each(Object.keys(CAPS).filter((k): k is keyof typeof DEFAULTS & keyof typeof CAPS => k in DEFAULTS))(
    'the default %s lies within its cap',
    (key) => {
      const cap = CAPS[key];
      const value = DEFAULTS[key];
      expect(typeof value).toBe('number');
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThanOrEqual(typeof cap === 'number' ? cap : Number.NaN);
    },
  );

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(DEFAULTS)).toBe(true);
    expect(Object.isFrozen(CAPS)).toBe(true);
    expect(Object.isFrozen(CAPS.chainSteps)).toBe(true);
  });
});
