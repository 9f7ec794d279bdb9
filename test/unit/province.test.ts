import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/config.js';
import { readDivisions } from '../../src/seed/divisions.js';
import { validateRows } from '../../src/seed/files.js';
import { DEFAULT_SEED_DIR, readSeedSet } from '../../src/seed/index.js';
import { checkInvariants } from '../../src/seed/invariants.js';
import {
  copyCounty,
  firstOfPrefecture,
  MAX_SYNTHETIC_COUNTIES,
  readTemplate,
  syntheticCodes,
  syntheticPrefecture,
  writeSyntheticProvince,
} from '../../src/seed/province.js';

const template = readTemplate(DEFAULT_SEED_DIR);
const real = readDivisions(path.join(projectRoot, 'test/fixtures/baiyin-divisions/divisions.csv'));
// Every real name a copy could borrow: the Baiyin places' (everyday and official) and the seed files'.
const realNames = [
  ...real.entities.flatMap((e) => [String(e.props.name), String(e.props.officialName)]),
  '景泰',
  '白银',
];

describe('synthetic county codes', () => {
  const all = Array.from({ length: MAX_SYNTHETIC_COUNTIES }, (_, i) => syntheticCodes(i + 1));

  it('are 12 digits, distinct, in Gansu, under prefectures 91–99 that no real prefecture has', () => {
    expect(new Set(all.map((c) => c.county)).size).toBe(MAX_SYNTHETIC_COUNTIES);
    for (const { county, prefecture } of all) {
      expect(county).toMatch(/^62(9[1-9])(0[1-9]|[1-9]\d)000000$/);
      expect(prefecture).toBe(`${county.slice(0, 4)}00000000`);
    }
    const realCodes = new Set(real.entities.map((e) => String(e.props.code)));
    expect(all.filter((c) => realCodes.has(c.county))).toEqual([]);
  });

  it('refuse a number outside 1..MAX', () => {
    expect(() => syntheticCodes(0)).toThrow(/between 1 and/);
    expect(() => syntheticCodes(MAX_SYNTHETIC_COUNTIES + 1)).toThrow(/between 1 and/);
  });
});

describe('a synthetic county copy', () => {
  const first = copyCounty(template, 1);
  const second = copyCounty(template, 2);

  it('is the same every time for the same number', () => {
    expect(copyCounty(template, 2)).toEqual(second);
  });

  it('has the shape of the seed county under its own ids and codes', () => {
    expect(first.entities.length).toBe(second.entities.length);
    expect(first.relations.length).toBe(second.relations.length);
    const firstIds = new Set(first.entities.map((e) => e.id));
    expect(firstIds.size).toBe(first.entities.length);
    expect(second.entities.filter((e) => firstIds.has(e.id))).toEqual([]);
    const counts = (labels: string[]): Record<string, number> =>
      labels.reduce<Record<string, number>>((acc, l) => ({ ...acc, [l]: (acc[l] ?? 0) + 1 }), {});
    const seedSet = readSeedSet(DEFAULT_SEED_DIR);
    expect(counts(first.entities.map((e) => e.label))).toEqual(
      counts(seedSet.entities.filter((e) => e.label !== 'Program' && e.label !== 'Prefecture').map((e) => e.label)),
    );
    for (const e of first.entities.filter((x) => typeof x.props.code === 'string')) {
      expect(String(e.props.code)).toMatch(/^629901\d{6}$/);
    }
  });

  it('is part of a made-up prefecture, shared by the first 99 copies and written with the first', () => {
    const prefecture = syntheticPrefecture(1);
    expect(prefecture).toMatchObject({
      id: 'Prefecture:629900000000',
      label: 'Prefecture',
      props: { name: '模拟99市', code: '629900000000', provinceCode: '620000000000', synthetic: true },
    });
    expect(prefecture.props.source).toMatch(/synthetic/);
    expect(syntheticPrefecture(99).id).toBe(prefecture.id);
    expect(syntheticPrefecture(100).id).toBe('Prefecture:629800000000');
    expect([1, 2, 99, 100, 101].map(firstOfPrefecture)).toEqual([true, false, false, true, false]);
    for (const copy of [first, second]) {
      const county = copy.entities.find((e) => e.label === 'County');
      expect(copy.relations).toContainEqual({
        type: 'PART_OF',
        from: county?.id,
        to: prefecture.id,
        props: { synthetic: true },
      });
      expect(county?.props).toMatchObject({ prefectureCode: '629900000000', prefectureName: '模拟99市' });
      expect(copy.entities.filter((e) => e.label === 'Prefecture')).toEqual([]);
    }
  });

  it('is synthetic everywhere, cites no sentence and borrows no real name', () => {
    for (const e of first.entities) {
      expect(e.props.synthetic, e.id).toBe(true);
      expect(e.evidence ?? [], e.id).toEqual([]);
      expect(e.props.collectiveIncomeEvidence, e.id).toBeUndefined();
      const name = String(e.props.name);
      expect(name, e.id).toMatch(/^(中共)?模拟001/);
      expect(
        realNames.filter((n) => name.includes(n)),
        e.id,
      ).toEqual([]);
    }
    for (const r of first.relations) {
      expect(r.props.synthetic).toBe(true);
      expect(r.props.evidence).toBeUndefined();
    }
  });
});

describe('a seed folder with two synthetic counties', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'province-')), 'seeds');
  const progress: number[] = [];
  const written = writeSyntheticProvince(DEFAULT_SEED_DIR, out, 2, (done) => progress.push(done));
  const set = readSeedSet(out);

  it('reports each county as it is written', () => {
    expect(progress).toEqual([1, 2]);
    expect(written.counties).toBe(2);
  });

  it('reads back as the seeds plus both counties, valid and with every domain invariant holding', () => {
    const seeds = readSeedSet(DEFAULT_SEED_DIR);
    expect(set.entities.length).toBe(seeds.entities.length + written.entities);
    expect(set.relations.length).toBe(seeds.relations.length + written.relations);
    expect(set.entities.filter((e) => e.label === 'County').map((e) => e.id)).toEqual([
      'County:620423000000',
      'County:629901000000',
      'County:629902000000',
    ]);
    expect(set.entities.filter((e) => e.label === 'Prefecture').map((e) => e.id)).toEqual([
      'Prefecture:620400000000',
      'Prefecture:629900000000',
    ]);
    expect(() => {
      validateRows(set.entities, set.relations);
    }).not.toThrow();
    expect(checkInvariants(set.entities, set.relations, set.articleCounts)).toEqual([]);
  });

  it('keeps the seed county exactly as the seeds give it', () => {
    const seeds = readSeedSet(DEFAULT_SEED_DIR);
    const byId = new Map(set.entities.map((e) => [e.id, e]));
    for (const e of seeds.entities) expect(byId.get(e.id)?.props, e.id).toEqual(e.props);
  });

  it('refuses to write into a folder that is not empty', () => {
    expect(() => writeSyntheticProvince(DEFAULT_SEED_DIR, out, 1)).toThrow(/is not empty/);
  });
});
