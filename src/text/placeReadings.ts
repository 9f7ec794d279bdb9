/**
 * How the county's place names are read where pinyin-pro's general phrase tables read them
 * otherwise. Each entry was checked against every place name of the NBS division list
 * (test/fixtures/place-pinyin.csv holds the reviewed reading of each one):
 * - 曾 as a family name is zēng (曾家井, "the Zeng family's well"); céng is the adverb of 曾经.
 * - 子 as a noun suffix is neutral (zi): 白墩子, 黑嘴子, 大咀子.
 * - 一 in a name keeps its citation tone yī (一条山); tone sandhi (yì tiáo) is how it is spoken,
 *   not how dictionaries and maps spell it. names.ts turns sandhi off for every name as well.
 */
export const PLACE_READINGS: Readonly<Record<string, string>> = {
  曾家井: 'zēng jiā jǐng',
  一条山: 'yī tiáo shān',
  白墩子: 'bái dūn zi',
  黑嘴子: 'hēi zuǐ zi',
  大咀子: 'dà zuǐ zi',
};

/**
 * Other readings people type for a character of a place name, toneless: a search for any of them
 * finds the name (stored as `pinyinVariants`).
 * - 埫 is rare: dictionaries give tǎng and shǎng, and readers who meet it guess dàng from 当.
 * - 曾 is céng in everyday words, and was stored that way before the dictionary above.
 * - 咀 is jǔ in 咀嚼; as 嘴 in place names it is zuǐ.
 * - 单 is shàn as a family name (单墩 could be read either way).
 */
export const READING_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  埫: ['dang', 'shang'],
  曾: ['ceng'],
  咀: ['ju'],
  单: ['shan'],
};
