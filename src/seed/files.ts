import fs from 'node:fs';
import path from 'node:path';

import { parse } from 'csv-parse/sync';

import { isEntityLabel, isRelationType, type EntityLabel } from '../model/kinds.js';
import { validateEntity, validateRelation } from '../model/validate.js';
import { pinyinFields } from '../text/names.js';
import type { EvidenceIndex } from './documents.js';
import { SeedRowError } from './errors.js';
import { relationId, type EntityRow, type PropertyValue, type RelationRow } from './rows.js';

// CSV carries text only: these columns are read as numbers; "true"/"false" become booleans.
const NUMERIC = new Set([
  'collectiveIncome',
  'collectiveIncomeYear',
  'year',
  'officeFunds',
  'cadrePay',
  'groupCadreSubsidy',
]);

interface RawRow {
  values: Record<string, unknown>;
  line: number;
}

function readRows(file: string): RawRow[] {
  const text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.json')) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new SeedRowError(file, 1, `not valid JSON: ${(err as Error).message}`);
    }
    if (!Array.isArray(data)) throw new SeedRowError(file, 1, 'must hold a JSON array of objects');
    // JSON rows are numbered from 1 in the array, reported as the "line".
    return data.map((values: unknown, index) => {
      if (typeof values !== 'object' || values === null || Array.isArray(values)) {
        throw new SeedRowError(file, index + 1, 'each item must be an object');
      }
      return { values: values as Record<string, unknown>, line: index + 1 };
    });
  }
  const records = parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true, trim: true });
  return records.map((record, index) => {
    const values: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(record)) {
      if (raw === '') continue;
      if (raw === 'true' || raw === 'false') values[key] = raw === 'true';
      else if (NUMERIC.has(key) && !Number.isNaN(Number(raw))) values[key] = Number(raw);
      else if (key === 'evidence' && raw.includes('|')) values[key] = raw.split('|');
      else values[key] = raw;
    }
    return { values, line: index + 2 };
  });
}

/** Called as each seed file is about to be read, with its path. */
export type OnFile = (file: string) => void;

/** The seed files of a folder's `nodes/` and `relationships/`, in the order they are read. */
export function seedFiles(dir: string): string[] {
  return [...listFiles(path.join(dir, 'nodes')), ...listFiles(path.join(dir, 'relationships'))];
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') || f.endsWith('.csv'))
    .sort()
    .map((f) => path.join(dir, f));
}

function toProperties(values: Record<string, unknown>, skip: string[]): Record<string, PropertyValue> {
  const props: Record<string, PropertyValue> = {};
  for (const [key, value] of Object.entries(values)) {
    if (skip.includes(key)) continue;
    props[key] = value as PropertyValue;
  }
  return props;
}

function evidenceList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return [typeof value === 'string' ? value : JSON.stringify(value)];
}

/** Reads `nodes/<Kind>.json|csv`: one file per entity kind, named after its label. */
export function readEntityFiles(dir: string, evidence: EvidenceIndex, onFile?: OnFile): EntityRow[] {
  return listFiles(path.join(dir, 'nodes')).flatMap((file) => {
    onFile?.(file);
    const label = path.basename(file).replace(/\.(json|csv)$/, '');
    if (!isEntityLabel(label)) throw new SeedRowError(file, 1, `"${label}" is not an entity kind`);
    return readRows(file).map(({ values, line }) => {
      const props = toProperties(values, ['id', 'evidence', 'kind']);
      if (typeof props.name === 'string') Object.assign(props, { ...pinyinFields(props.name), ...pickPinyin(props) });
      const problems = validateEntity(label, values.id, props);
      if (problems[0]) throw new SeedRowError(file, line, `${problems[0].field}: ${problems[0].message}`);
      try {
        return {
          id: values.id as string,
          label,
          props,
          evidence: evidenceList(values.evidence).map((q) => evidence.resolve(q)),
          origin: { file, line },
        };
      } catch (err) {
        throw new SeedRowError(file, line, `evidence: ${(err as Error).message}`);
      }
    });
  });
}

// A row may carry its own pinyin (for names pinyin-pro reads wrongly); keep it over the computed one.
function pickPinyin(props: Record<string, PropertyValue>): Record<string, PropertyValue> {
  const own: Record<string, PropertyValue> = {};
  for (const key of ['pinyin', 'pinyinPlain', 'pinyinInitials', 'pinyinVariants']) {
    const value = props[key];
    if (value !== undefined) own[key] = value;
  }
  return own;
}

/** Reads `relationships/<TYPE>.json|csv`: one file per relationship type, with `from` and `to` ids. */
export function readRelationFiles(dir: string, evidence: EvidenceIndex, onFile?: OnFile): RelationRow[] {
  return listFiles(path.join(dir, 'relationships')).flatMap((file) => {
    onFile?.(file);
    const type = path.basename(file).replace(/\.(json|csv)$/, '');
    if (!isRelationType(type)) throw new SeedRowError(file, 1, `"${type}" is not a relationship type`);
    return readRows(file).map(({ values, line }) => {
      const props = toProperties(values, ['from', 'to', 'type']);
      try {
        if (typeof props.evidence === 'string') props.evidence = evidence.resolve(props.evidence);
      } catch (err) {
        throw new SeedRowError(file, line, `evidence: ${(err as Error).message}`);
      }
      const row: RelationRow = {
        type,
        from: String(values.from),
        to: String(values.to),
        props,
        origin: { file, line },
      };
      return row;
    });
  });
}

/**
 * Validates the whole set before anything is written: duplicate ids, relationship kinds and
 * properties. `known` tells the kind of entities already in the database.
 */
export function validateRows(
  entities: EntityRow[],
  relations: RelationRow[],
  known: Map<string, EntityLabel> = new Map(),
): void {
  const labels = new Map(known);
  const seen = new Map<string, EntityRow>();
  for (const row of entities) {
    const first = seen.get(row.id);
    if (first) {
      const where = first.origin ? ` (first at ${first.origin.file}:${String(first.origin.line)})` : '';
      fail(row.origin, `id: duplicate id ${row.id}${where}`);
    }
    seen.set(row.id, row);
    const problems = validateEntity(row.label, row.id, row.props);
    if (problems[0]) fail(row.origin, `${problems[0].field}: ${problems[0].message}`);
    labels.set(row.id, row.label);
  }
  const relationIds = new Set<string>();
  for (const row of relations) {
    const problems = validateRelation(row.type, row.from, row.to, row.props, (id) => labels.get(id));
    if (problems[0]) fail(row.origin, `${relationId(row)}: ${problems[0].field}: ${problems[0].message}`);
    const id = relationId(row);
    if (relationIds.has(id)) fail(row.origin, `duplicate relationship ${id}`);
    relationIds.add(id);
  }
}

function fail(origin: EntityRow['origin'], message: string): never {
  if (origin) throw new SeedRowError(origin.file, origin.line, message);
  throw new Error(message);
}
