import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

import type { EntityLabel, RelationType } from '../model/kinds.js';
import { COVERAGE_MODES, STATIONING_LEVELS } from '../model/vocabulary.js';
import { pinyinFields } from '../text/names.js';
import type { EvidenceIndex } from './documents.js';
import type { EntityRow, PropertyValue, RelationRow } from './rows.js';

/** The generator's parameters (seeds/synthetic.json): the article's counts and a fixed random seed. */
export interface SyntheticParams {
  seed: number;
  oneShoulderVillages: number;
  dispatchedCadres: number;
  residentCadres: { PROVINCIAL: number; COUNTY: number };
  firstSecretaries: number;
  industryLeaders: number;
  reserveCadres: number;
  cooperativesLed: number;
  industryBranches: number;
  partyGroups: number;
  bases: number;
  leadingEnterpriseBases: number;
  enterprises: { nonPublic: number; covered: number; leading: number; partyOrganizations: number };
  socialOrganizations: { total: number; covered: number; partyOrganizations: number };
  collectiveIncome: { year: number; totalYuan: number; threshold: number; villagesAtOrAbove: number };
  promotions: { total: number; firstSecretaries: number; transferred: number };
  standingCommitteeMembers: number;
  modelVillages: string[];
  industries: string[];
}

// The sentence each generated fact rests on, quoted from the article.
const Q = {
  villageOrg: '推行村党组织书记、村委会主任“一肩挑”工作',
  oneShoulder: '全县95个村已实现党组织书记和村委会主任“一肩挑”',
  dispatched: '先后选派、选聘40名县乡干部、无编制项目生到村任职',
  resident: '补充增派省级14名、县级38名干部驻村帮扶',
  firstSecretary: '《第一书记管理考核办法》',
  leaders: '培育党员产业致富带头人300余名',
  reserve: '培养村级后备干部1241名',
  cooperatives: '引导村党组织创办领办专业合作社65个',
  branches: '先后组建产业党支部、党小组93个',
  bases: '扶持建立产业基地50个',
  chain: '采取“支部+龙头企业+基地”等形式',
  coverage: '非公企业和社会组织党组织覆盖率分别达到75.47%、79.08%',
  income: '全县村级集体经济收入达1256.3万元',
  contacts: '制定领导干部联系包抓四级责任清单',
  standing: '建立县委常委党建联系“四个一”制度',
  promoted: '累计提拔重用务实担当、实绩突出的扶贫干部51名',
  plan: '逐村制定集体经济发展方案',
} as const;

const COUNTY_COMMITTEE = 'PartyOrganization:jingtai-county-committee';
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Village and township rows the generator builds on (real, from the divisions file). */
export interface GeneratorInput {
  villages: EntityRow[];
  townships: EntityRow[];
}

/**
 * Generates, deterministically, the people and organisations the article only counts, so that
 * every count it reports can be recomputed from the graph. Pseudonyms are role codes
 * (驻村干部-014), organisation names end in （模拟）, and every row is `synthetic: true`.
 */
export function generateSynthetic(
  params: SyntheticParams,
  input: GeneratorInput,
  evidence: EvidenceIndex,
): { entities: EntityRow[]; relations: RelationRow[] } {
  const rng = xoroshiro128plus(params.seed);
  const int = (from: number, to: number): number => uniformInt(rng, from, to);
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const shuffled = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  const sentence = (quote: string): string => evidence.resolve(quote);

  const entities: EntityRow[] = [];
  const relations: RelationRow[] = [];
  const entity = (
    label: EntityLabel,
    key: string,
    name: string,
    props: Record<string, PropertyValue>,
    quote: string,
  ): string => {
    const id = `${label}:${key}`;
    entities.push({
      id,
      label,
      props: { name, ...pinyinFields(name), synthetic: true, ...props },
      evidence: [sentence(quote)],
    });
    return id;
  };
  const relate = (
    type: RelationType,
    from: string,
    to: string,
    quote: string,
    props: Record<string, PropertyValue> = {},
    synthetic = true,
  ): void => {
    relations.push({ type, from, to, props: { synthetic, evidence: sentence(quote), ...props } });
  };

  const villages = [...input.villages].sort((a, b) => a.id.localeCompare(b.id));
  const byId = new Map(villages.map((v) => [v.id, v]));
  const models = params.modelVillages.map((id) => {
    const v = byId.get(id);
    if (!v) throw new Error(`model village ${id} is not among the villages`);
    return v;
  });
  const others = villages.filter((v) => !params.modelVillages.includes(v.id));
  const nameOf = (v: EntityRow): string => String(v.props.name);
  const codeOf = (v: EntityRow): string => v.id.slice('Village:'.length);
  const orgOf = (v: EntityRow): string => `PartyOrganization:village-${codeOf(v)}`;

  // Village Party organisations, secretaries, directors and 一肩挑.
  const oneShoulder = new Set(
    [...models, ...shuffled(others).slice(0, params.oneShoulderVillages - models.length)].map((v) => v.id),
  );
  let directors = 0;
  villages.forEach((v, i) => {
    const org = entity(
      'PartyOrganization',
      `village-${codeOf(v)}`,
      `${nameOf(v)}党组织`,
      { orgType: 'VILLAGE_PARTY_ORGANIZATION' },
      Q.villageOrg,
    );
    relate('GOVERNS', org, v.id, Q.villageOrg);
    relate('IMPLEMENTS', v.id, 'Program:one-village-one-plan', Q.plan, {}, false);
    const secretary = entity(
      'Person',
      `village-secretary-${codeOf(v)}`,
      `村党组织书记-${pad(i + 1, 3)}`,
      {},
      Q.villageOrg,
    );
    const since = `${String(int(2016, 2018))}-${pad(int(1, 12), 2)}`;
    relate('HOLDS_POST', secretary, org, Q.villageOrg, { role: 'PARTY_SECRETARY', since });
    relate('MEMBER_OF', secretary, org, Q.villageOrg);
    if (oneShoulder.has(v.id)) {
      relate('HOLDS_POST', secretary, v.id, Q.oneShoulder, { role: 'VILLAGE_COMMITTEE_DIRECTOR', since: '2019-01' });
      relate('IMPLEMENTS', v.id, 'Program:one-shoulder', Q.oneShoulder);
    } else {
      directors += 1;
      const director = entity(
        'Person',
        `village-director-${codeOf(v)}`,
        `村委会主任-${pad(directors, 3)}`,
        {},
        Q.villageOrg,
      );
      relate('HOLDS_POST', director, v.id, Q.villageOrg, { role: 'VILLAGE_COMMITTEE_DIRECTOR', since: '2018-01' });
    }
  });

  // Dispatched county and township cadres (选派), each to a different village.
  const dispatched: string[] = [];
  shuffled(villages)
    .slice(0, params.dispatchedCadres)
    .forEach((v, i) => {
      const person = entity(
        'Person',
        `dispatched-cadre-${pad(i + 1, 2)}`,
        `选派干部-${pad(i + 1, 2)}`,
        {},
        Q.dispatched,
      );
      relate('HOLDS_POST', person, v.id, Q.dispatched, {
        role: 'DISPATCHED_CADRE',
        level: i % 2 === 0 ? 'COUNTY' : 'TOWNSHIP',
        since: `2019-${pad(int(1, 12), 2)}`,
      });
      dispatched.push(person);
    });

  // Resident help cadres (驻村干部) added in 2020: the first goes to the first model village.
  const resident: string[] = [];
  const levels: ('PROVINCIAL' | 'COUNTY')[] = [
    ...Array<'PROVINCIAL'>(params.residentCadres.PROVINCIAL).fill('PROVINCIAL'),
    ...Array<'COUNTY'>(params.residentCadres.COUNTY).fill('COUNTY'),
  ];
  const residentVillages = [models[0] as EntityRow, ...shuffled(others)];
  levels.forEach((level, i) => {
    const person = entity('Person', `resident-cadre-${pad(i + 1, 3)}`, `驻村干部-${pad(i + 1, 3)}`, {}, Q.resident);
    const v = residentVillages[i % residentVillages.length] as EntityRow;
    relate('STATIONED_IN', person, v.id, Q.resident, { level, since: `2020-${pad(int(1, 3), 2)}` });
    resident.push(person);
  });

  // First secretaries: one per village for 30 villages, plus the predecessor in the first model
  // village, whose term ended in 2019, so that "who was stationed there in 2019" has two answers.
  const firstSecretaries: string[] = [];
  const fsVillages = [
    models[0] as EntityRow,
    ...shuffled(villages.filter((v) => v !== models[0])).slice(0, params.firstSecretaries - 1),
  ];
  fsVillages.forEach((v, i) => {
    const person = entity(
      'Person',
      `first-secretary-${pad(i + 1, 2)}`,
      `第一书记-${pad(i + 1, 2)}`,
      {},
      Q.firstSecretary,
    );
    const since = i === 0 ? '2019-07' : `${String(int(2017, 2019))}-${pad(int(1, 12), 2)}`;
    const level = pick(STATIONING_LEVELS.filter((l) => l !== 'TOWNSHIP'));
    relate('HOLDS_POST', person, orgOf(v), Q.firstSecretary, { role: 'FIRST_SECRETARY', since });
    relate('STATIONED_IN', person, v.id, Q.firstSecretary, { level, since });
    firstSecretaries.push(person);
  });
  const predecessor = entity(
    'Person',
    `first-secretary-${pad(params.firstSecretaries + 1, 2)}`,
    `第一书记-${pad(params.firstSecretaries + 1, 2)}`,
    {},
    Q.firstSecretary,
  );
  relate('HOLDS_POST', predecessor, orgOf(models[0] as EntityRow), Q.firstSecretary, {
    role: 'FIRST_SECRETARY',
    since: '2017-03',
    until: '2019-06',
  });
  relate('STATIONED_IN', predecessor, (models[0] as EntityRow).id, Q.firstSecretary, {
    level: 'CITY',
    since: '2017-03',
    until: '2019-06',
  });

  // Party members trained as industry leaders, and village reserve cadres.
  for (let i = 1; i <= params.industryLeaders; i++) {
    const v = pick(villages);
    const person = entity('Person', `industry-leader-${pad(i, 3)}`, `致富带头人-${pad(i, 3)}`, {}, Q.leaders);
    relate('HOLDS_POST', person, v.id, Q.leaders, { role: 'INDUSTRY_LEADER', since: String(int(2017, 2020)) });
    relate('MEMBER_OF', person, orgOf(v), Q.leaders);
  }
  for (let i = 1; i <= params.reserveCadres; i++) {
    const v = villages[(i - 1) % villages.length] as EntityRow;
    const person = entity('Person', `reserve-cadre-${pad(i, 4)}`, `后备干部-${pad(i, 4)}`, {}, Q.reserve);
    relate('HOLDS_POST', person, v.id, Q.reserve, { role: 'RESERVE_CADRE', since: String(int(2018, 2020)) });
  }

  // Industry bases: model villages first. The first ones are run by leading enterprises (the
  // 支部+龙头企业+基地 chains), the rest by cooperatives.
  const industries = params.industries;
  // The first model village also gets a cooperative-run base, so that it shows both patterns.
  const baseOthers = shuffled(others);
  const enterpriseRun = [...models, ...baseOthers.splice(0, params.leadingEnterpriseBases - models.length)];
  const baseVillages = [
    ...enterpriseRun,
    models[0] as EntityRow,
    ...baseOthers.slice(0, params.bases - enterpriseRun.length - 1),
  ];
  const bases = baseVillages.map((v, i) => {
    const industry = pick(industries);
    const id = entity('Base', `base-${pad(i + 1, 2)}`, `${nameOf(v)}${industry}基地（模拟）`, { industry }, Q.bases);
    relate('LOCATED_IN', id, v.id, Q.bases);
    return { id, village: v, industry };
  });

  const leading = Array.from({ length: params.enterprises.leading }, (_, i) => {
    const industry = industries[i % industries.length] as string;
    const id = entity(
      'Enterprise',
      `leading-${pad(i + 1, 2)}`,
      `${industry}龙头企业-${pad(i + 1, 2)}（模拟）`,
      { leading: true, ownership: 'NON_PUBLIC', industry },
      Q.chain,
    );
    relate('LOCATED_IN', id, pick(input.townships).id, Q.chain);
    return { id, industry };
  });
  const ordinary = Array.from({ length: params.enterprises.nonPublic - params.enterprises.leading }, (_, i) => {
    const id = entity(
      'Enterprise',
      `non-public-${pad(i + 1, 3)}`,
      `非公企业-${pad(i + 1, 3)}（模拟）`,
      { leading: false, ownership: 'NON_PUBLIC' },
      Q.coverage,
    );
    relate('LOCATED_IN', id, pick(input.townships).id, Q.coverage);
    return id;
  });

  const branches: string[] = [];
  bases.forEach((base, i) => {
    if (i < params.leadingEnterpriseBases) {
      const enterprise = leading.find((e) => e.industry === base.industry) ?? leading[i % leading.length];
      if (!enterprise) throw new Error('the generator needs at least one leading enterprise');
      relate('OPERATES', enterprise.id, base.id, Q.chain);
      relate('PARTNERS_WITH', orgOf(base.village), enterprise.id, Q.chain);
      relate('IMPLEMENTS', orgOf(base.village), 'Program:branch-enterprise-base', Q.chain);
    }
  });

  // Cooperatives led by village Party organisations; the first ones run the remaining bases.
  const cooperatives = Array.from({ length: params.cooperativesLed }, (_, i) => {
    const base = bases[params.leadingEnterpriseBases + i];
    const v = base ? base.village : pick(villages);
    const industry = base ? base.industry : pick(industries);
    const id = entity(
      'Cooperative',
      `cooperative-${pad(i + 1, 2)}`,
      `${nameOf(v)}${industry}专业合作社（模拟）`,
      { industry },
      Q.cooperatives,
    );
    relate('LEADS', orgOf(v), id, Q.cooperatives);
    relate('LOCATED_IN', id, v.id, Q.cooperatives);
    if (base) relate('OPERATES', id, base.id, Q.cooperatives);
    return { id, village: v, industry };
  });

  // 93 industry Party branches and groups: a branch on each base (then on cooperatives), groups in cooperatives.
  for (let i = 0; i < params.industryBranches; i++) {
    const base = bases[i];
    const coop = cooperatives[i - bases.length];
    const v = base ? base.village : (coop as (typeof cooperatives)[number]).village;
    const industry = base ? base.industry : (coop as (typeof cooperatives)[number]).industry;
    const id = entity(
      'PartyOrganization',
      `industry-branch-${pad(i + 1, 2)}`,
      `${nameOf(v)}${industry}产业党支部（模拟）`,
      { orgType: 'INDUSTRY_PARTY_BRANCH' },
      Q.branches,
    );
    relate('PART_OF', id, orgOf(v), Q.branches);
    relate('LOCATED_IN', id, base ? base.id : (coop as (typeof cooperatives)[number]).id, Q.branches);
    branches.push(id);
    // The branch on an enterprise-run base works with that enterprise too: a second chain link.
    if (base && i < params.leadingEnterpriseBases) {
      const op = relations.find((r) => r.type === 'OPERATES' && r.to === base.id);
      if (op) relate('PARTNERS_WITH', id, op.from, Q.chain);
    }
  }
  const groupCoops = shuffled(cooperatives).slice(0, params.partyGroups);
  groupCoops.forEach((coop, i) => {
    const id = entity(
      'PartyOrganization',
      `party-group-${pad(i + 1, 2)}`,
      `${nameOf(coop.village)}${coop.industry}合作社党小组（模拟）`,
      { orgType: 'PARTY_GROUP' },
      Q.branches,
    );
    relate('PART_OF', id, orgOf(coop.village), Q.branches);
    relate('LOCATED_IN', id, coop.id, Q.branches);
  });

  // Party coverage of non-public enterprises (40 of 53) and social organisations (121 of 153).
  const cover = (prefix: string, name: string, orgType: string, count: number, targets: string[]): void => {
    const orgs = Array.from({ length: count }, (_, i) =>
      entity(
        'PartyOrganization',
        `${prefix}-${pad(i + 1, 2)}`,
        `${name}-${pad(i + 1, 2)}（模拟）`,
        { orgType },
        Q.coverage,
      ),
    );
    targets.forEach((target, i) =>
      relate('COVERS', orgs[i % orgs.length] as string, target, Q.coverage, { mode: pick(COVERAGE_MODES) }),
    );
  };
  cover(
    'enterprise-party-org',
    '非公企业党组织',
    'ENTERPRISE_PARTY_ORGANIZATION',
    params.enterprises.partyOrganizations,
    [...leading.map((e) => e.id), ...shuffled(ordinary).slice(0, params.enterprises.covered - leading.length)],
  );
  const social = Array.from({ length: params.socialOrganizations.total }, (_, i) => {
    const id = entity(
      'SocialOrganization',
      `social-${pad(i + 1, 3)}`,
      `社会组织-${pad(i + 1, 3)}（模拟）`,
      {},
      Q.coverage,
    );
    relate('LOCATED_IN', id, pick(input.townships).id, Q.coverage);
    return id;
  });
  cover(
    'social-party-org',
    '社会组织党组织',
    'SOCIAL_ORGANIZATION_PARTY_ORGANIZATION',
    params.socialOrganizations.partyOrganizations,
    shuffled(social).slice(0, params.socialOrganizations.covered),
  );

  // County standing-committee members and their 联系包抓 contacts.
  const contacted = shuffled(others);
  for (let i = 1; i <= params.standingCommitteeMembers; i++) {
    const person = entity('Person', `standing-committee-${pad(i, 2)}`, `县委常委-${pad(i, 2)}`, {}, Q.standing);
    relate('HOLDS_POST', person, COUNTY_COMMITTEE, Q.standing, { role: 'STANDING_COMMITTEE_MEMBER', since: '2016-10' });
    relate('IMPLEMENTS', person, 'Program:four-ones', Q.standing);
    relate('CONTACTS', person, (input.townships[(i - 1) % input.townships.length] as EntityRow).id, Q.contacts);
    for (const v of contacted.splice(0, 2)) relate('CONTACTS', person, v.id, Q.contacts);
  }

  // 51 cadres promoted or moved to important posts: 9 first secretaries promoted, 32 transferred.
  const { promotions } = params;
  const promotedFirstSecretaries = [
    predecessor,
    ...shuffled(firstSecretaries).slice(0, promotions.firstSecretaries - 1),
  ];
  const helpers = shuffled([...resident, ...dispatched]);
  const promotedOthers = helpers.splice(0, promotions.total - promotions.transferred - promotions.firstSecretaries);
  const transferred = helpers.splice(0, promotions.transferred);
  for (const person of [...promotedFirstSecretaries, ...promotedOthers]) {
    const year = person === predecessor ? 2019 : int(2018, 2020);
    relate('PROMOTED', person, COUNTY_COMMITTEE, Q.promoted, {
      kind: 'PROMOTION',
      year,
      toPost: '乡镇领导职务（模拟）',
    });
  }
  for (const person of transferred) {
    relate('PROMOTED', person, COUNTY_COMMITTEE, Q.promoted, {
      kind: 'TRANSFER',
      year: int(2018, 2020),
      toPost: '县直部门重要岗位（模拟）',
    });
  }

  assignIncome(params.collectiveIncome, villages, models, shuffled(others), int, sentence(Q.income));
  return { entities, relations };
}

/**
 * Collective income per village summing exactly to the article's total, with exactly the
 * reported number of villages at or above the threshold (model villages among them). The figures
 * are synthetic properties on real villages, flagged by `collectiveIncomeSynthetic`.
 */
function assignIncome(
  spec: SyntheticParams['collectiveIncome'],
  villages: EntityRow[],
  models: EntityRow[],
  othersShuffled: EntityRow[],
  int: (from: number, to: number) => number,
  evidence: string,
): void {
  const above = [...models, ...othersShuffled.slice(0, spec.villagesAtOrAbove - models.length)];
  const aboveIds = new Set(above.map((v) => v.id));
  const below = villages.filter((v) => !aboveIds.has(v.id));
  const set = (v: EntityRow, yuan: number): void => {
    Object.assign(v.props, {
      collectiveIncome: yuan,
      collectiveIncomeYear: spec.year,
      collectiveIncomeSynthetic: true,
      collectiveIncomeEvidence: evidence,
    });
  };
  let remaining = spec.totalYuan;
  for (const v of below) {
    const yuan = int(30, spec.threshold / 100 - 1) * 100;
    set(v, yuan);
    remaining -= yuan;
  }
  // Above the threshold: the threshold each, plus a weighted share of what is left (model villages weigh more).
  const weights = above.map((v) => (models.includes(v) ? 12 : int(1, 6)));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const extra = remaining - spec.threshold * above.length;
  if (extra < 0) throw new Error('collective income total is too small for the villages above the threshold');
  let given = 0;
  above.forEach((v, i) => {
    const share =
      i === above.length - 1 ? extra - given : Math.floor((extra * (weights[i] as number)) / totalWeight / 100) * 100;
    given += share;
    set(v, spec.threshold + share);
  });
}
