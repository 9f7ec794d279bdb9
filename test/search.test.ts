import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer, type TestServer } from './helpers.js';

// Search on the seed graph for the names analysts type: place names read as the place-name
// dictionary reads them, a single character, English names with the kind of place, and other
// readings of a rare character. Each case is checked against a Cypher count of what should match.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

interface Hit {
  score: number;
  matchedOn: string;
  entity: { id: string; name: string; kind: string };
}

const search = async (text: string, first = 10): Promise<Hit[]> => {
  const res = await t.gql<{ search: Hit[] }>(
    'query($text: String!, $first: Int) { search(text: $text, first: $first) { score matchedOn entity { id name kind } } }',
    { text, first },
  );
  expect(res.status).toBe(200);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data?.search ?? [];
};

async function idOf(name: string): Promise<string> {
  const [row] = await t.db.read<{ id: string }>(
    'MATCH (n:Entity {name: $name}) WHERE NOT n.synthetic RETURN n.id AS id',
    {
      name,
    },
  );
  if (!row) throw new Error(`no real entity named ${name}`);
  return row.id;
}

describe('search for place names as read by the place-name dictionary', () => {
  it.each([
    ['zengjiajing', '曾家井村'],
    ['zēng jiā jǐng', '曾家井村'],
    ['zjjc', '曾家井村'],
    ['yitiaoshan', '一条山镇'],
    ['baidunzi', '白墩子村'],
  ])('"%s" finds %s first', async (text, name) => {
    expect((await search(text))[0]?.entity.id).toBe(await idOf(name));
  });

  it.each([
    ['sandaodang', '三道埫村'],
    ['sandaotang', '三道埫村'],
    ['cengjiajing', '曾家井村'],
  ])('a common reading variant "%s" finds %s first', async (text, name) => {
    const hits = await search(text);
    expect(hits[0]?.entity.id).toBe(await idOf(name));
    expect(hits[0]?.matchedOn).toBe('PINYIN');
  });
});

describe('search for one character', () => {
  it.each(['村', '镇', '滩'])('"%s" finds names holding it, the real places first', async (char) => {
    const [row] = await t.db.read<{ n: number }>(
      'MATCH (n:Entity) WHERE n.name CONTAINS $c OR n.officialName CONTAINS $c RETURN count(n) AS n',
      { c: char },
    );
    const hits = await search(char, 100);
    expect(hits.length).toBe(Math.min(100, row?.n ?? 0));
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.entity.name).toContain(char);
    expect(hits[0]?.matchedOn).toBe('NAME');
  });

  it('"滩" ranks names that start or end with it among the real places', async () => {
    const names = (await search('滩', 20)).map((h) => h.entity.name);
    expect(names).toEqual(expect.arrayContaining(['草窝滩镇', '寺滩乡', '漫水滩乡']));
  });

  it('several single characters must all be in the name', async () => {
    const hits = await search('城 村', 50);
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.entity.name).toMatch(/城.*村|村.*城/);
  });
});

describe('search for English names with the kind of place', () => {
  it.each([
    ['Chengbei Village', '城北村'],
    ['chengbei village', '城北村'],
    ['Luyang Township', '芦阳镇'],
    ['Luyang Village', '芦阳村'],
    ['Sitan Township', '寺滩乡'],
    ['Jingtai County', '景泰县'],
    ['Renminlu Community', '人民路社区'],
  ])('"%s" finds %s first', async (text, name) => {
    expect((await search(text))[0]?.entity.id).toBe(await idOf(name));
  });

  it('"Village" alone still searches English names', async () => {
    const hits = await search('Village');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.matchedOn === 'ENGLISH')).toBe(true);
  });
});
