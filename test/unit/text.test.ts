import { describe, expect, it } from 'vitest';

import { splitSentences, stripPinyinAnnotations, toSimplified } from '../../src/text/chinese.js';
import { pinyinFields } from '../../src/text/names.js';

describe('toSimplified', () => {
  it.each([
    ['寺灘鄉', '寺滩乡'],
    ['蘆陽鎮', '芦阳镇'],
    ['黨建引領', '党建引领'],
    ['縣委', '县委'],
  ])('%s → %s', (traditional, simplified) => {
    expect(toSimplified(traditional)).toBe(simplified);
  });

  it('leaves simplified Chinese, Latin text and digits as they are', () => {
    for (const text of ['城北村', 'Chéngběi cūn', 'cbc 620423', '城北村 chengbei 2019']) {
      expect(toSimplified(text)).toBe(text);
    }
  });
});

describe('stripPinyinAnnotations', () => {
  it('removes ruby-style pinyin after characters', () => {
    expect(stripPinyinAnnotations('景泰縣(xiàn)委')).toBe('景泰縣委');
    expect(stripPinyinAnnotations('引領(lǐng)脫貧(pín)')).toBe('引領脫貧');
  });

  it('keeps parentheses that hold other text', () => {
    for (const text of ['三链(即:产业链、供应链、价值链)', '（模拟）', '(2019年)', '(Jingtai County)']) {
      expect(stripPinyinAnnotations(text)).toBe(text);
    }
  });
});

describe('splitSentences', () => {
  it('splits at 。！？ keeping the mark with its sentence', () => {
    expect(splitSentences('第一句。第二句！第三句？')).toEqual(['第一句。', '第二句！', '第三句？']);
  });

  it('keeps a closing quote with the sentence it closes', () => {
    expect(splitSentences('他说：“好。”然后走了。')).toEqual(['他说：“好。”', '然后走了。']);
  });

  it('splits at line breaks and drops empty pieces and surrounding spaces', () => {
    expect(splitSentences('标题\n\n  正文第一句。 \n')).toEqual(['标题', '正文第一句。']);
  });

  it('loses no character but the whitespace between sentences', () => {
    const text = '景泰县党建引领。全县136个村！是否达标？“是。”\n结束';
    expect(splitSentences(text).join('')).toBe(text.replace(/\s/g, ''));
  });
});

describe('pinyinFields', () => {
  it('gives tone-marked, plain and initial forms of a name', () => {
    expect(pinyinFields('城北村')).toEqual({
      pinyin: 'chéng běi cūn',
      pinyinPlain: 'chengbeicun',
      pinyinInitials: 'cbc',
      pinyinVariants: '',
    });
  });

  it('writes ü as v in the plain form, as keyboards type it', () => {
    expect(pinyinFields('乡村旅游')).toEqual({
      pinyin: 'xiāng cūn lǚ yóu',
      pinyinPlain: 'xiangcunlvyou',
      pinyinInitials: 'xcly',
      pinyinVariants: 'xiangcunluyou',
    });
  });

  it('spells names in citation tones: 一 is yī, not the yì of tone sandhi', () => {
    expect(pinyinFields('一条山镇').pinyin).toBe('yī tiáo shān zhèn');
    expect(pinyinFields('一个村').pinyin).toBe('yī gè cūn');
  });

  it('keeps the place-name readings inside longer names', () => {
    expect(pinyinFields('曾家井村党支部').pinyinPlain).toBe('zengjiajingcundangzhibu');
    expect(pinyinFields('白墩子村').pinyin).toBe('bái dūn zi cūn');
  });

  it('stores other readings people type as variants, one character at a time', () => {
    expect(pinyinFields('三道埫村').pinyinVariants.split(' ')).toEqual(['sandaodangcun', 'sandaoshangcun']);
    expect(pinyinFields('曾家井村').pinyinVariants).toBe('cengjiajingcun');
  });

  it('reads polyphonic characters from context', () => {
    expect(pinyinFields('长城').pinyinPlain).toBe('changcheng');
    expect(pinyinFields('村长').pinyinPlain).toBe('cunzhang');
  });

  it('keeps Latin letters and digits, lower-cased, in the plain and initial forms', () => {
    const fields = pinyinFields('城北村2号ABC');
    expect(fields.pinyinPlain).toMatch(/^chengbeicun2haoabc$/);
    expect(fields.pinyinInitials).toMatch(/^[a-z0-9]+$/);
    expect(fields.pinyinInitials.startsWith('cbc')).toBe(true);
  });
});
