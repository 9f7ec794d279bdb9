import fs from 'node:fs';
import path from 'node:path';

import { entityId } from '../model/kinds.js';
import { everydayName, readDivisions } from './divisions.js';
import { EvidenceIndex, readDocuments } from './documents.js';
import { readEntityFiles, readRelationFiles } from './files.js';
import type { EntityRow, PropertyValue, RelationRow } from './rows.js';
import { generateSynthetic, type SyntheticParams } from './synthetic.js';

/**
 * Synthetic counties for benchmarks and tests: deterministic copies of a seed county (Jingtai:
 * its divisions and everything the generator fills in) under made-up codes and names, written
 * beside the seed set itself in the seed format, so that `npm run seed -- --dir <out>` loads the
 * real county and its copies together.
 *
 * Codes: province 62 (Gansu) as the seed county, prefecture 99 down to 91 — numbers no Chinese
 * province gives a prefecture (NBS uses 01–70 and 90 for directly administered counties) — and
 * county 01–99 in each; towns and villages keep the seed county's last six digits, so every code
 * is 12 digits, valid-looking, and can never be a real unit's. Names say 模拟 (simulated)
 * everywhere (模拟007县, 模拟007-02镇, 模拟007-02-015村, 模拟007县村委会主任-001); nothing is
 * copied from a real name. Every entity and relationship is `synthetic: true` and cites no
 * sentence: the article is about the seed county only.
 */

const COUNTIES_PER_PREFECTURE = 99;
const PREFECTURES = 9;
/** How many synthetic counties the code space holds. */
export const MAX_SYNTHETIC_COUNTIES = COUNTIES_PER_PREFECTURE * PREFECTURES;
const PROVINCE = '62';
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The 12-digit code of the `k`-th synthetic county (k from 1) and of its prefecture. */
export function syntheticCodes(k: number): { county: string; prefecture: string } {
  if (!Number.isInteger(k) || k < 1 || k > MAX_SYNTHETIC_COUNTIES) {
    throw new Error(
      `a synthetic county number must be between 1 and ${String(MAX_SYNTHETIC_COUNTIES)}, got ${String(k)}`,
    );
  }
  const prefecture = `${PROVINCE}${pad(99 - Math.floor((k - 1) / COUNTIES_PER_PREFECTURE), 2)}`;
  const county = `${prefecture}${pad(((k - 1) % COUNTIES_PER_PREFECTURE) + 1, 2)}`;
  return { county: `${county}000000`, prefecture: `${prefecture}00000000` };
}

/** The seed county a copy is made from: its places, the generator's parameters and evidence. */
export interface CountyTemplate {
  county: EntityRow;
  townships: EntityRow[];
  /** Villages and communities, by code. */
  units: EntityRow[];
  /** Other entities of the seed files that belong to the county (its Party committee). */
  own: EntityRow[];
  /** Relationships of the seed files between the county's entities, places and programs. */
  relations: RelationRow[];
  params: SyntheticParams;
  evidence: EvidenceIndex;
}

/** Reads the seed county of a seed folder (one with `divisions.csv` and `synthetic.json`). */
export function readTemplate(dir: string): CountyTemplate {
  const syntheticFile = path.join(dir, 'synthetic.json');
  if (!fs.existsSync(syntheticFile)) throw new Error(`${dir} has no synthetic.json: it holds no county to copy`);
  const params = JSON.parse(fs.readFileSync(syntheticFile, 'utf8')) as SyntheticParams;
  const evidence = new EvidenceIndex(readDocuments(dir));
  const divisions = readDivisions(path.join(dir, 'divisions.csv'));
  const counties = divisions.entities.filter((e) => e.label === 'County');
  const county = params.county ? counties.find((c) => c.id === params.county) : counties[0];
  if (!county || (!params.county && counties.length !== 1)) {
    throw new Error('synthetic.json must name its county when the divisions hold several');
  }
  const parent = new Map(divisions.relations.map((r) => [r.from, r.to]));
  const byCode = (a: EntityRow, b: EntityRow): number => String(a.props.code).localeCompare(String(b.props.code));
  const townships = divisions.entities.filter((e) => e.label === 'Township' && parent.get(e.id) === county.id);
  const townshipIds = new Set(townships.map((t) => t.id));
  const units = divisions.entities.filter((e) => townshipIds.has(parent.get(e.id) ?? ''));
  const places = new Set([county.id, ...townshipIds, ...units.map((u) => u.id)]);
  const entities = readEntityFiles(dir, evidence);
  const own = entities.filter((e) => e.label !== 'Program');
  const copied = new Set([...places, ...own.map((e) => e.id)]);
  const programs = new Set(entities.filter((e) => e.label === 'Program').map((e) => e.id));
  const relations = readRelationFiles(dir, evidence).filter(
    (r) => copied.has(r.from) && (copied.has(r.to) || programs.has(r.to)),
  );
  return { county, townships: townships.sort(byCode), units: units.sort(byCode), own, relations, params, evidence };
}

/** One synthetic county: its entities and relationships, ready to be written as seed rows. */
export interface CountyCopy {
  code: string;
  entities: EntityRow[];
  relations: RelationRow[];
}

/** A copied place's properties: nothing of the real unit but the shape of its code. */
function placeProps(code: string, name: string, officialName: string): Record<string, PropertyValue> {
  return {
    name,
    officialName,
    code,
    synthetic: true,
    source: 'generated division (synthetic county, not an NBS code)',
  };
}

/**
 * The made-up prefecture of the `k`-th synthetic county (k from 1): 模拟99市 for the first 99,
 * and so on. The province has no entity of its own (see src/seed/divisions.ts).
 */
export function syntheticPrefecture(k: number): EntityRow {
  const code = syntheticCodes(k).prefecture;
  const name = `模拟${code.slice(2, 4)}市`;
  return {
    id: entityId('Prefecture', code),
    label: 'Prefecture',
    props: { ...placeProps(code, name, name), provinceCode: `${PROVINCE}0000000000` },
  };
}

/** Whether the `k`-th synthetic county is the first of its prefecture (which is then written with it). */
export function firstOfPrefecture(k: number): boolean {
  return (k - 1) % COUNTIES_PER_PREFECTURE === 0;
}

/**
 * The `k`-th synthetic copy of the template county (k from 1); the same for the same `k`. It is
 * PART_OF its made-up prefecture (`syntheticPrefecture`), which is not among its entities.
 */
export function copyCounty(template: CountyTemplate, k: number): CountyCopy {
  const codes = syntheticCodes(k);
  const tag = `模拟${pad(k, 3)}`;
  const countyName = `${tag}县`;
  const key = `s${codes.county.slice(0, 6)}`;
  const code = (old: unknown): string => `${codes.county.slice(0, 6)}${String(old).slice(6)}`;
  const ids = new Map<string, string>();
  const place = (row: EntityRow, name: string, officialName: string): EntityRow => {
    const newCode = code(row.props.code);
    const id = entityId(row.label, newCode);
    ids.set(row.id, id);
    return { id, label: row.label, props: placeProps(newCode, name, officialName) };
  };

  const prefecture = syntheticPrefecture(k);
  const county = place(template.county, countyName, countyName);
  Object.assign(county.props, {
    prefectureCode: prefecture.props.code,
    prefectureName: prefecture.props.name,
    provinceCode: prefecture.props.provinceCode,
  });
  const townships = template.townships.map((t, i) => {
    // Keep the kind of the unit (镇 town, 乡 township, 街道 sub-district) in the made-up name.
    const kind = /(街道|镇|乡)$/.exec(String(t.props.name))?.[1] ?? '镇';
    const name = `${tag}-${pad(i + 1, 2)}${kind}`;
    return place(t, name, name);
  });
  const townshipIndex = new Map(template.townships.map((t, i) => [t.id, i]));
  const counters = new Map<string, number>();
  const units = template.units.map((u) => {
    const township = `Township:${String(u.props.code).slice(0, 9)}000`;
    const n = (counters.get(township) ?? 0) + 1;
    counters.set(township, n);
    const stem = `${tag}-${pad((townshipIndex.get(township) ?? 0) + 1, 2)}-${pad(n, 3)}`;
    const official = u.label === 'Community' ? `${stem}社区居民委员会` : `${stem}村村民委员会`;
    return place(u, everydayName(official), official);
  });
  const partOf = [[county, prefecture] as const, ...townships.map((t) => [t, county] as const)].concat(
    units.map((u) => [u, townships.find((t) => t.props.code === `${String(u.props.code).slice(0, 9)}000`) ?? county]),
  );

  // The county's own entities of the seed files (its Party committee): renamed, marked generated.
  // A real name is never reused: the committee is 中共模拟007县委, anything else numbered.
  const own = template.own.map((row, i) => {
    const id = entityId(row.label, `${key}-${row.id.slice(row.id.indexOf(':') + 1)}`);
    ids.set(row.id, id);
    const name =
      row.props.orgType === 'COUNTY_COMMITTEE'
        ? `中共${countyName}委（模拟）`
        : `${countyName}${row.label}-${pad(i + 1, 2)}（模拟）`;
    return { id, label: row.label, props: { ...omit(withoutPinyin(row.props), ['nameEn']), name, synthetic: true } };
  });

  // The generator fills the copy in as it filled in the seed county, from the same random seed.
  const params: SyntheticParams = {
    ...template.params,
    county: county.id,
    modelVillages: template.params.modelVillages.map((id) => ids.get(id) ?? id),
    industryPlan: Object.fromEntries(
      Object.entries(template.params.industryPlan).map(([township, plan]) => [ids.get(township) ?? township, plan]),
    ),
  };
  const generatorVillages = units.filter((u) => u.label === 'Village');
  const generated = generateSynthetic(params, { villages: generatorVillages, townships }, template.evidence);
  for (const row of generated.entities) {
    ids.set(row.id, entityId(row.label, `${key}-${row.id.slice(row.id.indexOf(':') + 1)}`));
  }
  const mapped = (id: string): string => ids.get(id) ?? id;
  const renamed = generated.entities.map((row) => {
    const name = String(row.props.name);
    return {
      id: mapped(row.id),
      label: row.label,
      props: { ...withoutPinyin(row.props), name: name.startsWith(tag) ? name : `${countyName}${name}` },
    };
  });
  const relations: RelationRow[] = [
    ...partOf.map(([from, to]) => ({ type: 'PART_OF' as const, from: from.id, to: to.id, props: {} })),
    ...template.relations.map((r) => ({ ...r, from: mapped(r.from), to: mapped(r.to) })),
    ...generated.relations.map((r) => ({ ...r, from: mapped(r.from), to: mapped(r.to) })),
  ].map((r) => ({ type: r.type, from: r.from, to: r.to, props: { ...withoutEvidence(r.props), synthetic: true } }));

  const entities = [county, ...townships, ...units, ...own, ...renamed].map((row) => ({
    id: row.id,
    label: row.label,
    props: { ...withoutEvidence(row.props), synthetic: true },
  }));
  return { code: codes.county, entities, relations };
}

// The loader computes pinyin from the name; a copy's name is new, so the seed's pinyin is dropped.
function withoutPinyin(props: Record<string, PropertyValue>): Record<string, PropertyValue> {
  return omit(props, ['pinyin', 'pinyinPlain', 'pinyinInitials', 'pinyinVariants']);
}

// No sentence states anything about a synthetic county.
function withoutEvidence(props: Record<string, PropertyValue>): Record<string, PropertyValue> {
  return omit(props, ['evidence', 'collectiveIncomeEvidence']);
}

function omit(props: Record<string, PropertyValue>, keys: readonly string[]): Record<string, PropertyValue> {
  return Object.fromEntries(Object.entries(props).filter(([key]) => !keys.includes(key)));
}

/** What `writeSyntheticProvince` wrote. */
export interface ProvinceCounts {
  counties: number;
  entities: number;
  relations: number;
}

/**
 * Writes `outDir`: the seed folder `baseDir` as it is, plus `counties` synthetic copies of its
 * county appended to `nodes/<Kind>.json` and `relationships/<TYPE>.json` (files created where the
 * seeds have none). One county is held in memory at a time; `progress` hears after each.
 */
export function writeSyntheticProvince(
  baseDir: string,
  outDir: string,
  counties: number,
  progress: (done: number, counts: ProvinceCounts) => void = () => undefined,
): ProvinceCounts {
  if (!Number.isInteger(counties) || counties < 1 || counties > MAX_SYNTHETIC_COUNTIES) {
    throw new Error(`counties must be between 1 and ${String(MAX_SYNTHETIC_COUNTIES)}, got ${String(counties)}`);
  }
  if (path.resolve(baseDir) === path.resolve(outDir)) throw new Error('the output folder must not be the seed folder');
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) throw new Error(`${outDir} is not empty`);
  const template = readTemplate(baseDir);
  fs.cpSync(baseDir, outDir, { recursive: true });
  const writers = new Map<string, JsonArrayWriter>();
  const writer = (folder: string, name: string): JsonArrayWriter => {
    const file = path.join(outDir, folder, `${name}.json`);
    let w = writers.get(file);
    if (!w) {
      if (fs.existsSync(path.join(outDir, folder, `${name}.csv`))) {
        throw new Error(`${folder}/${name}.csv: synthetic rows are written as JSON; convert the seed file first`);
      }
      w = new JsonArrayWriter(file);
      writers.set(file, w);
    }
    return w;
  };
  const counts: ProvinceCounts = { counties: 0, entities: 0, relations: 0 };
  try {
    for (let k = 1; k <= counties; k++) {
      const copy = copyCounty(template, k);
      if (firstOfPrefecture(k)) {
        const prefecture = syntheticPrefecture(k);
        writer('nodes', prefecture.label).add({ id: prefecture.id, ...prefecture.props });
        counts.entities += 1;
      }
      for (const e of copy.entities) writer('nodes', e.label).add({ id: e.id, ...e.props });
      for (const r of copy.relations) writer('relationships', r.type).add({ from: r.from, to: r.to, ...r.props });
      counts.counties += 1;
      counts.entities += copy.entities.length;
      counts.relations += copy.relations.length;
      progress(k, counts);
    }
  } finally {
    for (const w of writers.values()) w.close();
  }
  fs.appendFileSync(path.join(outDir, 'SOURCE.md'), provinceNote(counties, counts));
  return counts;
}

function provinceNote(counties: number, counts: ProvinceCounts): string {
  const last = syntheticCodes(counties);
  return `
## Synthetic counties (generated)

Written by \`npm run seed:synthetic -- --counties ${String(counties)}\` (src/seed/province.ts): ${String(counties)}
deterministic copies of the seed county, ${String(counts.entities)} entities and ${String(counts.relations)}
relationships in \`nodes/\` and \`relationships/\` after the seed rows, every one \`synthetic: true\`
and citing no sentence. Codes 629901000000 to ${last.county} (prefectures 6299 down to 6291, which
no real prefecture has), names 模拟001县 and so on: none is a real place, person or firm.
`;
}

/** Appends objects to a JSON array file, keeping the rows already in it. */
class JsonArrayWriter {
  private readonly fd: number;
  private first: boolean;

  constructor(file: string) {
    const existing = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as unknown[]) : [];
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, 'w');
    fs.writeSync(this.fd, '[');
    this.first = true;
    for (const row of existing) this.add(row);
  }

  add(row: unknown): void {
    fs.writeSync(this.fd, `${this.first ? '\n' : ',\n'}${JSON.stringify(row)}`);
    this.first = false;
  }

  close(): void {
    fs.writeSync(this.fd, '\n]\n');
    fs.closeSync(this.fd);
  }
}
