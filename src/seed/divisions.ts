import fs from 'node:fs';

import { parse } from 'csv-parse/sync';

import { entityId, type EntityLabel } from '../model/kinds.js';
import { pinyinFields } from '../text/names.js';
import { SeedRowError } from './errors.js';
import type { EntityRow, RelationRow } from './rows.js';

const CODE = /^\d{12}$/;

/**
 * English names established for Baiyin and its county-level units (the NBS list gives Chinese
 * only); a unit without one has no `nameEn`.
 */
const NAMES_EN: Readonly<Record<string, string>> = {
  '620400000000': 'Baiyin City',
  '620402000000': 'Baiyin District',
  '620403000000': 'Pingchuan District',
  '620421000000': 'Jingyuan County',
  '620422000000': 'Huining County',
  '620423000000': 'Jingtai County',
};

interface DivisionRecord {
  code: string;
  name: string;
  level: string;
  parent_code: string;
  source_year: string;
  /** Optional column: `true` on the units of a generated (synthetic) county. */
  synthetic?: string;
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

/** Where a unit's properties say it comes from: the NBS list, or the synthetic-county generator. */
function sourceOf(record: DivisionRecord): string {
  return record.synthetic === 'true'
    ? 'generated division (synthetic county, not an NBS code)'
    : `NBS ${record.source_year} statistical division codes`;
}

/** The established English name of a real unit, as a property; none for a synthetic one. */
function nameEnOf(record: DivisionRecord): { nameEn?: string } {
  const nameEn = NAMES_EN[record.code];
  return nameEn && record.synthetic !== 'true' ? { nameEn } : {};
}

function unit(label: EntityLabel, record: DivisionRecord, more: Record<string, string> = {}): EntityRow {
  const name = everydayName(record.name);
  return {
    id: entityId(label, record.code),
    label,
    props: {
      name,
      officialName: record.name,
      code: record.code,
      ...pinyinFields(name),
      ...more,
      synthetic: record.synthetic === 'true',
      source: sourceOf(record),
    },
  };
}

/**
 * Reads an NBS division list (code,name,level,parent_code,urban_rural_code,source_year and an
 * optional `synthetic` column) holding any number of counties: `prefecture` rows (whose parent is
 * the province), `county` rows under a prefecture listed above, `town` rows under a county listed
 * above and `village` rows under a town listed above. Each becomes an entity (Prefecture, County,
 * Township, Village or Community) with PART_OF to its parent; the province has no row (the list
 * gives its code only), so it is kept as `provinceCode` on the prefecture and its counties, and a
 * county keeps its prefecture's code and name too (`prefectureCode`, `prefectureName`).
 */
export function readDivisions(file: string): { entities: EntityRow[]; relations: RelationRow[] } {
  const records = parse<DivisionRecord>(fs.readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  });
  const entities: EntityRow[] = [];
  const relations: RelationRow[] = [];
  const prefectures = new Map<string, { record: DivisionRecord; id: string }>();
  const counties = new Map<string, string>();
  const townships = new Map<string, string>();
  const seen = new Set<string>();
  const partOf = (row: EntityRow, parent: string): void => {
    entities.push(row);
    relations.push({ type: 'PART_OF', from: row.id, to: parent, props: { synthetic: row.props.synthetic === true } });
  };

  records.forEach((record, index) => {
    const line = index + 2; // header is line 1
    const fail = (message: string): never => {
      throw new SeedRowError(file, line, message);
    };
    if (!CODE.test(record.code)) fail(`code "${record.code}" is not 12 digits`);
    if (!record.name) fail('name is empty');
    if (record.synthetic !== undefined && !['', 'true', 'false'].includes(record.synthetic)) {
      fail(`synthetic must be true, false or empty, got "${record.synthetic}"`);
    }
    if (seen.has(record.code)) fail(`code ${record.code} is listed twice`);
    seen.add(record.code);
    switch (record.level) {
      case 'prefecture': {
        if (!CODE.test(record.parent_code)) fail(`parent "${record.parent_code}" is not a 12-digit province code`);
        const row = unit('Prefecture', record, { provinceCode: record.parent_code, ...nameEnOf(record) });
        prefectures.set(record.code, { record, id: row.id });
        entities.push(row);
        return;
      }
      case 'county': {
        const prefecture = prefectures.get(record.parent_code);
        if (!prefecture) return fail(`county parent "${record.parent_code}" is not a prefecture listed above`);
        const row = unit('County', record, {
          prefectureCode: prefecture.record.code,
          prefectureName: prefecture.record.name,
          provinceCode: prefecture.record.parent_code,
          ...nameEnOf(record),
        });
        counties.set(record.code, row.id);
        partOf(row, prefecture.id);
        return;
      }
      case 'town': {
        const county = counties.get(record.parent_code);
        if (!county) return fail(`township parent "${record.parent_code}" is not a county listed above`);
        const row = unit('Township', record);
        townships.set(record.code, row.id);
        partOf(row, county);
        return;
      }
      case 'village': {
        const township = townships.get(record.parent_code);
        if (!township) return fail(`parent "${record.parent_code}" is not a township listed above`);
        partOf(unit(record.name.endsWith('居民委员会') ? 'Community' : 'Village', record), township);
        return;
      }
      default:
        fail(`level "${record.level}" is not prefecture, county, town or village`);
    }
  });
  return { entities, relations };
}
