import { createHash } from 'node:crypto';

import { ENTITY_LABELS } from '../model/kinds.js';
import type { Database } from './database.js';

/** PartyOrganization → party_organization: an index name. */
const snake = (label: string): string => label.replace(/(?<!^)([A-Z])/g, '_$1').toLowerCase();

/**
 * The schema the queries rely on. Each statement is idempotent (`IF NOT EXISTS`), so running the
 * list at every start-up is safe; a changed definition gets a new name rather than an edit.
 */
export const MIGRATIONS: readonly string[] = [
  // Databases from the first release held ids unique on :Entity only; ids now live on :Node.
  'DROP CONSTRAINT entity_id IF EXISTS',
  'MATCH (n:Entity) WHERE NOT n:Node SET n:Node',
  // …and their PART_OF relationships had no id, which the seed loader now merges on.
  "MATCH (a:Entity)-[r:PART_OF]->(b:Entity) WHERE r.id IS NULL SET r.id = 'PART_OF:' + a.id + '->' + b.id, r.synthetic = false",
  // Every addressable node (entities, documents, sentences) carries :Node and a unique id.
  'CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE',
  'CREATE INDEX node_kind IF NOT EXISTS FOR (n:Node) ON (n.kind)',
  'CREATE INDEX entity_code IF NOT EXISTS FOR (n:Entity) ON (n.code)',
  'CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)',
  // Chinese has no spaces between words: the cjk analyzer indexes character bigrams, so a search
  // for 城北 finds 城北村 without a word list.
  "CREATE FULLTEXT INDEX entity_names_cjk IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.officialName] OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk' } }",
  // The first Latin index had no reading variants (三道埫 → sandaodang): replaced by the one below.
  'DROP INDEX entity_names_latin IF EXISTS',
  // Pinyin and English are Latin text: the standard analyzer with its lower-casing fits them.
  "CREATE FULLTEXT INDEX entity_names_latin_v2 IF NOT EXISTS FOR (n:Entity) ON EACH [n.pinyinPlain, n.pinyinInitials, n.pinyinVariants, n.nameEn] OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-no-stop-words' } }",
  // Lists start from the selective side: the holders of one role (people by role) from this index
  // rather than from every person's posts.
  'CREATE INDEX holds_post_role IF NOT EXISTS FOR ()-[r:HOLDS_POST]-() ON (r.role)',
  // …and a page of a list (or of chains) ordered by id reads its label's ids in order, then stops.
  ...ENTITY_LABELS.map((label) => `CREATE INDEX ${snake(label)}_id IF NOT EXISTS FOR (n:${label}) ON (n.id)`),
];

/** The list above as one value: the database records the one it was last migrated with. */
export const MIGRATIONS_FINGERPRINT = createHash('sha256').update(MIGRATIONS.join('\n')).digest('hex');

const APPLIED = "OPTIONAL MATCH (s:SchemaState {name: 'migrations'}) RETURN s.fingerprint AS fingerprint";
const RECORD = `MERGE (s:SchemaState {name: 'migrations'})
  SET s.fingerprint = $fingerprint, s.appliedAt = datetime(), s.appliedBy = $by`;

/**
 * Applies the migrations unless the database records this very list as applied, waits until
 * every index is online, and records the list (and `by`, who applied it). Returns whether it
 * applied them. Several instances starting at once call it under the start-up lock
 * (src/service.ts), so that one applies them and the others find them applied.
 */
export async function migrate(db: Database, by = 'unknown'): Promise<boolean> {
  // The first queries a cold JVM plans can take a while on a busy machine.
  const patient = { timeoutMs: 120_000 };
  const [row] = await db.read<{ fingerprint: string | null }>(APPLIED, {}, undefined, patient);
  if (row?.fingerprint === MIGRATIONS_FINGERPRINT) return false;
  for (const statement of MIGRATIONS) {
    await db.schema(statement);
  }
  await db.schema('CALL db.awaitIndexes(120)');
  await db.write(RECORD, { fingerprint: MIGRATIONS_FINGERPRINT, by }, undefined, patient);
  return true;
}
