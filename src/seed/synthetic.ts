import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

import type { EntityLabel, RelationType } from '../model/kinds.js';
import { COVERAGE_MODES, STATIONING_LEVELS } from '../model/vocabulary.js';
import { pinyinFields } from '../text/names.js';
import { lastMonthIndex, monthIndex, monthOf, yearOf } from './calendar.js';
import type { EvidenceIndex } from './documents.js';
import type { EntityRow, PropertyValue, RelationRow } from './rows.js';

/** The generator's parameters (seeds/synthetic.json): the article's counts and a fixed random seed. */
export interface SyntheticParams {
  seed: number;
  /** The county the article is about: only its townships and villages are filled in. */
  county?: string;
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
  /** Township id → the industries its villages develop (made up for the generator; see the README). */
  industryPlan: Record<string, string[]>;
  /** How many leading enterprises run their two bases in two villages (the others: one village). */
  enterprisesInTwoVillages: number;
  /**
   * Weak and slack (软弱涣散) village Party organisations: how many (made up, the article gives no
   * count) and the months between which they were listed.
   */
  rectifications: { organizations: number; listedFrom: string; listedTo: string };
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
  rectification: '全面推动软弱涣散基层党组织整顿提升工作',
} as const;

const COUNTY_COMMITTEE = 'PartyOrganization:jingtai-county-committee';
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Village and township rows the generator builds on (real, from the divisions file). */
export interface GeneratorInput {
  villages: EntityRow[];
  townships: EntityRow[];
}

/** The month the article was published: nothing it reports as done may start later. */
export const ARTICLE_MONTH = '2020-04';

/**
 * Generates, deterministically, the people and organisations the article only counts, so that
 * every count it reports can be recomputed from the graph. Pseudonyms are role codes
 * (驻村干部-014), organisation names end in （模拟） and are unique, and every row is
 * `synthetic: true`. The structure follows the article's model (rules listed in the README,
 * "What is real, what is synthetic"; checked by src/seed/invariants.ts):
 *
 * - industries follow a per-township plan (`industryPlan`, made up for the generator);
 * - a leading enterprise sits in one township and runs its bases in villages of that township;
 *   it partners the Party organisation of each village where it runs a base and the industry
 *   branch on each of its bases — so a 支部+龙头企业+基地 chain is a village's partnership with an
 *   enterprise that runs a base there;
 * - dates are staggered (先后): posts, 一肩挑, dispatches start over the years before the article;
 *   a promotion or transfer ends the cadre's village post and stationing.
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
  // A month between two partial dates, inclusive: how the generator staggers start dates.
  const month = (from: string, to: string): string => monthOf(int(monthIndex(from), lastMonthIndex(to)));
  const later = (date: string, months: number): string => monthOf(monthIndex(date) + months);
  const sentence = (quote: string): string => evidence.resolve(quote);

  const entities: EntityRow[] = [];
  const relations: RelationRow[] = [];
  const names = new Set<string>();
  // Generated names are unique: a second base of one industry in one village is its 第二基地.
  const uniqueName = (stem: string, noun: string): string => {
    for (let n = 1; ; n++) {
      const name = `${stem}${n === 1 ? '' : `第${ORDINALS[n] ?? String(n)}`}${noun}（模拟）`;
      if (!names.has(name)) return name;
    }
  };
  const entity = (
    label: EntityLabel,
    key: string,
    name: string,
    props: Record<string, PropertyValue>,
    quote: string,
  ): string => {
    if (names.has(name)) throw new Error(`the generator named two entities ${name}`);
    names.add(name);
    const id = `${label}:${key}`;
    entities.push({
      id,
      label,
      props: { name, ...pinyinFields(name), synthetic: true, ...props },
      evidence: [sentence(quote)],
    });
    return id;
  };
  /** Adds a relationship and returns its properties, so that a later event can end it (`until`). */
  const relate = (
    type: RelationType,
    from: string,
    to: string,
    quote: string,
    props: Record<string, PropertyValue> = {},
    synthetic = true,
  ): Record<string, PropertyValue> => {
    const all = { synthetic, evidence: sentence(quote), ...props };
    relations.push({ type, from, to, props: all });
    return all;
  };

  const villages = [...input.villages].sort((a, b) => a.id.localeCompare(b.id));
  const byId = new Map(villages.map((v) => [v.id, v]));
  const models = params.modelVillages.map((id) => {
    const v = byId.get(id);
    if (!v) throw new Error(`model village ${id} is not among the villages`);
    return v;
  });
  const isModel = (v: EntityRow): boolean => params.modelVillages.includes(v.id);
  const others = villages.filter((v) => !isModel(v));
  const nameOf = (v: EntityRow): string => String(v.props.name);
  const codeOf = (v: EntityRow): string => v.id.slice('Village:'.length);
  const orgOf = (v: EntityRow): string => `PartyOrganization:village-${codeOf(v)}`;
  const townshipOf = (v: EntityRow): string => `Township:${codeOf(v).slice(0, 9)}000`;
  const planOf = (township: string): readonly string[] => {
    const plan = params.industryPlan[township];
    if (!plan || plan.length === 0) throw new Error(`industryPlan has no industry for ${township}`);
    const unknown = plan.find((industry) => !params.industries.includes(industry));
    if (unknown) throw new Error(`industryPlan names ${unknown}, which is not among the industries`);
    return plan;
  };
  const villagesOf = (township: string): EntityRow[] => villages.filter((v) => townshipOf(v) === township);
  // Posts and stationings a promotion or transfer will end, by person.
  const villagePosts = new Map<string, { since: string; props: Record<string, PropertyValue>[] }>();
  const track = (person: string, since: string, ...props: Record<string, PropertyValue>[]): void => {
    villagePosts.set(person, { since, props });
  };

  // Village Party organisations, secretaries, directors and 一肩挑. A 一肩挑 village's secretary
  // became director on a date staggered from 2017 to the article (先后), ending the director before.
  const oneShoulder = new Set(
    [...models, ...shuffled(others).slice(0, params.oneShoulderVillages - models.length)].map((v) => v.id),
  );
  let directors = 0;
  const director = (v: EntityRow, since: string, until?: string): void => {
    directors += 1;
    const person = entity(
      'Person',
      `village-director-${pad(directors, 3)}`,
      `村委会主任-${pad(directors, 3)}`,
      {},
      Q.villageOrg,
    );
    relate('HOLDS_POST', person, v.id, Q.villageOrg, {
      role: 'VILLAGE_COMMITTEE_DIRECTOR',
      since,
      ...(until ? { until } : {}),
    });
  };
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
    const since = month('2014-01', '2018-12');
    relate('HOLDS_POST', secretary, org, Q.villageOrg, { role: 'PARTY_SECRETARY', since });
    relate('MEMBER_OF', secretary, org, Q.villageOrg);
    if (oneShoulder.has(v.id)) {
      const joint = month(monthIndex(since) < monthIndex('2017-01') ? '2017-01' : later(since, 1), '2020-03');
      director(v, month('2013-01', later(joint, -1)), later(joint, -1));
      relate('HOLDS_POST', secretary, v.id, Q.oneShoulder, { role: 'VILLAGE_COMMITTEE_DIRECTOR', since: joint });
      relate('IMPLEMENTS', v.id, 'Program:one-shoulder', Q.oneShoulder, { since: joint });
    } else {
      director(v, month('2014-01', '2018-12'));
    }
  });

  // Dispatched county and township cadres (先后选派), each to a different village, from 2016 on.
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
      const since = month('2016-01', '2019-12');
      track(
        person,
        since,
        relate('HOLDS_POST', person, v.id, Q.dispatched, {
          role: 'DISPATCHED_CADRE',
          level: i % 2 === 0 ? 'COUNTY' : 'TOWNSHIP',
          since,
        }),
      );
      dispatched.push(person);
    });

  // Resident help cadres (驻村干部) added in 2020 (补充增派): one to each model village first.
  const levels: ('PROVINCIAL' | 'COUNTY')[] = [
    ...Array<'PROVINCIAL'>(params.residentCadres.PROVINCIAL).fill('PROVINCIAL'),
    ...Array<'COUNTY'>(params.residentCadres.COUNTY).fill('COUNTY'),
  ];
  const residentVillages = [...models, ...shuffled(others)];
  levels.forEach((level, i) => {
    const person = entity('Person', `resident-cadre-${pad(i + 1, 3)}`, `驻村干部-${pad(i + 1, 3)}`, {}, Q.resident);
    const v = residentVillages[i % residentVillages.length] as EntityRow;
    relate('STATIONED_IN', person, v.id, Q.resident, { level, since: month('2020-01', '2020-03') });
  });

  // First secretaries: one per village for 30 villages, the model villages first, plus the
  // predecessor in the first model village, whose term ended in 2019 when he was promoted, so
  // that "who was stationed there in 2019" has two answers.
  const firstSecretaries: string[] = [];
  const fsVillages = [...models, ...shuffled(others)].slice(0, params.firstSecretaries);
  fsVillages.forEach((v, i) => {
    const person = entity(
      'Person',
      `first-secretary-${pad(i + 1, 2)}`,
      `第一书记-${pad(i + 1, 2)}`,
      {},
      Q.firstSecretary,
    );
    const since = i === 0 ? '2019-07' : month('2017-01', '2019-12');
    const level = pick(STATIONING_LEVELS.filter((l) => l !== 'TOWNSHIP'));
    track(
      person,
      since,
      relate('HOLDS_POST', person, orgOf(v), Q.firstSecretary, { role: 'FIRST_SECRETARY', since }),
      relate('STATIONED_IN', person, v.id, Q.firstSecretary, { level, since }),
    );
    firstSecretaries.push(person);
  });
  const predecessor = entity(
    'Person',
    `first-secretary-${pad(params.firstSecretaries + 1, 2)}`,
    `第一书记-${pad(params.firstSecretaries + 1, 2)}`,
    {},
    Q.firstSecretary,
  );
  track(
    predecessor,
    '2017-03',
    relate('HOLDS_POST', predecessor, orgOf(models[0] as EntityRow), Q.firstSecretary, {
      role: 'FIRST_SECRETARY',
      since: '2017-03',
    }),
    relate('STATIONED_IN', predecessor, (models[0] as EntityRow).id, Q.firstSecretary, {
      level: 'CITY',
      since: '2017-03',
    }),
  );

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

  // Leading enterprises, one township each (the model villages' townships first), with an
  // industry of that township's plan and a home village where they run their bases.
  const { leading: leadingCount } = params.enterprises;
  const extraTownships = shuffled(input.townships.map((t) => t.id).filter((t) => villagesOf(t).length > 0));
  const homes: EntityRow[] = [...models];
  const used = new Set(homes.map((v) => v.id));
  while (homes.length < leadingCount) {
    const township = extraTownships[(homes.length - models.length) % extraTownships.length] as string;
    const free = villagesOf(township).filter((v) => !used.has(v.id));
    const home = pick(free.length > 0 ? free : villagesOf(township));
    used.add(home.id);
    homes.push(home);
  }
  const leading = homes.map((home, i) => {
    const township = townshipOf(home);
    const industry = pick(planOf(township));
    const id = entity(
      'Enterprise',
      `leading-${pad(i + 1, 2)}`,
      `${industry}龙头企业-${pad(i + 1, 2)}（模拟）`,
      { leading: true, ownership: 'NON_PUBLIC', industry },
      Q.chain,
    );
    relate('LOCATED_IN', id, township, Q.chain);
    return { id, industry, home, township };
  });

  // The enterprises' bases: the first ones run two, in their home village — except the last
  // `enterprisesInTwoVillages` of those, whose second base lies in another village of their
  // township (the case `sameVillage` tells apart).
  const twoBases = params.leadingEnterpriseBases - leadingCount;
  if (twoBases < 0 || twoBases > leadingCount)
    throw new Error('leadingEnterpriseBases must be between 1 and 2 per enterprise');
  const enterpriseBases = leading.flatMap((e, i) => {
    if (i >= twoBases) return [{ enterprise: e, village: e.home }];
    const spread = i >= twoBases - params.enterprisesInTwoVillages;
    const away = villagesOf(e.township).filter((v) => !used.has(v.id));
    const second = spread && away.length > 0 ? pick(away) : e.home;
    used.add(second.id);
    return [
      { enterprise: e, village: e.home },
      { enterprise: e, village: second },
    ];
  });
  const baseOf = (v: EntityRow, industry: string, i: number): { id: string; village: EntityRow; industry: string } => {
    const id = entity(
      'Base',
      `base-${pad(i + 1, 2)}`,
      uniqueName(`${nameOf(v)}${industry}`, '基地'),
      { industry },
      Q.bases,
    );
    relate('LOCATED_IN', id, v.id, Q.bases);
    return { id, village: v, industry };
  };
  const bases = enterpriseBases.map(({ enterprise, village }, i) => baseOf(village, enterprise.industry, i));
  // Cooperative-run bases: one in each model village, then in other villages.
  const coopBaseVillages = [...models, ...shuffled(others.filter((v) => !used.has(v.id)))].slice(
    0,
    params.bases - bases.length,
  );
  bases.push(...coopBaseVillages.map((v, i) => baseOf(v, pick(planOf(townshipOf(v))), bases.length + i)));

  // 支部+龙头企业+基地: the enterprise runs the base and partners the village's Party organisation.
  const partnered = new Set<string>();
  enterpriseBases.forEach(({ enterprise, village }, i) => {
    relate('OPERATES', enterprise.id, (bases[i] as (typeof bases)[number]).id, Q.chain);
    const org = orgOf(village);
    if (partnered.has(`${org}>${enterprise.id}`)) return;
    partnered.add(`${org}>${enterprise.id}`);
    relate('PARTNERS_WITH', org, enterprise.id, Q.chain);
    if (!partnered.has(org)) relate('IMPLEMENTS', org, 'Program:branch-enterprise-base', Q.chain);
    partnered.add(org);
  });

  // Cooperatives led by village Party organisations; the first ones run the cooperative bases.
  const cooperatives = Array.from({ length: params.cooperativesLed }, (_, i) => {
    const base = bases[enterpriseBases.length + i];
    const v = base ? base.village : pick(villages);
    const industry = base ? base.industry : pick(planOf(townshipOf(v)));
    const stem = `${nameOf(v)}${industry}`;
    const name = uniqueName(stem, '专业合作社');
    const id = entity('Cooperative', `cooperative-${pad(i + 1, 2)}`, name, { industry }, Q.cooperatives);
    relate('LEADS', orgOf(v), id, Q.cooperatives);
    relate('LOCATED_IN', id, v.id, Q.cooperatives);
    if (base) relate('OPERATES', id, base.id, Q.cooperatives);
    return { id, village: v, industry, stem: name.replace('（模拟）', '') };
  });

  // Industry Party branches: one on each base (then on cooperatives); the branch on an
  // enterprise's base partners that enterprise too. Party groups sit in cooperatives.
  for (let i = 0; i < params.industryBranches; i++) {
    const base = bases[i];
    const coop = cooperatives[i - bases.length];
    const site = base ?? coop;
    if (!site) throw new Error('more industry branches than bases and cooperatives');
    const id = entity(
      'PartyOrganization',
      `industry-branch-${pad(i + 1, 2)}`,
      uniqueName(`${nameOf(site.village)}${site.industry}`, '产业党支部'),
      { orgType: 'INDUSTRY_PARTY_BRANCH' },
      Q.branches,
    );
    relate('PART_OF', id, orgOf(site.village), Q.branches);
    relate('LOCATED_IN', id, site.id, Q.branches);
    const run = enterpriseBases[i];
    if (base && run) relate('PARTNERS_WITH', id, run.enterprise.id, Q.chain);
  }
  shuffled(cooperatives)
    .slice(0, params.partyGroups)
    .forEach((coop, i) => {
      const id = entity(
        'PartyOrganization',
        `party-group-${pad(i + 1, 2)}`,
        uniqueName(coop.stem, '党小组'),
        { orgType: 'PARTY_GROUP' },
        Q.branches,
      );
      relate('PART_OF', id, orgOf(coop.village), Q.branches);
      relate('LOCATED_IN', id, coop.id, Q.branches);
    });

  const ordinary = Array.from({ length: params.enterprises.nonPublic - leadingCount }, (_, i) => {
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

  // 51 cadres promoted or moved to important posts before the article: 9 first secretaries
  // promoted, 10 dispatched cadres promoted, 32 transferred (dispatched cadres, then first
  // secretaries). Each leaves the village: the post and the stationing end in that month. The
  // model villages' first secretaries stay (they are their current ones).
  const { promotions } = params;
  const fsPool = shuffled(firstSecretaries.slice(models.length));
  const promotedFirstSecretaries = [predecessor, ...fsPool.splice(0, promotions.firstSecretaries - 1)];
  const helpers = shuffled(dispatched);
  const promotedOthers = helpers.splice(0, promotions.total - promotions.transferred - promotions.firstSecretaries);
  const transferred = [...helpers, ...fsPool].slice(0, promotions.transferred);
  if (transferred.length < promotions.transferred) throw new Error('not enough cadres to transfer');
  const move = (person: string, kind: 'PROMOTION' | 'TRANSFER', toPost: string): void => {
    const posts = villagePosts.get(person);
    if (!posts) throw new Error(`${person} holds no village post to leave`);
    // Six months after the start or later (sooner for a late start), and before the article.
    const last = monthIndex(ARTICLE_MONTH) - 1;
    const at = person === predecessor ? '2019-06' : monthOf(int(Math.min(monthIndex(posts.since) + 6, last), last));
    for (const props of posts.props) props.until = at;
    relate('PROMOTED', person, COUNTY_COMMITTEE, Q.promoted, { kind, year: yearOf(at), toPost });
  };
  for (const person of [...promotedFirstSecretaries, ...promotedOthers])
    move(person, 'PROMOTION', '乡镇领导职务（模拟）');
  for (const person of transferred) move(person, 'TRANSFER', '县直部门重要岗位（模拟）');

  assignIncome(params.collectiveIncome, villages, models, shuffled(others), int, sentence(Q.income));

  // 软弱涣散: village Party organisations listed as weak and slack (never a model village's), each
  // with the standing-committee member who answers for it (联系包抓), turned round some months
  // later and consolidated after that (整顿一个、转化一个，转化一个、巩固一个). What the article's
  // month has not reached yet is left open: the last listed are still being turned round.
  // Generated last, so the figures above come out of the same random draws as before.
  const { rectifications } = params;
  const article = monthIndex(ARTICLE_MONTH);
  shuffled(others)
    .slice(0, rectifications.organizations)
    .map((v) => ({ v, since: month(rectifications.listedFrom, rectifications.listedTo) }))
    .sort((a, b) => a.since.localeCompare(b.since) || a.v.id.localeCompare(b.v.id))
    .forEach(({ v, since }, i) => {
      const contact = `Person:standing-committee-${pad((i % params.standingCommitteeMembers) + 1, 2)}`;
      const turned = later(since, int(8, 18));
      const consolidated = later(turned, int(6, 12));
      relate('RECTIFIES', contact, orgOf(v), Q.rectification, {
        since,
        ...(monthIndex(turned) <= article ? { turnedRoundOn: turned } : {}),
        ...(monthIndex(consolidated) <= article ? { consolidatedOn: consolidated } : {}),
      });
    });
  return { entities, relations };
}

// Ordinals for a second, third… generated entity of one stem (第二基地).
const ORDINALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * Collective income per village, in whole yuan, summing exactly to the article's total, with
 * exactly the reported number of villages at or above the threshold (model villages among them).
 * Amounts are spread continuously (no two villages share one); the figures are synthetic
 * properties on real villages, flagged by `collectiveIncomeSynthetic`.
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
  const taken = new Set<number>();
  const set = (v: EntityRow, yuan: number): void => {
    taken.add(yuan);
    Object.assign(v.props, {
      collectiveIncome: yuan,
      collectiveIncomeYear: spec.year,
      collectiveIncomeSynthetic: true,
      collectiveIncomeEvidence: evidence,
    });
  };
  // Below the threshold: anywhere from 6% of it up to a yuan under it.
  let remaining = spec.totalYuan;
  for (const v of below) {
    let yuan = int(Math.round(spec.threshold * 0.06), spec.threshold - 1);
    while (taken.has(yuan)) yuan = yuan === spec.threshold - 1 ? 1 : yuan + 1;
    set(v, yuan);
    remaining -= yuan;
  }
  // Above: the threshold each, plus a share of what is left by a random weight (a model village
  // weighs several times more), the last taking the remainder so the total is exact.
  const weights = above.map((v) => (models.includes(v) ? int(60_000, 120_000) : int(1_000, 40_000)));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const extra = remaining - spec.threshold * above.length;
  if (extra < 0) throw new Error('collective income total is too small for the villages above the threshold');
  let given = 0;
  above.forEach((v, i) => {
    let share = i === above.length - 1 ? extra - given : Math.floor((extra * (weights[i] as number)) / totalWeight);
    while (i < above.length - 1 && taken.has(spec.threshold + share)) share += 1;
    given += share;
    set(v, spec.threshold + share);
  });
}
