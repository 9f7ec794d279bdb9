import { badUserInput } from '../errors.js';
import type { EntityLabel } from '../model/kinds.js';
import type { EntityRecord, SearchHitRecord } from '../model/records.js';
import { toSimplified } from '../text/chinese.js';
import { integer, type Database, type QueryLog } from './database.js';

export const MAX_SEARCH_TEXT = 100;

/** What a search text becomes: Lucene queries built only from Han runs and [a-z0-9] tokens. */
export interface SearchTerms {
  /** Simplified Chinese as typed, for exact-name boosts. */
  simplified: string;
  /** Lucene query for the cjk index: each run of Han characters as a phrase. */
  cjk: string | null;
  /** Lucene query for the Latin index (pinyin, initials, English). */
  latin: string | null;
  /** Latin input without tones, spaces or case: "Chéngběi cūn" → "chengbeicun". */
  compact: string;
  /** Digits only: a prefix of a 12-digit division code. */
  code: string | null;
}

const HAN = /\p{Script=Han}+/gu;

/**
 * Turns free text into index queries. Nothing the user typed reaches Lucene's parser except Han
 * characters and lower-case letters and digits, so `"`, `*`, `~`, `AND`, `\` and the like can
 * neither break nor steer a query.
 */
export function searchTerms(text: string): SearchTerms {
  const trimmed = text.trim();
  if (trimmed === '') throw badUserInput('text must not be empty', 'text');
  if (trimmed.length > MAX_SEARCH_TEXT)
    throw badUserInput(`text may be at most ${String(MAX_SEARCH_TEXT)} characters`, 'text');
  const simplified = toSimplified(trimmed);
  const runs = simplified.match(HAN) ?? [];
  const latinWords = simplified
    .replace(HAN, ' ')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ü/g, 'v')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const compact = latinWords.join('');
  const lettersCompact = compact.replace(/[0-9]/g, '');
  let latin: string | null = null;
  if (lettersCompact.length > 0) {
    const english = latinWords.map((w) => `nameEn:${w}*`).join(' ');
    // Prefix on the whole pinyin and on the initials; a fuzzy match forgives one slip.
    latin = `pinyinPlain:${compact}*^3 pinyinInitials:${compact}*^2 ${compact.length >= 5 ? `pinyinPlain:${compact}~1 ` : ''}${english}`;
  }
  return {
    simplified,
    cjk: runs.length > 0 ? runs.map((r) => `"${r}"`).join(' ') : null,
    latin,
    compact: lettersCompact.length > 0 ? compact : '',
    code: /^\d{4,12}$/.test(compact) && runs.length === 0 ? compact : null,
  };
}

const CJK_PART = `
    CALL db.index.fulltext.queryNodes('entity_names_cjk', $cjk, {limit: 200}) YIELD node, score
    RETURN node, score, 'NAME' AS matchedOn`;
const LATIN_PART = `
    CALL db.index.fulltext.queryNodes('entity_names_latin', $latin, {limit: 200}) YIELD node, score
    RETURN node, score,
      CASE WHEN node.pinyinPlain STARTS WITH $compact THEN 'PINYIN'
           WHEN node.pinyinInitials STARTS WITH $compact THEN 'INITIALS'
           WHEN node.nameEn IS NOT NULL THEN 'ENGLISH'
           ELSE 'PINYIN' END AS matchedOn`;
const CODE_PART = `
    MATCH (node:Entity) WHERE node.code STARTS WITH $code
    RETURN node, 1.0 AS score, 'CODE' AS matchedOn`;

// Exact and prefix matches first, real entities before generated ones, then Lucene's score
// (which already prefers shorter names).
const RANK = `
  WITH node, max(score) AS score, collect(matchedOn)[0] AS matchedOn
  WHERE node:Entity AND ($kinds IS NULL OR node.kind IN $kinds)
  WITH node, matchedOn, score
    * CASE WHEN node.name = $simplified OR node.pinyinPlain = $compact OR node.pinyinInitials = $compact OR node.code = $code THEN 4.0
           WHEN node.name STARTS WITH $simplified OR ($compact <> '' AND node.pinyinPlain STARTS WITH $compact) THEN 2.0
           ELSE 1.0 END
    * CASE WHEN node.synthetic THEN 1.0 ELSE 1.5 END AS score
  RETURN properties(node) AS entity, score, matchedOn
  ORDER BY score DESC, size(node.name), node.id
  LIMIT $limit`;

/** Full-text search over names in one round trip; the query text is fixed, only parameters vary. */
export async function search(
  db: Database,
  terms: SearchTerms,
  kinds: EntityLabel[] | null,
  limit: number,
  log: QueryLog,
): Promise<SearchHitRecord[]> {
  const parts = [terms.cjk ? CJK_PART : null, terms.latin ? LATIN_PART : null, terms.code ? CODE_PART : null].filter(
    (p): p is string => p !== null,
  );
  if (parts.length === 0) return [];
  const rows = await db.read<{ entity: EntityRecord; score: number; matchedOn: string }>(
    `CALL () {${parts.join('\n    UNION ALL')}
  }${RANK}`,
    { ...terms, kinds, limit: integer(limit) },
    log,
  );
  return rows.map((r) => ({ entity: r.entity, score: r.score, matchedOn: r.matchedOn }));
}
