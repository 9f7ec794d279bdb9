import { pinyin } from 'pinyin-pro';

/** The pinyin forms stored beside every Chinese name, so Latin-keyboard searches can find it. */
export interface PinyinFields {
  /** With tone marks and spaces between syllables: "chéng běi cūn". */
  pinyin: string;
  /** Lower-case, toneless, no spaces, ü written v (as typed on a keyboard): "chengbeicun", "lvyou". */
  pinyinPlain: string;
  /** First letter of each syllable: "cbc". */
  pinyinInitials: string;
}

/** Pinyin of a Chinese name; pinyin-pro picks readings of polyphonic characters from context (长城 → cháng chéng). */
export function pinyinFields(name: string): PinyinFields {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' });
  return {
    pinyin: pinyin(name, { nonZh: 'consecutive' }),
    pinyinPlain: syllables
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
    pinyinInitials: initials
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  };
}
