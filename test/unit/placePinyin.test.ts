import fs from 'node:fs';
import path from 'node:path';

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/config.js';
import { readDivisions } from '../../src/seed/divisions.js';
import { DEFAULT_SEED_DIR } from '../../src/seed/index.js';
import { PLACE_READINGS } from '../../src/text/placeReadings.js';
import { pinyinFields } from '../../src/text/names.js';

// The reviewed reading of every place name of the NBS division list (everyday and official
// names): a change of pinyin-pro's tables or of the place-name dictionary shows up here as the
// names whose spelling moved.
interface Expected {
  code: string;
  name: string;
  pinyin: string;
  pinyinVariants: string;
}
const expected = parse<Expected>(fs.readFileSync(path.join(projectRoot, 'test/fixtures/place-pinyin.csv'), 'utf8'), {
  columns: true,
});

describe('pinyin of the place names', () => {
  const { entities } = readDivisions(path.join(DEFAULT_SEED_DIR, 'divisions.csv'));
  const names = entities.flatMap((e) =>
    [...new Set([String(e.props.name), String(e.props.officialName)])].map((name) => ({
      code: String(e.props.code),
      name,
    })),
  );

  it('has a reviewed reading for every name of the division list, and no other', () => {
    // The county and its townships have one name; villages and communities an official one too.
    expect(names).toHaveLength(entities.length + entities.filter((e) => e.props.officialName !== e.props.name).length);
    expect(names.length).toBeGreaterThan(300);
    expect(expected.map((r) => `${r.code} ${r.name}`).sort()).toEqual(names.map((n) => `${n.code} ${n.name}`).sort());
  });

  it('spells every place name as the reviewed table does', () => {
    const wrong = expected
      .map((row) => ({ row, fields: pinyinFields(row.name) }))
      .filter(({ row, fields }) => fields.pinyin !== row.pinyin || fields.pinyinVariants !== row.pinyinVariants)
      .map(({ row, fields }) => `${row.name}: ${fields.pinyin} [${fields.pinyinVariants}], expected ${row.pinyin}`);
    expect(wrong).toEqual([]);
  });

  it('stores what the stored entities carry: the loader uses the same readings', () => {
    for (const e of entities) {
      const row = expected.find((r) => r.code === e.props.code && r.name === e.props.name);
      expect(e.props.pinyin, String(e.props.name)).toBe(row?.pinyin);
    }
  });

  it('reads 曾 as zēng, 一 as yī and a suffix 子 as neutral zi', () => {
    const pinyinOf = (name: string) => expected.find((r) => r.name === name)?.pinyin;
    expect(pinyinOf('曾家井村')).toBe('zēng jiā jǐng cūn');
    expect(pinyinOf('一条山镇')).toBe('yī tiáo shān zhèn');
    expect(pinyinOf('白墩子村')).toBe('bái dūn zi cūn');
    expect(pinyinOf('黑嘴子村')).toBe('hēi zuǐ zi cūn');
    expect(pinyinOf('大咀子村')).toBe('dà zuǐ zi cūn');
  });

  it('has no dictionary word that names no place: every entry is used', () => {
    const all = names.map((n) => n.name).join(' ');
    for (const word of Object.keys(PLACE_READINGS)) expect(all, word).toContain(word);
  });
});
