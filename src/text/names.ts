import { customPinyin, pinyin } from 'pinyin-pro';

import { PLACE_READINGS, READING_VARIANTS } from './placeReadings.js';

// pinyin-pro's custom dictionary takes words before its own phrase tables, so 曾家井 reads zēng and
// not the céng of 曾经. It is process-wide, which suits a fixed list of the county's place names.
customPinyin(PLACE_READINGS);

/** The pinyin forms stored beside every Chinese name, so Latin-keyboard searches can find it. */
export interface PinyinFields {
  /** With tone marks and spaces between syllables: "chéng běi cūn". */
  pinyin: string;
  /** Lower-case, toneless, no spaces, ü written v (as typed on a keyboard): "chengbeicun", "lvyou". */
  pinyinPlain: string;
  /** First letter of each syllable: "cbc". */
  pinyinInitials: string;
  /**
   * Other spellings people type for the same name, space-separated (empty when there are none):
   * a known alternative reading of one character (三道埫 → sandaodang, 曾家井 → cengjiajing) or ü
   * typed as u (lvyou → luyou).
   */
  pinyinVariants: string;
}

// Names are dictionary forms: 一条山 is yī tiáo shān, not the spoken yì of tone sandhi.
const CITATION = { toneSandhi: false, nonZh: 'consecutive' } as const;

function plain(syllables: string[]): string {
  return syllables
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Single-character substitutions from READING_VARIANTS, and ü typed as u; at most eight. */
function variants(name: string, syllables: string[], main: string): string {
  const chars = Array.from(name);
  const forms = new Set<string>();
  // pinyin-pro gives one syllable per Han character and one item per run of other characters, so
  // positions line up only when every character is Han; mixed names keep the ü variant alone.
  if (chars.length === syllables.length) {
    chars.forEach((char, i) => {
      for (const reading of READING_VARIANTS[char] ?? []) {
        forms.add(plain(syllables.map((s, j) => (j === i ? reading : s))));
      }
    });
  }
  if (main.includes('v')) forms.add(main.replace(/v/g, 'u'));
  forms.delete(main);
  return [...forms].slice(0, 8).join(' ');
}

/**
 * Pinyin of a Chinese name; pinyin-pro picks readings of polyphonic characters from context
 * (长城 → cháng chéng), the place-name dictionary (src/text/placeReadings.ts) overrides it where
 * the county's names are read otherwise (曾家井 → zēng jiā jǐng, 白墩子 → bái dūn zi).
 */
export function pinyinFields(name: string): PinyinFields {
  const syllables = pinyin(name, { ...CITATION, toneType: 'none', type: 'array', v: true });
  const initials = pinyin(name, { ...CITATION, pattern: 'first', toneType: 'none', type: 'array' });
  const pinyinPlain = plain(syllables);
  return {
    pinyin: pinyin(name, CITATION),
    pinyinPlain,
    pinyinInitials: plain(initials),
    pinyinVariants: variants(name, syllables, pinyinPlain),
  };
}
