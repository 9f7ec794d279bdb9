import { describe, expect, it } from 'vitest';

import { ENTITY_KINDS } from '../../src/model/kinds.js';
import { KIND_RANK } from '../../web/explorer/labels.js';
import { KINDS } from '../../web/explorer/style.js';

describe('the explorer knows every kind of entity', () => {
  const kinds = Object.values(ENTITY_KINDS).sort();

  it('gives each a colour, a shape and a legend label', () => {
    expect(Object.keys(KINDS).sort()).toEqual(kinds);
  });

  it('ranks each when labels compete for room, places above what lies in them', () => {
    expect(Object.keys(KIND_RANK).sort()).toEqual(kinds);
    const places = ['PREFECTURE', 'COUNTY', 'TOWNSHIP', 'VILLAGE'].map((k) => KIND_RANK[k] ?? 0);
    expect(places).toEqual([...places].sort((a, b) => b - a));
    expect(new Set(places).size).toBe(places.length);
  });
});
