import * as OpenCC from 'opencc-js';

// opencc-js's bundled .d.ts re-exports from './core' without an extension, which type-aware
// lint cannot follow under NodeNext; this is the signature it documents.
type ConverterFactory = (options: { from: string; to: string }) => (text: string) => string;
const converter = (OpenCC as unknown as { Converter: ConverterFactory }).Converter;

// Hong Kong traditional → mainland simplified, with OpenCC's phrase tables (蘆陽 → 芦阳, 寺灘 → 寺滩).
const toSimplifiedConverter = converter({ from: 'hk', to: 'cn' });

/** Converts traditional Chinese to simplified; leaves simplified and Latin text as it is. */
export function toSimplified(text: string): string {
  return toSimplifiedConverter(text);
}

// A run of Latin letters with pinyin tone marks in parentheses: 縣(xiàn), 領(lǐng).
const PINYIN_ANNOTATION = /\(([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+)\)/g;

/** Removes ruby-style pinyin annotations, keeping parentheses that hold other text (即:…). */
export function stripPinyinAnnotations(text: string): string {
  return text.replace(PINYIN_ANNOTATION, '');
}

/**
 * Splits Chinese prose into sentences at 。！？ and line breaks, keeping the closing mark (and a
 * closing quote after it) with its sentence.
 */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[。！？][”’」』]?)(?![”’」』])|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
