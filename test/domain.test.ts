import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

interface FigureResult {
  key: string;
  reported: number;
  computed: number;
  consistent: boolean;
  comparison: string;
  note: string | null;
  basedOnSynthetic: boolean;
  sentence: { id: string; text: string; document: { id: string } };
}

describe('figures reconciliation', () => {
  let figures: FigureResult[];
  beforeAll(async () => {
    const res = await t.gql<{ figures: FigureResult[] }>(`{
      figures(document: "SourceDocument:xibaiyin-2020-04-23") {
        key reported computed consistent comparison note basedOnSynthetic
        sentence { id text document { id } }
      }
    }`);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    figures = res.body.data?.figures ?? [];
  });
  const figure = (key: string): FigureResult => {
    const found = figures.find((f) => f.key === key);
    if (!found) throw new Error(`no figure ${key}`);
    return found;
  };

  it('covers every figure of the article, each quoted by its own sentence', () => {
    expect(figures.map((f) => f.key).sort()).toEqual(
      [
        'cadre-pay',
        'collective-income-total',
        'cooperatives-led',
        'county-resident-cadres',
        'dispatched-cadres',
        'group-cadre-subsidy',
        'industry-bases',
        'industry-branches-and-groups',
        'industry-leaders',
        'model-villages',
        'non-public-enterprise-coverage',
        'office-funds',
        'one-shoulder-share',
        'one-shoulder-villages',
        'promoted-cadres',
        'promoted-first-secretaries',
        'provincial-resident-cadres',
        'reserve-cadres',
        'social-organization-coverage',
        'transferred-cadres',
        'villages-income-50k',
        'villages-income-50k-share',
      ].sort(),
    );
    for (const f of figures) {
      expect(f.sentence.document.id).toBe('SourceDocument:xibaiyin-2020-04-23');
      expect(f.sentence.text, f.key).toContain(String(f.reported));
    }
  });

  it.each([
    ['one-shoulder-villages', 95],
    ['dispatched-cadres', 40],
    ['provincial-resident-cadres', 14],
    ['county-resident-cadres', 38],
    ['reserve-cadres', 1241],
    ['cooperatives-led', 65],
    ['industry-branches-and-groups', 93],
    ['industry-bases', 50],
    ['villages-income-50k', 75],
    ['promoted-cadres', 51],
    ['promoted-first-secretaries', 9],
    ['model-villages', 3],
    ['office-funds', 5.5],
    ['cadre-pay', 3.2],
    ['group-cadre-subsidy', 0.9],
  ])('recomputes %s as the article reports it (%d)', (key, value) => {
    expect(figure(key)).toMatchObject({ reported: value, computed: value, consistent: true });
  });

  it('accepts “more than” figures when the graph holds more', () => {
    expect(figure('industry-leaders').computed).toBeGreaterThan(300);
    expect(figure('industry-leaders')).toMatchObject({ comparison: 'AT_LEAST', consistent: true });
    expect(figure('transferred-cadres').computed).toBeGreaterThan(30);
    expect(figure('transferred-cadres').consistent).toBe(true);
  });

  it('matches the coverage rates and the income total to the reported decimals', () => {
    expect(figure('non-public-enterprise-coverage').computed.toFixed(2)).toBe('75.47');
    expect(figure('social-organization-coverage').computed.toFixed(2)).toBe('79.08');
    expect(figure('collective-income-total').computed).toBeCloseTo(1256.3, 6);
    expect(
      figures
        .filter((f) => f.key.endsWith('coverage') || f.key === 'collective-income-total')
        .every((f) => f.consistent),
    ).toBe(true);
  });

  it('shows the real discrepancy of the 一肩挑 share instead of hiding it', () => {
    const share = figure('one-shoulder-share');
    expect(share.computed).toBeCloseTo((95 / 136) * 100, 6);
    expect(share.consistent).toBe(false);
    expect(share.note).toContain('135.1');
    expect(share.note).toContain('136');
  });

  it('accepts 55.14% as the truncation of 75/136', () => {
    const share = figure('villages-income-50k-share');
    expect(share.computed).toBeCloseTo((75 / 136) * 100, 6);
    expect(share.consistent).toBe(true);
  });

  it('agrees with counts taken directly in Cypher', async () => {
    const [row] = await t.db.read<{ reserve: number; led: number }>(`
      CALL () { MATCH (p:Person)-[:HOLDS_POST {role: 'RESERVE_CADRE'}]->(:Village) RETURN count(DISTINCT p) AS reserve }
      CALL () { MATCH (:PartyOrganization)-[:LEADS]->(c:Cooperative) RETURN count(DISTINCT c) AS led }
      RETURN reserve, led`);
    expect(figure('reserve-cadres').computed).toBe(row?.reserve);
    expect(figure('cooperatives-led').computed).toBe(row?.led);
  });

  it('refuses an unknown document with NOT_FOUND', async () => {
    const res = await t.gql('{ figures(document: "SourceDocument:nope") { key } }');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('a village with its organisation, people, cooperatives and bases', () => {
  const QUERY = `{
    node(id: "Village:620423101203") {
      ... on Village {
        name synthetic source modelVillage oneShoulder
        collectiveIncome { amountYuan year synthetic evidence { text } }
        partyOrganization {
          name synthetic evidence { text }
          secretary { name synthetic }
          firstSecretary { name }
          cooperatives { name synthetic evidence { text } bases { name synthetic } }
          partners { name leading synthetic bases { name } }
        }
        director { name }
        stationed { level since until synthetic person { name synthetic } evidence { text } }
        programs { id name synthetic }
      }
    }
  }`;

  interface VillageView {
    name: string;
    synthetic: boolean;
    source: string;
    modelVillage: boolean;
    oneShoulder: boolean;
    collectiveIncome: { amountYuan: number; year: number; synthetic: boolean; evidence: { text: string } };
    partyOrganization: {
      name: string;
      synthetic: boolean;
      evidence: { text: string }[];
      secretary: { name: string; synthetic: boolean };
      firstSecretary: { name: string } | null;
      cooperatives: {
        name: string;
        synthetic: boolean;
        evidence: { text: string }[];
        bases: { name: string; synthetic: boolean }[];
      }[];
      partners: { name: string; leading: boolean; synthetic: boolean; bases: { name: string }[] }[];
    };
    director: { name: string };
    stationed: {
      level: string;
      since: string;
      until: string | null;
      synthetic: boolean;
      person: { name: string; synthetic: boolean };
      evidence: { text: string };
    }[];
    programs: { id: string; name: string; synthetic: boolean }[];
  }

  let v: VillageView;
  beforeAll(async () => {
    const res = await t.gql<{ node: VillageView }>(QUERY);
    expect(res.body.errors).toBeUndefined();
    v = res.body.data?.node as VillageView;
  });

  it('keeps the real village real, with its source', () => {
    expect(v).toMatchObject({ name: '城北村', synthetic: false, modelVillage: true });
    expect(v.source).toMatch(/NBS 2021/);
    expect(v.programs).toContainEqual({
      id: 'Program:collective-economy-model-villages',
      name: '村级集体经济示范村',
      synthetic: false,
    });
  });

  it('marks generated people and organisations synthetic, each with the sentence it rests on', () => {
    const org = v.partyOrganization;
    expect(org).toMatchObject({ name: '城北村党组织', synthetic: true });
    expect(org.evidence[0]?.text).toContain('一肩挑');
    expect(org.secretary.synthetic).toBe(true);
    expect(org.secretary.name).toMatch(/^村党组织书记-\d{3}$/);
    expect(org.cooperatives.length).toBeGreaterThan(0);
    for (const coop of org.cooperatives) {
      expect(coop.synthetic).toBe(true);
      expect(coop.name).toMatch(/（模拟）$/);
      expect(coop.evidence[0]?.text).toContain('专业合作社65个');
    }
    expect(org.cooperatives.flatMap((c) => c.bases).length).toBeGreaterThan(0);
    expect(org.partners.some((e) => e.leading && e.bases.length > 0)).toBe(true);
  });

  it('holds 一肩挑 for the model village: the secretary is the director', () => {
    expect(v.oneShoulder).toBe(true);
    expect(v.director.name).toBe(v.partyOrganization.secretary.name);
  });

  it('gives the synthetic income with the article sentence it was generated for', () => {
    expect(v.collectiveIncome).toMatchObject({ year: 2019, synthetic: true });
    expect(v.collectiveIncome.amountYuan).toBeGreaterThanOrEqual(50000);
    expect(v.collectiveIncome.evidence.text).toContain('1256.3万元');
  });

  it('lists stationed cadres with level, time span and evidence', () => {
    expect(v.stationed.length).toBeGreaterThanOrEqual(2);
    for (const s of v.stationed) {
      expect(s.synthetic).toBe(true);
      expect(s.person.synthetic).toBe(true);
      expect(['PROVINCIAL', 'CITY', 'COUNTY', 'TOWNSHIP']).toContain(s.level);
      expect(s.evidence.text.length).toBeGreaterThan(10);
    }
  });
});

describe('time on posts and stationings', () => {
  const stationedIn = async (args: string): Promise<string[]> => {
    const res = await t.gql<{ node: { stationed: { person: { name: string } }[] } }>(
      `{ node(id: "Village:620423101203") { ... on Village { stationed(${args}) { person { name } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    return (res.body.data?.node.stationed ?? []).map((s) => s.person.name).sort();
  };

  it('answers who was stationed in 城北村 in 2019: the outgoing and the incoming first secretary', async () => {
    const names = await stationedIn('during: 2019');
    expect(names).toHaveLength(2);
    expect(names.every((n) => n.startsWith('第一书记-'))).toBe(true);
  });

  it('narrows to a date: mid-2020 excludes the predecessor and includes the cadres added in 2020', async () => {
    const names = await stationedIn('asOf: "2020-06-30"');
    expect(names.some((n) => n.startsWith('驻村干部-'))).toBe(true);
    expect(names.filter((n) => n.startsWith('第一书记-'))).toHaveLength(1);
    const before = await stationedIn('asOf: "2018-06-30"');
    expect(before).toHaveLength(1);
    expect(before[0]).not.toBe(names.find((n) => n.startsWith('第一书记-')));
  });

  it('refuses a malformed date with BAD_USER_INPUT naming the argument', async () => {
    const res = await t.gql(
      '{ node(id: "Village:620423101203") { ... on Village { stationed(asOf: "last year") { since } } } }',
    );
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'asOf' });
  });

  it('refuses a day the calendar does not have (2019-02-31) with 400 naming the argument', async () => {
    const res = await t.gql(
      '{ node(id: "Village:620423101203") { ... on Village { stationed(asOf: "2019-02-31") { since } } } }',
    );
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'asOf' });
  });

  it('refuses a forged cursor (offset 999,999,999) with 400 naming after, and follows an issued one', async () => {
    const forged = Buffer.from('o:999999999').toString('base64url');
    const res = await t.gql(`{ villages(first: 1, after: "${forged}") { edges { cursor } } }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    const first = await t.gql<{ villages: { edges: { cursor: string }[] } }>(
      '{ villages(first: 2) { edges { cursor } } }',
    );
    const [one, two] = first.body.data?.villages.edges ?? [];
    const next = await t.gql<{ villages: { edges: { cursor: string }[] } }>(
      `{ villages(first: 1, after: "${one?.cursor ?? ''}") { edges { cursor } } }`,
    );
    expect(next.body.data?.villages.edges).toEqual([two]);
  });
});

describe('the source document', () => {
  it('keeps the original annotated text and the normalised simplified text, split into sentences', async () => {
    const res = await t.gql<{
      node: {
        title: string;
        editor: string;
        publisher: string;
        publishedOn: string;
        text: string;
        annotatedText: string;
        sentences: { index: number; text: string }[];
      };
    }>(
      '{ node(id: "SourceDocument:xibaiyin-2020-04-23") { ... on SourceDocument { title editor publisher publishedOn text annotatedText sentences { index text } } } }',
    );
    const doc = res.body.data?.node;
    expect(doc).toMatchObject({
      title: '建强队伍 健全机制 强化保障——景泰县党建引领助力脱贫攻坚工作综述',
      editor: '王军',
      publisher: '西e网—白银新闻网',
      publishedOn: '2020-04-23',
    });
    expect(doc?.annotatedText).toContain('隊(duì)伍');
    expect(doc?.text).toContain('景泰县');
    expect(doc?.text).not.toMatch(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/);
    expect(doc?.sentences.map((s) => s.index)).toEqual(doc?.sentences.map((_, i) => i + 1));
    expect(
      doc?.sentences
        .map((s) => s.text)
        .join('')
        .replace(/\s+/g, ''),
    ).toBe(doc?.text.replace(/\s+/g, ''));
  });
});

describe('values derived from synthetic facts', () => {
  it('marks 一肩挑 and its program links synthetic on real villages, planned and per level alike', async () => {
    const query = `{
      villages(where: { oneShoulder: true }, first: 100) {
        totalCount
        edges { node { id synthetic oneShoulder oneShoulderSynthetic programLinks { program { id } synthetic since evidence { text } } } }
      }
      node(id: "Program:one-shoulder") { ... on Program { implementations { entity { id } synthetic } } }
    }`;
    interface Answer {
      villages: {
        totalCount: number;
        edges: {
          node: {
            synthetic: boolean;
            oneShoulderSynthetic: boolean;
            programLinks: {
              program: { id: string };
              synthetic: boolean;
              since: string | null;
              evidence: { text: string } | null;
            }[];
          };
        }[];
      };
      node: { implementations: { entity: { id: string }; synthetic: boolean }[] };
    }
    const res = await t.gql<Answer>(query);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const villages = res.body.data?.villages.edges.map((e) => e.node) ?? [];
    expect(villages).toHaveLength(95);
    for (const v of villages) {
      expect(v.synthetic).toBe(false);
      expect(v.oneShoulderSynthetic).toBe(true);
      const link = v.programLinks.find((l) => l.program.id === 'Program:one-shoulder');
      expect(link?.synthetic).toBe(true);
      expect(link?.since).toMatch(/^20(17|18|19|20)-\d\d$/);
      expect(link?.evidence?.text).toContain('一肩挑');
    }
    const villageLinks = (res.body.data?.node.implementations ?? []).filter((l) => l.entity.id.startsWith('Village:'));
    expect(villageLinks).toHaveLength(95);
    expect(villageLinks.every((l) => l.synthetic)).toBe(true);
  });
});
