import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { DEFAULT_SEED_DIR, readSeedSet } from '../../src/seed/index.js';
import { checkInvariants } from '../../src/seed/invariants.js';
import type { EntityRow, RelationRow } from '../../src/seed/rows.js';

const set = readSeedSet(DEFAULT_SEED_DIR);

/** A deep copy of the seed rows, changed by `edit`, checked against the invariants. */
function broken(edit: (relations: RelationRow[], entities: EntityRow[]) => void): string[] {
  const copy = structuredClone({ entities: set.entities, relations: set.relations });
  edit(copy.relations, copy.entities);
  return checkInvariants(copy.entities, copy.relations, set.articleCounts).map((v) => v.rule);
}

const find = (relations: RelationRow[], test: (r: RelationRow) => boolean): RelationRow => {
  const found = relations.find(test);
  if (!found) throw new Error('no such relationship in the seeds');
  return found;
};

// The village a Party organisation (by GOVERNS, or PART_OF then GOVERNS) or a base (LOCATED_IN) belongs to.
function villageOf(): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of set.relations) {
    if ((r.type === 'GOVERNS' || r.type === 'LOCATED_IN') && r.to.startsWith('Village:')) out.set(r.from, r.to);
  }
  for (const r of set.relations) {
    const village = out.get(r.to);
    if (r.type === 'PART_OF' && village) out.set(r.from, village);
  }
  return out;
}

describe('the generated seed graph follows the article’s model', () => {
  it('breaks no domain invariant', () => {
    expect(checkInvariants(set.entities, set.relations, set.articleCounts)).toEqual([]);
  });

  it('makes at least 90 % of the 支部+龙头企业+基地 chains local (branch and base in one village)', () => {
    const leading = new Set(set.entities.filter((e) => e.props.leading === true).map((e) => e.id));
    const village = villageOf();
    const chains = set.relations
      .filter((p) => p.type === 'PARTNERS_WITH' && leading.has(p.to))
      .flatMap((p) => set.relations.filter((o) => o.type === 'OPERATES' && o.from === p.to).map((o) => [p.from, o.to]));
    const local = chains.filter(([org, base]) => village.get(org as string) === village.get(base as string));
    expect(chains.length).toBeGreaterThan(20);
    expect(local.length / chains.length).toBeGreaterThanOrEqual(0.9);
    // …and not all of them: one enterprise works in two villages, which sameVillage tells apart.
    expect(local.length).toBeLessThan(chains.length);
  });

  it('gives every enterprise with a partner a base in that partner’s village or township', () => {
    const village = villageOf();
    const township = (v: string | undefined): string => (v ?? '').slice(0, 'Village:'.length + 9);
    const partners = set.relations.filter((r) => r.type === 'PARTNERS_WITH');
    expect(partners.length).toBeGreaterThan(0);
    for (const p of partners) {
      const baseVillages = set.relations
        .filter((o) => o.type === 'OPERATES' && o.from === p.to)
        .map((o) => village.get(o.to));
      expect(
        baseVillages.some((v) => v === village.get(p.from) || township(v) === township(village.get(p.from))),
        `${p.to} partners ${p.from}`,
      ).toBe(true);
    }
  });

  it('places bases and enterprises by the per-township industry plan', () => {
    const { industryPlan: plan } = JSON.parse(
      fs.readFileSync(path.join(DEFAULT_SEED_DIR, 'synthetic.json'), 'utf8'),
    ) as { industryPlan: Record<string, string[]> };
    const village = villageOf();
    for (const base of set.entities.filter((e) => e.label === 'Base')) {
      const township = `Township:${(village.get(base.id) ?? '').slice('Village:'.length, 'Village:'.length + 9)}000`;
      expect(plan[township], base.id).toContain(base.props.industry);
    }
  });

  it('spreads collective income continuously, with the article’s total and threshold count exact', () => {
    const incomes = set.entities.filter((e) => e.label === 'Village').map((e) => e.props.collectiveIncome as number);
    expect(new Set(incomes).size).toBe(incomes.length);
    expect(incomes.reduce((a, b) => a + b, 0)).toBe(12_563_000);
    expect(incomes.filter((y) => y >= 50_000)).toHaveLength(75);
  });

  it('staggers start dates (先后): dispatched cadres and 一肩挑 over several years', () => {
    const years = (test: (r: RelationRow) => boolean): Set<string> =>
      new Set(set.relations.filter(test).map((r) => String(r.props.since).slice(0, 4)));
    expect(years((r) => r.props.role === 'DISPATCHED_CADRE').size).toBeGreaterThanOrEqual(3);
    expect(years((r) => r.type === 'IMPLEMENTS' && r.to === 'Program:one-shoulder').size).toBeGreaterThanOrEqual(3);
  });

  it('names every generated entity uniquely', () => {
    const names = set.entities.map((e) => e.props.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('each invariant catches the fact that breaks it', () => {
  it('a promotion before the first post', () => {
    const rules = broken((rs) => {
      find(rs, (r) => r.type === 'PROMOTED').props.year = 2010;
    });
    expect(rules).toContain('promotionAfterFirstPost');
  });

  it('a transfer that leaves the old post open', () => {
    const rules = broken((rs) => {
      const move = find(rs, (r) => r.type === 'PROMOTED' && r.props.kind === 'TRANSFER');
      delete find(rs, (r) => r.type === 'HOLDS_POST' && r.from === move.from).props.until;
    });
    expect(rules).toContain('moveEndsVillagePost');
  });

  it('a stationing before the campaign', () => {
    const rules = broken((rs) => {
      find(rs, (r) => r.type === 'STATIONED_IN').props.since = '2012-05';
    });
    expect(rules).toContain('stationingWithinCampaign');
  });

  it('a model village with no cooperative and no operated base', () => {
    const rules = broken((rs) => {
      for (let i = rs.length - 1; i >= 0; i--) {
        const r = rs[i] as RelationRow;
        if (r.type === 'LOCATED_IN' && r.to === 'Village:620423203201') rs.splice(i, 1);
      }
    });
    expect(rules).toContain('modelVillageHasEnterprise');
  });

  it('a 一肩挑 village whose director is someone else', () => {
    const rules = broken((rs) => {
      const post = find(
        rs,
        (r) =>
          r.type === 'HOLDS_POST' &&
          r.to === 'Village:620423101203' &&
          r.props.role === 'VILLAGE_COMMITTEE_DIRECTOR' &&
          r.props.until === undefined,
      );
      post.from = 'Person:reserve-cadre-0001';
    });
    expect(rules).toContain('oneShoulderHolder');
  });

  it('two first secretaries in one village at once', () => {
    const rules = broken((rs) => {
      delete find(rs, (r) => r.type === 'STATIONED_IN' && r.from === 'Person:first-secretary-31').props.until;
    });
    expect(rules).toContain('oneFirstSecretaryAtATime');
  });

  it('resident cadres per year that do not add up to the article’s', () => {
    const rules = broken((rs) => {
      find(rs, (r) => r.type === 'STATIONED_IN' && r.from === 'Person:resident-cadre-001').props.since = '2019-11';
    });
    expect(rules).toContain('residentCadresPerYear');
  });

  it('an enterprise partnering a village where it runs no base', () => {
    const rules = broken((rs) => {
      find(rs, (r) => r.type === 'PARTNERS_WITH').from = 'PartyOrganization:village-620423205201';
    });
    expect(rules).toContain('partnerWhereBase');
  });

  it.each([
    ['turned round before it was listed', { turnedRoundOn: '2016-01' }],
    ['consolidated without being turned round', { turnedRoundOn: undefined, consolidatedOn: '2019-12' }],
    ['consolidated before it was turned round', { turnedRoundOn: '2019-12', consolidatedOn: '2019-06' }],
    ['listed before the campaign', { since: '2013-04' }],
    ['turned round after the campaign', { turnedRoundOn: '2021-03' }],
  ])('a rectification %s', (_what, change) => {
    const rules = broken((rs) => {
      const r = find(rs, (x) => x.type === 'RECTIFIES' && x.props.turnedRoundOn !== undefined);
      // A key set to undefined is dropped, as a missing date is.
      r.props = Object.fromEntries(
        Object.entries({ ...r.props, ...change }).filter((e): e is [string, string] => e[1] !== undefined),
      );
    });
    expect(rules).toContain('rectificationInOrder');
  });

  it('a rectification of a model village’s organisation, or of one that governs no village', () => {
    expect(
      broken((rs) => {
        find(rs, (r) => r.type === 'RECTIFIES').to = 'PartyOrganization:village-620423101203';
      }),
    ).toContain('rectificationContact');
    expect(
      broken((rs) => {
        find(rs, (r) => r.type === 'RECTIFIES').to = 'PartyOrganization:jingtai-county-committee';
      }),
    ).toContain('rectificationContact');
  });

  it('a rectification whose contact holds no post when the organisation is listed', () => {
    const rules = broken((rs) => {
      find(rs, (r) => r.type === 'RECTIFIES').props.since = '2016-05';
    });
    expect(rules).toContain('rectificationContact');
  });

  it('two rectifications of one organisation', () => {
    const rules = broken((rs) => {
      const [a, b] = rs.filter((r) => r.type === 'RECTIFIES');
      if (a && b) b.to = a.to;
    });
    expect(rules).toContain('rectificationContact');
  });
});
