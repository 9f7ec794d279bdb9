import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { projectRoot } from '../config.js';
import type { Database } from '../db/database.js';
import { entityKinds } from '../db/entities.js';
import { MARK_SEEDED, SEED_STATE } from '../db/seeds.js';
import type { EntityLabel } from '../model/kinds.js';
import { readDivisions } from './divisions.js';
import { EvidenceIndex, readDocuments } from './documents.js';
import { readEntityFiles, readRelationFiles, seedFiles, validateRows, type OnFile } from './files.js';
import { loadRows, type LoadCounts, type LoadOptions, type SeedSet } from './load.js';
import type { EntityRow, RelationRow } from './rows.js';
import { yearOf } from './calendar.js';
import { count, throttle } from './progress.js';
import { checkInvariants, type ArticleCounts } from './invariants.js';
import { ARTICLE_MONTH, generateSynthetic, type GeneratorInput, type SyntheticParams } from './synthetic.js';

export const DEFAULT_SEED_DIR = path.join(projectRoot, 'seeds');

/**
 * Reads a seed folder (format in the README): `documents/`, `divisions.csv`, `nodes/`,
 * `relationships/` and, for the Jingtai seeds, `synthetic.json`. Throws `SeedRowError` naming the
 * file and line of the first bad row.
 */
export function readSeedSet(dir: string, onFile?: OnFile): SeedSet {
  const documents = readDocuments(dir);
  const evidence = new EvidenceIndex(documents);
  const divisionsFile = path.join(dir, 'divisions.csv');
  const divisions = fs.existsSync(divisionsFile) ? readDivisions(divisionsFile) : { entities: [], relations: [] };
  const entities = [...divisions.entities, ...readEntityFiles(dir, evidence, onFile)];
  const relations = [...divisions.relations, ...readRelationFiles(dir, evidence, onFile)];
  attachNamingSentences(divisions.entities, relations, evidence);

  const syntheticFile = path.join(dir, 'synthetic.json');
  let articleCounts: ArticleCounts | undefined;
  if (fs.existsSync(syntheticFile)) {
    const params = JSON.parse(fs.readFileSync(syntheticFile, 'utf8')) as SyntheticParams;
    const input = generatorInput(params, entities, relations);
    const generated = generateSynthetic(params, input, evidence);
    articleCounts = {
      residentCadres: { year: yearOf(ARTICLE_MONTH), byLevel: params.residentCadres },
      villages: new Set(input.villages.map((v) => v.id)),
    };
    entities.push(...generated.entities);
    relations.push(...generated.relations);
  }
  return { documents, entities, relations, ...(articleCounts ? { articleCounts } : {}) };
}

/**
 * The townships and villages the generator fills in: those of the county `synthetic.json` names
 * (the article's county), so that other counties of the divisions file are left as they are;
 * every one when it names none.
 */
function generatorInput(params: SyntheticParams, entities: EntityRow[], relations: RelationRow[]): GeneratorInput {
  const townships = entities.filter((e) => e.label === 'Township');
  const villages = entities.filter((e) => e.label === 'Village');
  if (!params.county) return { townships, villages };
  const parent = new Map(relations.filter((r) => r.type === 'PART_OF').map((r) => [r.from, r.to]));
  if (!entities.some((e) => e.id === params.county))
    throw new Error(`synthetic.json: county ${params.county} is not in the divisions`);
  const ours = townships.filter((t) => parent.get(t.id) === params.county);
  const ourIds = new Set(ours.map((t) => t.id));
  return { townships: ours, villages: villages.filter((v) => ourIds.has(parent.get(v.id) ?? '')) };
}

/**
 * A place of the divisions list has no sentence of its own; where a real relationship's sentence
 * names it, that sentence is its evidence too: the county (景泰县坚持把党建引领作为…) and the three
 * model villages (现已培育了芦阳镇城北村、…示范村), whose sentences otherwise sat only on their
 * GOVERNS and IMPLEMENTS links.
 */
function attachNamingSentences(places: EntityRow[], relations: RelationRow[], evidence: EvidenceIndex): void {
  const byId = new Map(places.map((p) => [p.id, p]));
  for (const r of relations) {
    if (r.props.synthetic !== false || typeof r.props.evidence !== 'string') continue;
    const sentence = r.props.evidence;
    const text = evidence.textOf(sentence) ?? '';
    for (const place of [byId.get(r.from), byId.get(r.to)]) {
      if (!place || !text.includes(String(place.props.name))) continue;
      place.evidence = [...new Set([...(place.evidence ?? []), sentence])];
    }
  }
}

/** Throws, naming up to five broken invariants, when the set contradicts the article's model. */
export function assertInvariants(set: SeedSet): void {
  const violations = checkInvariants(set.entities, set.relations, set.articleCounts);
  if (violations.length === 0) return;
  const shown = violations.slice(0, 5).map((v) => `  ${v.rule}: ${v.message}`);
  const more = violations.length > 5 ? `\n  … and ${String(violations.length - 5)} more` : '';
  throw new Error(
    `The seed graph breaks ${String(violations.length)} domain invariant(s):\n${shown.join('\n')}${more}`,
  );
}

/** Kinds of the entities a seed set refers to but does not define, as the database knows them. */
async function knownLabels(db: Database, set: SeedSet): Promise<Map<string, EntityLabel>> {
  const defined = new Set(set.entities.map((e) => e.id));
  const ids = [...new Set(set.relations.flatMap((r) => [r.from, r.to]))].filter((id) => !defined.has(id));
  if (ids.length === 0) return new Map();
  return entityKinds((cypher, params) => db.read(cypher, params), ids);
}

/**
 * Validates a seed folder completely, then loads it in batches, all or nothing (loadRows).
 * Idempotent: loading the same folder again writes nothing. `options.report` receives progress.
 */
export async function seed(
  db: Database,
  dir = DEFAULT_SEED_DIR,
  options: Omit<LoadOptions, 'source'> = {},
): Promise<LoadCounts> {
  const report = options.report;
  let started = Date.now();
  const files = seedFiles(dir);
  let read = 0;
  // A line per file only once reading takes a while (a province), at most one per PROGRESS_EVERY_MS.
  const due = throttle(options.progressEveryMs);
  const onFile = (file: string): void => {
    read += 1;
    if (due()) report?.(`Reading ${path.relative(dir, file)} (file ${String(read)} of ${String(files.length)})`);
  };
  const set = readSeedSet(dir, onFile);
  const rows = `${count(set.entities.length)} entities and ${count(set.relations.length)} relationships`;
  report?.(`Read ${rows} in ${seconds(started)}; checking them...`);
  started = Date.now();
  validateRows(set.entities, set.relations, await knownLabels(db, set));
  assertInvariants(set);
  report?.(`Checked them in ${seconds(started)}; writing...`);
  return loadRows(db, set, { ...options, source: path.relative(projectRoot, dir) });
}

const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .sort();
}

/** A hash of the seed folder and of the code that turns it into a graph. */
export function seedFingerprint(dir = DEFAULT_SEED_DIR): string {
  const hash = createHash('sha256');
  // src/text too: pinyin and sentence splitting shape what is stored; and the loader's Cypher.
  const code = [
    ...['seed', 'text'].flatMap((folder) => filesUnder(path.join(projectRoot, 'src', folder))),
    path.join(projectRoot, 'src', 'db', 'seeds.ts'),
  ];
  for (const file of [...filesUnder(dir), ...code]) {
    hash.update(path.relative(projectRoot, file)).update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

/**
 * Whether `npm start` should (re)load the seeds: the database holds no entity, or the seeds it
 * holds came from other seed files or seed code than these.
 */
export async function seedsAreStale(db: Database, dir = DEFAULT_SEED_DIR): Promise<'empty' | 'changed' | false> {
  const [row] = await db.read<{ entities: number; fingerprint: string | null }>(SEED_STATE, {
    dir: path.relative(projectRoot, dir),
  });
  if (!row || row.entities === 0) return 'empty';
  return row.fingerprint === seedFingerprint(dir) ? false : 'changed';
}

/** Records which seeds the database now holds, and who loaded them. */
export async function markSeeded(db: Database, dir = DEFAULT_SEED_DIR, by = 'npm run seed'): Promise<void> {
  await db.write(MARK_SEEDED, { dir: path.relative(projectRoot, dir), fingerprint: seedFingerprint(dir), by });
}
