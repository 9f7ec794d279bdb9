import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { MAX_SEARCH_TEXT, searchTerms } from '../../src/db/search.js';
import { pinyinFields } from '../../src/text/names.js';
import { refusal } from './helpers.js';

// Every token the Latin query may hold: a field, a lower-case word, and one of the operators the
// builder itself adds (prefix, boost, one fuzzy step).
const LATIN_TOKEN = /^(pinyinPlain|pinyinInitials|pinyinVariants|nameEn):[a-z0-9]+(\*\^[23]|\*|~1)$/;
const CJK_PHRASE = /^"\p{Script=Han}+"$/u;

describe('searchTerms', () => {
  it('quotes each run of Han characters as a phrase, in simplified characters', () => {
    expect(searchTerms('城北村')).toMatchObject({ simplified: '城北村', cjk: '"城北村"', latin: null, code: null });
    expect(searchTerms('城北 枸杞').cjk).toBe('"城北" "枸杞"');
  });

  it.each([
    ['寺灘', '寺滩'],
    ['蘆陽鎮', '芦阳镇'],
    ['條山梨', '条山梨'],
  ])('turns traditional %s into simplified %s before querying', (traditional, simplified) => {
    const terms = searchTerms(traditional);
    expect(terms.simplified).toBe(simplified);
    expect(terms.cjk).toBe(`"${simplified}"`);
  });

  it.each([
    ['chengbei', 'chengbei'],
    ['Chéngběi cūn', 'chengbeicun'],
    ['cheng bei cun', 'chengbeicun'],
    ['CHENGBEICUN', 'chengbeicun'],
    [' chengbeicun ', 'chengbeicun'],
  ])('reduces the pinyin %j to %j, without tones, spaces or case', (text, compact) => {
    const terms = searchTerms(text);
    expect(terms.compact).toBe(compact);
    expect(terms.latin).toContain(`pinyinPlain:${terms.compact}*^3`);
    expect(terms.latin).toContain(`pinyinInitials:${terms.compact}*^2`);
    expect(terms.cjk).toBeNull();
  });

  it.each([
    ['lǚyóu', 'lvyou'],
    ['lü you', 'lvyou'],
    ['LÜYOU', 'lvyou'],
    ['lvyou', 'lvyou'],
    ['nǚ', 'nv'],
  ])('writes the ü of %j as v: %j', (text, compact) => {
    expect(searchTerms(text).compact).toBe(compact);
  });

  it('finds what the stored pinyin holds: the search form of a name’s pinyin is its pinyinPlain', () => {
    for (const name of ['乡村旅游基地', '城北村', '绿色', '寺滩乡', '吕家村']) {
      const fields = pinyinFields(name);
      expect(searchTerms(fields.pinyin).compact, name).toBe(fields.pinyinPlain);
    }
  });

  it('forgives one slip only in words long enough to mean something', () => {
    expect(searchTerms('cbc').latin).not.toContain('~1');
    expect(searchTerms('chengbei').latin).toContain('pinyinPlain:chengbei~1');
  });

  it('looks for Han characters typed alone in names directly: the cjk index holds pairs', () => {
    expect(searchTerms('村')).toMatchObject({ cjk: null, singles: ['村'] });
    expect(searchTerms('城 村')).toMatchObject({ cjk: null, singles: ['城', '村'] });
    expect(searchTerms('城北 村')).toMatchObject({ cjk: '"城北"', singles: ['村'] });
    expect(searchTerms('城北村').singles).toBeNull();
  });

  it.each([
    ['Chengbei Village', ['chengbeicun']],
    ['Luyang Township', ['luyangzhen', 'luyangxiang']],
    ['Jingtai County', ['jingtaixian']],
    ['Renminlu Community', ['renminlushequ']],
    ['Village', ['village']],
    ['chengbei', ['chengbei']],
  ])('puts the generic English words after a name into pinyin: %j', (text, forms) => {
    const terms = searchTerms(text);
    expect(terms.forms).toEqual(forms);
    for (const form of forms) expect(terms.latin).toContain(`pinyinPlain:${form}*^3`);
  });

  it('keeps the English words for the English names', () => {
    expect(searchTerms('Chengbei Village').latin).toContain('nameEn:chengbei* nameEn:village*');
  });

  it('searches English word by word as prefixes', () => {
    expect(searchTerms('Goji base').latin).toContain('nameEn:goji* nameEn:base*');
  });

  it.each([
    ['620423', '620423'],
    ['6204', '6204'],
    ['620', null],
    ['6204231012031', null],
    ['城北 6204', null],
  ])('takes %j as a division code prefix: %j', (text, code) => {
    expect(searchTerms(text).code).toBe(code);
  });

  it.each(['', '   ', '\n\t'])('refuses the empty text %j', (text) => {
    expect(refusal(() => searchTerms(text))).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'text',
      message: 'text must not be empty',
    });
  });

  it('refuses text longer than the cap, and accepts text at it', () => {
    expect(() => searchTerms('城'.repeat(MAX_SEARCH_TEXT))).not.toThrow();
    expect(refusal(() => searchTerms('城'.repeat(MAX_SEARCH_TEXT + 1)))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'text',
    });
  });

  it.each([
    '城北~2 AND *',
    '*:*',
    '" OR pinyinPlain:*',
    'name:城北^10',
    '\\"城北\\"',
    'chengbei) OR (x',
    '城北 AND NOT 芦阳',
    'a && b || !c',
    '[a TO z]',
    '/regex.*/',
  ])('lets no Lucene syntax of %j through', (text) => {
    const terms = searchTerms(text);
    for (const phrase of terms.cjk?.split(' ') ?? []) expect(phrase).toMatch(CJK_PHRASE);
    for (const token of terms.latin?.split(' ') ?? []) expect(token).toMatch(LATIN_TOKEN);
  });

  it('lets no Lucene syntax through for any text at all', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ minLength: 1, maxLength: MAX_SEARCH_TEXT }),
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
          fc.stringMatching(/^[城北村寺灘芦阳a-zA-Z0-9 "*~^:()\\[\]{}!&|+-/?]{1,60}$/),
        ),
        (text) => {
          fc.pre(text.trim() !== '' && text.trim().length <= MAX_SEARCH_TEXT);
          const terms = searchTerms(text);
          for (const phrase of terms.cjk?.split(' ') ?? []) expect(phrase).toMatch(CJK_PHRASE);
          for (const token of terms.latin?.split(' ') ?? []) expect(token).toMatch(LATIN_TOKEN);
          expect(terms.compact).toMatch(/^[a-z0-9]*$/);
          if (terms.code !== null) expect(terms.code).toMatch(/^\d{4,12}$/);
        },
      ),
      { numRuns: 500, seed: 20200423 },
    );
  });
});
