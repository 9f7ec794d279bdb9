import { badUserInput } from '../errors.js';
import type { EntityLabel } from '../model/kinds.js';
import type { SearchHitRecord } from '../model/records.js';
import { toSimplified } from '../text/chinese.js';
import { integer, type Database, type QueryLog } from './database.js';
import { Params } from './params.js';

export const MAX_SEARCH_TEXT = 100;

/** What a search text becomes: Lucene queries built only from Han runs and [a-z0-9] tokens. */
export interface SearchTerms {
  /** Simplified Chinese as typed, for exact-name boosts. */
  simplified: string;
  /** Lucene query for the cjk index: each run of two or more Han characters as a phrase. */
  cjk: string | null;
  /**
   * Han characters typed alone (村, 城 滩): the cjk index holds character pairs, so these are
   * looked for in names directly, every one of them in the same name.
   */
  singles: string[] | null;
  /** Lucene query for the Latin index (pinyin, initials, reading variants, English). */
  latin: string | null;
  /** Latin input without tones, spaces or case, ü as v: "Chéngběi cūn" → "chengbeicun", "lǚyóu" → "lvyou". */
  compact: string;
  /**
   * The pinyin the Latin input may stand for: `compact`, or with generic English words put into
   * pinyin ("Chengbei Village" → chengbeicun; "Luyang Township" → luyangzhen, luyangxiang).
   */
  forms: string[];
  /** Digits only: a prefix of a 12-digit division code. */
  code: string | null;
}

const HAN = /\p{Script=Han}+/gu;

/**
 * English words for kinds of place, with the pinyin of the Chinese word they translate: a
 * township is a 镇 (zhen) or a 乡 (xiang). Only a word after a name is taken this way, so
 * "Village" alone still searches English names.
 */
const GENERIC_WORDS: Readonly<Record<string, readonly string[]>> = {
  village: ['cun'],
  township: ['zhen', 'xiang'],
  town: ['zhen'],
  county: ['xian'],
  community: ['shequ'],
};
const MAX_FORMS = 4;

/** Every pinyin the words may stand for, generic English words put into pinyin after the first word. */
function pinyinForms(words: string[]): string[] {
  let forms = [''];
  words.forEach((word, i) => {
    const readings = i > 0 ? (GENERIC_WORDS[word] ?? [word]) : [word];
    forms = forms.flatMap((f) => readings.map((r) => f + r)).slice(0, MAX_FORMS);
  });
  return forms;
}

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
  const pairs = runs.filter((r) => Array.from(r).length > 1);
  const singles = runs.filter((r) => Array.from(r).length === 1);
  const latinWords = simplified
    .replace(HAN, ' ')
    .normalize('NFD')
    // ü (with or without a tone) is written v, as the stored pinyin has it: lǚ yóu → lvyou.
    .replace(/[uU]\u0308/g, 'v')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const compact = latinWords.join('');
  const lettersCompact = compact.replace(/[0-9]/g, '');
  const forms = lettersCompact.length > 0 ? pinyinForms(latinWords) : [];
  let latin: string | null = null;
  if (lettersCompact.length > 0) {
    const english = latinWords.map((w) => `nameEn:${w}*`).join(' ');
    // Prefix on the whole pinyin, the initials and other readings; a fuzzy match forgives one slip.
    // Lucene adds up the fields a name matches in, so the variants weigh least: a long name whose
    // variant repeats its pinyin (ü typed u) must not outrank the short name matched once.
    const pinyin = forms
      .map((f) => `pinyinPlain:${f}*^3 pinyinVariants:${f}* ${f.length >= 5 ? `pinyinPlain:${f}~1 ` : ''}`)
      .join('');
    latin = `${pinyin}pinyinInitials:${compact}*^2 ${english}`;
  }
  return {
    simplified,
    cjk: pairs.length > 0 ? pairs.map((r) => `"${r}"`).join(' ') : null,
    singles: singles.length > 0 ? singles : null,
    latin,
    compact: lettersCompact.length > 0 ? compact : '',
    forms,
    code: /^\d{4,12}$/.test(compact) && runs.length === 0 ? compact : null,
  };
}

// Each part names its parameters through `Params`, so several searches can share one query. Each
// index is asked twice: its best hits, and its best hits among real entities, so that synthetic
// copies of a name (a province of generated counties holds a hundred 城北村) never push the real
// one out of the window the ranking below sees. The second call reads hits in Lucene's order until
// it has its window of real ones.
const WINDOW = 200;
const real = (v: string): string => `coalesce(${v}.synthetic, false) = false`;
const fulltext = (index: string, query: string, realOnly: boolean): string =>
  realOnly
    ? `CALL db.index.fulltext.queryNodes('${index}', ${query}) YIELD node, score
    WITH node, score WHERE ${real('node')} LIMIT ${String(WINDOW)}`
    : `CALL db.index.fulltext.queryNodes('${index}', ${query}, {limit: ${String(WINDOW)}}) YIELD node, score`;
const cjkPart = (p: Record<string, string>, realOnly: boolean): string => `
    ${fulltext('entity_names_cjk', p.cjk as string, realOnly)}
    RETURN node, score, 'NAME' AS matchedOn`;
const latinPart = (p: Record<string, string>, realOnly: boolean): string => `
    ${fulltext('entity_names_latin_v2', p.latin as string, realOnly)}
    RETURN node, score,
      CASE WHEN any(f IN ${p.forms} WHERE node.pinyinPlain STARTS WITH f OR node.pinyinVariants CONTAINS f) THEN 'PINYIN'
           WHEN node.pinyinInitials STARTS WITH ${p.compact} THEN 'INITIALS'
           WHEN node.nameEn IS NOT NULL THEN 'ENGLISH'
           ELSE 'PINYIN' END AS matchedOn`;
// One Han character: the cjk index holds pairs, so names are read directly (about a thousand).
const singlesPart = (p: Record<string, string>): string => `
    MATCH (node:Entity) WHERE all(c IN ${p.singles} WHERE node.name CONTAINS c OR node.officialName CONTAINS c)
    RETURN node, 1.0 AS score, 'NAME' AS matchedOn`;
const codePart = (p: Record<string, string>): string => `
    MATCH (node:Entity) WHERE node.code STARTS WITH ${p.code}
    RETURN node, 1.0 AS score, 'CODE' AS matchedOn`;

// Exact and prefix matches first, real entities before generated ones, then Lucene's score
// (which already prefers shorter names).
const rank = (p: Record<string, string>): string => `
  WITH node, max(score) AS score, collect(matchedOn)[0] AS matchedOn
  WHERE node:Entity AND (${p.kinds} IS NULL OR node.kind IN ${p.kinds})
  WITH node, matchedOn, score
    * CASE WHEN node.name = ${p.simplified} OR node.pinyinPlain IN ${p.forms} OR node.pinyinInitials = ${p.compact} OR node.code = ${p.code} THEN 4.0
           WHEN node.name STARTS WITH ${p.simplified}
             OR any(f IN ${p.forms} WHERE node.pinyinPlain STARTS WITH f OR (' ' + node.pinyinVariants) CONTAINS (' ' + f)) THEN 2.0
           ELSE 1.0 END
    * CASE WHEN node.synthetic THEN 1.0 ELSE 1.5 END AS score
  ORDER BY score DESC, size(node.name), node.id
  LIMIT ${p.limit}`;

/**
 * Full-text search over names as one query ending in `RETURN collect(hit) AS <column>`; the
 * query text is fixed, only parameters vary. `entity` projects the matched node.
 */
export function searchQuery(
  terms: SearchTerms,
  kinds: EntityLabel[] | null,
  limit: number,
  params: Params,
  entity: (v: string) => string,
  column: string,
): string {
  const p = {
    cjk: params.add(terms.cjk),
    latin: params.add(terms.latin),
    compact: params.add(terms.compact),
    forms: params.add(terms.forms),
    singles: params.add(terms.singles),
    code: params.add(terms.code),
    simplified: params.add(terms.simplified),
    kinds: params.add(kinds),
    limit: params.add(integer(limit)),
  };
  const parts = [
    ...(terms.cjk ? [cjkPart(p, false), cjkPart(p, true)] : []),
    terms.singles ? singlesPart(p) : null,
    ...(terms.latin ? [latinPart(p, false), latinPart(p, true)] : []),
    terms.code ? codePart(p) : null,
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) return `RETURN [] AS ${column}`;
  return `CALL () {${parts.join('\n    UNION ALL')}
  }${rank(p)}
  RETURN collect({score: score, matchedOn: matchedOn, entity: ${entity('node')}}) AS ${column}`;
}

/** Full-text search over names in one round trip, every property of each hit. */
export async function search(
  db: Database,
  terms: SearchTerms,
  kinds: EntityLabel[] | null,
  limit: number,
  log: QueryLog,
): Promise<SearchHitRecord[]> {
  const params = new Params();
  const cypher = searchQuery(terms, kinds, limit, params, (v) => `properties(${v})`, 'hits');
  const [row] = await db.read<{ hits: SearchHitRecord[] }>(cypher, params.values, log);
  return row?.hits ?? [];
}
