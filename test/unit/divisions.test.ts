import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/config.js';
import { everydayName, readDivisions } from '../../src/seed/divisions.js';
import { SeedRowError } from '../../src/seed/errors.js';
import { DEFAULT_SEED_DIR } from '../../src/seed/index.js';

const BAIYIN = path.join(projectRoot, 'test/fixtures/baiyin-divisions/divisions.csv');

function countByLabel(labels: string[]): Record<string, number> {
  return labels.reduce<Record<string, number>>((acc, l) => ({ ...acc, [l]: (acc[l] ?? 0) + 1 }), {});
}

describe('the NBS divisions seed file', () => {
  const { entities, relations } = readDivisions(path.join(DEFAULT_SEED_DIR, 'divisions.csv'));

  it('holds the prefecture, the county, 11 townships, 136 villages and 13 communities', () => {
    expect(countByLabel(entities.map((e) => e.label))).toEqual({
      Prefecture: 1,
      County: 1,
      Township: 11,
      Village: 136,
      Community: 13,
    });
  });

  it('links every unit below the prefecture to exactly one parent', () => {
    expect(relations).toHaveLength(entities.length - 1);
    const ids = new Set(entities.map((e) => e.id));
    for (const r of relations) {
      expect(ids.has(r.from) && ids.has(r.to)).toBe(true);
    }
  });

  it('gives stable ids made of the kind and the 12-digit code', () => {
    const chengbei = entities.find((e) => e.id === 'Village:620423101203');
    expect(chengbei?.props).toMatchObject({
      name: '城北村',
      officialName: '城北村村民委员会',
      code: '620423101203',
      pinyinPlain: 'chengbeicun',
      pinyinInitials: 'cbc',
      synthetic: false,
    });
    expect(entities.find((e) => e.label === 'County')?.id).toBe('County:620423000000');
  });

  it('makes the prefecture an entity with the province code, and the county part of it', () => {
    expect(entities.find((e) => e.label === 'Prefecture')).toMatchObject({
      id: 'Prefecture:620400000000',
      props: {
        name: '白银市',
        officialName: '白银市',
        nameEn: 'Baiyin City',
        code: '620400000000',
        provinceCode: '620000000000',
        pinyin: 'bái yín shì',
        synthetic: false,
        source: 'NBS 2021 statistical division codes',
      },
    });
    expect(relations).toContainEqual({
      type: 'PART_OF',
      from: 'County:620423000000',
      to: 'Prefecture:620400000000',
      props: { synthetic: false },
    });
  });

  it('keeps the prefecture and province on the county', () => {
    expect(entities.find((e) => e.label === 'County')?.props).toMatchObject({
      name: '景泰县',
      nameEn: 'Jingtai County',
      code: '620423000000',
      prefectureCode: '620400000000',
      prefectureName: '白银市',
      provinceCode: '620000000000',
      synthetic: false,
    });
  });

  it("is the Baiyin divisions' rows of Jingtai and its prefecture, unchanged", () => {
    const baiyin = fs.readFileSync(BAIYIN, 'utf8').split('\n');
    const [header, ...rows] = baiyin;
    const jingtai = [header, ...rows.filter((r) => r.startsWith('620423') || r.startsWith('620400000000,'))];
    expect(fs.readFileSync(path.join(DEFAULT_SEED_DIR, 'divisions.csv'), 'utf8')).toBe(`${jingtai.join('\n')}\n`);
  });
});

describe('the divisions of all of Baiyin (test/fixtures/baiyin-divisions)', () => {
  const { entities, relations } = readDivisions(BAIYIN);

  it('holds 1 prefecture, 5 counties, 78 towns and 846 village-level units', () => {
    const counts = countByLabel(entities.map((e) => e.label));
    expect(counts).toMatchObject({ Prefecture: 1, County: 5, Township: 78 });
    expect((counts.Village ?? 0) + (counts.Community ?? 0)).toBe(846);
  });

  it('puts every county under 白银市, every township under its own county and every village under its township', () => {
    const parent = new Map(relations.map((r) => [r.from, r.to]));
    for (const e of entities) {
      const code = String(e.props.code);
      if (e.label === 'Prefecture') expect(parent.has(e.id)).toBe(false);
      if (e.label === 'County') expect(parent.get(e.id)).toBe('Prefecture:620400000000');
      if (e.label === 'Township') expect(parent.get(e.id)).toBe(`County:${code.slice(0, 6)}000000`);
      if (e.label === 'Village' || e.label === 'Community')
        expect(parent.get(e.id)).toBe(`Township:${code.slice(0, 9)}000`);
    }
  });

  it('gives the same Jingtai and prefecture as the seed file', () => {
    const seedRows = readDivisions(path.join(DEFAULT_SEED_DIR, 'divisions.csv')).entities;
    const jingtai = entities.filter((e) => /^(620423|620400000000)/.test(String(e.props.code)));
    expect(jingtai).toEqual(seedRows);
  });

  it('lists the five counties of 白银市 under it, each with its English name', () => {
    const counties = relations.filter((r) => r.to === 'Prefecture:620400000000').map((r) => r.from);
    expect(counties).toEqual([
      'County:620402000000',
      'County:620403000000',
      'County:620421000000',
      'County:620422000000',
      'County:620423000000',
    ]);
    const byId = new Map(entities.map((e) => [e.id, e]));
    expect(counties.map((id) => byId.get(id)?.props.nameEn)).toEqual([
      'Baiyin District',
      'Pingchuan District',
      'Jingyuan County',
      'Huining County',
      'Jingtai County',
    ]);
  });
});

describe('everydayName', () => {
  it.each([
    ['城北村村民委员会', '城北村'],
    ['芦阳村民委员会', '芦阳村'],
    ['三道埫村村民委员会', '三道埫村'],
    ['人民路社区居民委员会', '人民路社区'],
    ['芦阳镇', '芦阳镇'],
  ])('%s → %s', (official, everyday) => {
    expect(everydayName(official)).toBe(everyday);
  });
});

describe('a bad divisions file', () => {
  function write(content: string): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'divisions-')), 'divisions.csv');
    fs.writeFileSync(file, content);
    return file;
  }
  const header = 'code,name,level,parent_code,urban_rural_code,source_year\n';
  const county = '620400000000,白银市,prefecture,620000000000,,2021\n620423000000,景泰县,county,620400000000,,2021\n';

  it('names the file and line of a malformed code', () => {
    const file = write(
      `${header}${county}620423100000,一条山镇,town,620423000000,,2021\n62042310,坏村民委员会,village,620423100000,,2021\n`,
    );
    expect(() => readDivisions(file)).toThrow(SeedRowError);
    expect(() => readDivisions(file)).toThrow(`${file}:5: code "62042310" is not 12 digits`);
  });

  it('refuses a village whose township is not listed', () => {
    const file = write(`${header}620423999201,某村民委员会,village,620423999000,,2021\n`);
    expect(() => readDivisions(file)).toThrow(/:2: parent "620423999000" is not a township/);
  });

  it('refuses a township whose county is not listed, and a county whose prefecture is not', () => {
    expect(() => readDivisions(write(`${header}620423100000,一条山镇,town,620423000000,,2021\n`))).toThrow(
      /:2: township parent "620423000000" is not a county listed above/,
    );
    expect(() => readDivisions(write(`${header}620423000000,景泰县,county,620400000000,,2021\n`))).toThrow(
      /:2: county parent "620400000000" is not a prefecture listed above/,
    );
  });

  it('refuses a code listed twice and an unknown level', () => {
    expect(() => readDivisions(write(`${header}${county}620423000000,景泰县,county,620400000000,,2021\n`))).toThrow(
      /:4: code 620423000000 is listed twice/,
    );
    expect(() => readDivisions(write(`${header}620000000000,甘肃省,province,,,2021\n`))).toThrow(
      /:2: level "province" is not prefecture, county, town or village/,
    );
  });

  it('marks the units of a synthetic row as such, and refuses another value', () => {
    const marked = 'code,name,level,parent_code,urban_rural_code,source_year,synthetic\n';
    const { entities } = readDivisions(
      write(
        `${marked}629900000000,模拟99市,prefecture,620000000000,,2021,true\n629901000000,模拟001县,county,629900000000,,2021,true\n`,
      ),
    );
    expect(entities.map((e) => e.id)).toEqual(['Prefecture:629900000000', 'County:629901000000']);
    expect(entities[0]?.props).toMatchObject({ synthetic: true, name: '模拟99市' });
    expect(entities[0]?.props.nameEn).toBeUndefined();
    expect(entities[1]?.props).toMatchObject({ synthetic: true, prefectureName: '模拟99市' });
    for (const e of entities) expect(e.props.source, e.id).toMatch(/synthetic/);
    expect(() => readDivisions(write(`${marked}629900000000,模拟99市,prefecture,620000000000,,2021,yes\n`))).toThrow(
      /:2: synthetic must be true, false or empty/,
    );
  });
});
