import fs from 'node:fs';

import { parse } from 'csv-parse/sync';

import { entityId, type EntityLabel } from '../model/kinds.js';
import { pinyinFields } from '../text/names.js';
import { SeedRowError } from './errors.js';
import type { EntityRow, RelationRow } from './rows.js';

export const COUNTY_CODE = '620423000000';
const CODE = /^\d{12}$/;

interface DivisionRecord {
  code: string;
  name: string;
  level: string;
  parent_code: string;
  source_year: string;
}

/**
 * The everyday name of a village-level unit: the NBS lists committees (城北村村民委员会,
 * 芦阳村民委员会, 人民路社区居民委员会) while analysts say 城北村, 芦阳村, 人民路社区.
 */
export function everydayName(officialName: string): string {
  if (officialName.endsWith('居民委员会')) return officialName.slice(0, -'居民委员会'.length);
  if (officialName.endsWith('村民委员会')) {
    const stem = officialName.slice(0, -'村民委员会'.length);
    return stem.endsWith('村') ? stem : `${stem}村`;
  }
  return officialName;
}

function unit(label: EntityLabel, code: string, officialName: string, year: string): EntityRow {
  const name = everydayName(officialName);
  return {
    id: entityId(label, code),
    label,
    props: {
      name,
      officialName,
      code,
      ...pinyinFields(name),
      synthetic: false,
      source: `NBS ${year} statistical division codes`,
    },
  };
}

/**
 * Reads the NBS division list (code,name,level,parent_code,urban_rural_code,source_year) into the
 * county, its townships and its village-level units, with PART_OF from each unit to its parent.
 */
export function readDivisions(file: string): { entities: EntityRow[]; relations: RelationRow[] } {
  const records = parse<DivisionRecord>(fs.readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  });
  const county: EntityRow = {
    id: entityId('County', COUNTY_CODE),
    label: 'County',
    props: {
      name: '景泰县',
      officialName: '景泰县',
      nameEn: 'Jingtai County',
      code: COUNTY_CODE,
      ...pinyinFields('景泰县'),
      synthetic: false,
      source: 'NBS statistical division codes (parent of every township row)',
    },
  };
  const entities: EntityRow[] = [county];
  const relations: RelationRow[] = [];
  const townships = new Map<string, string>();

  records.forEach((record, index) => {
    const line = index + 2; // header is line 1
    if (!CODE.test(record.code)) throw new SeedRowError(file, line, `code "${record.code}" is not 12 digits`);
    if (!record.name) throw new SeedRowError(file, line, 'name is empty');
    if (record.level === 'town') {
      if (record.parent_code !== COUNTY_CODE) {
        throw new SeedRowError(file, line, `township parent "${record.parent_code}" is not the county ${COUNTY_CODE}`);
      }
      const row = unit('Township', record.code, record.name, record.source_year);
      townships.set(record.code, row.id);
      entities.push(row);
      relations.push({ type: 'PART_OF', from: row.id, to: county.id, props: { synthetic: false } });
    } else if (record.level === 'village') {
      const parent = townships.get(record.parent_code);
      if (!parent) throw new SeedRowError(file, line, `parent "${record.parent_code}" is not a township listed above`);
      const label: EntityLabel = record.name.endsWith('居民委员会') ? 'Community' : 'Village';
      const row = unit(label, record.code, record.name, record.source_year);
      entities.push(row);
      relations.push({ type: 'PART_OF', from: row.id, to: parent, props: { synthetic: false } });
    } else {
      throw new SeedRowError(file, line, `level "${record.level}" is neither town nor village`);
    }
  });
  return { entities, relations };
}
