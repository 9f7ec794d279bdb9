import { describe, expect, it } from 'vitest';

import { FAN_OUT, KIND_SIZE } from '../../src/model/fanout.js';
import { DEFAULT_SEED_DIR, readSeedSet } from '../../src/seed/index.js';

describe("the graph's size figures the cost estimator uses", () => {
  const set = readSeedSet(DEFAULT_SEED_DIR);

  it('count at least as many entities of each kind as the seeds hold', () => {
    const counts = new Map<string, number>();
    for (const e of set.entities) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
    for (const [label, count] of counts) {
      expect(KIND_SIZE[label as keyof typeof KIND_SIZE], label).toBeGreaterThanOrEqual(count);
    }
  });

  it('give each relationship type at least the largest fan-out of the seeds, both ways', () => {
    const degrees = new Map<string, Map<string, number>>();
    for (const r of set.relations) {
      for (const [way, id] of [
        ['out', r.from],
        ['in', r.to],
      ] as const) {
        const key = `${r.type} ${way}`;
        const byNode = degrees.get(key) ?? new Map<string, number>();
        degrees.set(key, byNode);
        byNode.set(id, (byNode.get(id) ?? 0) + 1);
      }
    }
    expect(degrees.size).toBeGreaterThan(10);
    for (const [key, byNode] of degrees) {
      const [type, way] = key.split(' ') as [keyof typeof FAN_OUT, 'out' | 'in'];
      expect(FAN_OUT[type][way], key).toBeGreaterThanOrEqual(Math.max(...byNode.values()));
    }
  });
});
