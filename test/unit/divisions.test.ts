import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { everydayName, readDivisions } from '../../src/seed/divisions.js';
import { SeedRowError } from '../../src/seed/errors.js';
import { DEFAULT_SEED_DIR } from '../../src/seed/index.js';

function countByLabel(labels: string[]): Record<string, number> {
  return labels.reduce<Record<string, number>>((acc, l) => ({ ...acc, [l]: (acc[l] ?? 0) + 1 }), {});
}

describe('the NBS divisions seed file', () => {
  const { entities, relations } = readDivisions(path.join(DEFAULT_SEED_DIR, 'divisions.csv'));

  it('holds the county, 11 townships, 136 villages and 13 communities', () => {
    expect(countByLabel(entities.map((e) => e.label))).toEqual({
      County: 1,
      Township: 11,
      Village: 136,
      Community: 13,
    });
  });

  it('links every unit below the county to exactly one parent', () => {
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

  it('names the file and line of a malformed code', () => {
    const file = write(
      `${header}620423100000,一条山镇,town,620423000000,,2021\n62042310,坏村民委员会,village,620423100000,,2021\n`,
    );
    expect(() => readDivisions(file)).toThrow(SeedRowError);
    expect(() => readDivisions(file)).toThrow(`${file}:3: code "62042310" is not 12 digits`);
  });

  it('refuses a village whose township is not listed', () => {
    const file = write(`${header}620423999201,某村民委员会,village,620423999000,,2021\n`);
    expect(() => readDivisions(file)).toThrow(/:2: parent "620423999000" is not a township/);
  });
});
