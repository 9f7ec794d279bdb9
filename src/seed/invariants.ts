import { MODEL_VILLAGES_PROGRAM } from '../db/rules.js';
import { lastMonthIndex, monthIndex, yearOf } from './calendar.js';
import type { EntityRow, PropertyValue, RelationRow } from './rows.js';

/**
 * The domain's invariants over a seed graph (the rows of a seed folder, generated or written by
 * hand): what the article's model makes impossible, checked before anything is loaded. Each rule
 * returns the facts that break it, in words; `seed()` refuses a set with any.
 *
 * Posts and stationings are "current" when they have no `until`: a seed states what is known,
 * and an open post is one the article gives no end for.
 */

/** A broken invariant: which rule, and the fact that breaks it. */
export interface Violation {
  rule: string;
  message: string;
}

/** The years of the poverty-alleviation campaign (脱贫攻坚, 2015–2020) that stationings fall in. */
export const CAMPAIGN = { from: '2015-01', to: '2020-12' } as const;

/** What the article reports that the per-year rules compare with (from seeds/synthetic.json). */
export interface ArticleCounts {
  /** The year the article's "补充增派" resident cadres were stationed, and how many per level. */
  residentCadres: { year: number; byLevel: Record<string, number> };
  /** The villages of the article's county: the counts are of stationings there (all when absent). */
  villages?: ReadonlySet<string>;
}

interface Graph {
  entities: Map<string, EntityRow>;
  relations: RelationRow[];
  byType: (type: RelationRow['type']) => RelationRow[];
}

const str = (value: PropertyValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
const open = (r: RelationRow): boolean => r.props.until === undefined || r.props.until === null;

// Appends to the list under `key`; every index here is built in one pass (the province-sized seed
// sets hold hundreds of thousands of rows, so no rule may scan them once per row).
function group<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function graphOf(entities: readonly EntityRow[], relations: readonly RelationRow[]): Graph {
  const byType = new Map<string, RelationRow[]>();
  for (const r of relations) group(byType, r.type, r);
  return {
    entities: new Map(entities.map((e) => [e.id, e])),
    relations: [...relations],
    byType: (type) => byType.get(type) ?? [],
  };
}

/** Posts (HOLDS_POST) and stationings (STATIONED_IN) by person. */
function servicesByPerson(g: Graph): Map<string, RelationRow[]> {
  const out = new Map<string, RelationRow[]>();
  for (const r of [...g.byType('HOLDS_POST'), ...g.byType('STATIONED_IN')]) {
    group(out, r.from, r);
  }
  return out;
}

/** No promotion or transfer before the cadre's first post or stationing. */
function promotionAfterFirstPost(g: Graph): Violation[] {
  const services = servicesByPerson(g);
  return g.byType('PROMOTED').flatMap((p) => {
    const starts = (services.get(p.from) ?? []).map((r) => str(r.props.since)).filter((s) => s !== undefined);
    const year = typeof p.props.year === 'number' ? p.props.year : NaN;
    if (starts.length === 0)
      return [{ rule: 'promotionAfterFirstPost', message: `${p.from} is promoted but never held a post` }];
    const first = starts.reduce((a, b) => (monthIndex(a) <= monthIndex(b) ? a : b));
    return year < yearOf(first)
      ? [
          {
            rule: 'promotionAfterFirstPost',
            message: `${p.from} is promoted in ${String(year)}, before the first post (${first})`,
          },
        ]
      : [];
  });
}

/**
 * A transfer (or promotion) out of a village ends the cadre's village posts and stationings:
 * each has an `until` no later than the year of the move.
 */
function moveEndsVillagePost(g: Graph): Violation[] {
  const services = servicesByPerson(g);
  const villageSide = (r: RelationRow): boolean => {
    const target = g.entities.get(r.to);
    return (
      r.type === 'STATIONED_IN' || r.to.startsWith('Village:') || target?.props.orgType === 'VILLAGE_PARTY_ORGANIZATION'
    );
  };
  return g.byType('PROMOTED').flatMap((p) => {
    const year = typeof p.props.year === 'number' ? p.props.year : NaN;
    return (services.get(p.from) ?? [])
      .filter(villageSide)
      .filter((r) => open(r) || yearOf(String(r.props.until)) > year)
      .map((r) => ({
        rule: 'moveEndsVillagePost',
        message: `${p.from} moved (${String(p.props.kind)}) in ${String(year)} but still holds ${r.type} ${r.to} ${open(r) ? 'with no end' : `until ${String(r.props.until)}`}`,
      }));
  });
}

/** Stationings start and end within the campaign's years. */
function stationingWithinCampaign(g: Graph): Violation[] {
  return g.byType('STATIONED_IN').flatMap((r) => {
    const since = str(r.props.since);
    const until = str(r.props.until);
    const out: Violation[] = [];
    if (!since || monthIndex(since) < monthIndex(CAMPAIGN.from) || monthIndex(since) > lastMonthIndex(CAMPAIGN.to)) {
      out.push({
        rule: 'stationingWithinCampaign',
        message: `${r.from} is stationed in ${r.to} from ${String(since)}, outside ${CAMPAIGN.from}–${CAMPAIGN.to}`,
      });
    }
    if (until && lastMonthIndex(until) > lastMonthIndex(CAMPAIGN.to)) {
      out.push({
        rule: 'stationingWithinCampaign',
        message: `${r.from} is stationed in ${r.to} until ${until}, after ${CAMPAIGN.to}`,
      });
    }
    return out;
  });
}

/** A model village of the collective economy has at least one cooperative or enterprise-run base. */
function modelVillageHasEnterprise(g: Graph): Violation[] {
  const located = new Map<string, string[]>();
  for (const r of g.byType('LOCATED_IN')) group(located, r.to, r.from);
  const operated = new Set(g.byType('OPERATES').map((r) => r.to));
  return g
    .byType('IMPLEMENTS')
    .filter((r) => r.to === MODEL_VILLAGES_PROGRAM && r.from.startsWith('Village:'))
    .filter((r) => {
      const here = located.get(r.from) ?? [];
      return !here.some((id) => id.startsWith('Cooperative:') || (id.startsWith('Base:') && operated.has(id)));
    })
    .map((r) => ({
      rule: 'modelVillageHasEnterprise',
      message: `model village ${r.from} has no cooperative and no operated base`,
    }));
}

/** Every 一肩挑 village has exactly one person holding both current posts, and no other current director. */
function oneShoulderHolder(g: Graph): Violation[] {
  const governing = new Map(g.byType('GOVERNS').map((r) => [r.to, r.from]));
  const postsAt = new Map<string, RelationRow[]>();
  for (const p of g.byType('HOLDS_POST').filter(open)) group(postsAt, p.to, p);
  return g
    .byType('IMPLEMENTS')
    .filter((r) => r.to === 'Program:one-shoulder' && r.from.startsWith('Village:'))
    .flatMap((r) => {
      const org = governing.get(r.from);
      const secretaries = (postsAt.get(org ?? '') ?? [])
        .filter((p) => p.props.role === 'PARTY_SECRETARY')
        .map((p) => p.from);
      const directors = (postsAt.get(r.from) ?? [])
        .filter((p) => p.props.role === 'VILLAGE_COMMITTEE_DIRECTOR')
        .map((p) => p.from);
      const both = secretaries.filter((s) => directors.includes(s));
      return both.length === 1 && directors.length === 1 && secretaries.length === 1
        ? []
        : [
            {
              rule: 'oneShoulderHolder',
              message: `一肩挑 village ${r.from}: current secretaries ${secretaries.join(', ') || 'none'}, directors ${directors.join(', ') || 'none'}`,
            },
          ];
    });
}

/** At most one first secretary stationed in a village at any month. */
function oneFirstSecretaryAtATime(g: Graph): Violation[] {
  const firstSecretaries = new Set(
    g
      .byType('HOLDS_POST')
      .filter((r) => r.props.role === 'FIRST_SECRETARY')
      .map((r) => r.from),
  );
  const byVillage = new Map<string, RelationRow[]>();
  for (const r of g.byType('STATIONED_IN').filter((s) => firstSecretaries.has(s.from))) {
    group(byVillage, r.to, r);
  }
  const span = (r: RelationRow): [number, number] => [
    monthIndex(str(r.props.since) ?? CAMPAIGN.from),
    r.props.until ? lastMonthIndex(String(r.props.until)) : Number.POSITIVE_INFINITY,
  ];
  return [...byVillage].flatMap(([village, stays]) =>
    stays.flatMap((a, i) =>
      stays.slice(i + 1).flatMap((b) => {
        const [a0, a1] = span(a);
        const [b0, b1] = span(b);
        return a0 <= b1 && b0 <= a1
          ? [
              {
                rule: 'oneFirstSecretaryAtATime',
                message: `${a.from} and ${b.from} are first secretaries of ${village} at the same time`,
              },
            ]
          : [];
      }),
    ),
  );
}

/** The article's 补充增派 cadres: non-first-secretary stationings starting in its year, per level. */
function residentCadresPerYear(g: Graph, counts: ArticleCounts | undefined): Violation[] {
  if (!counts) return [];
  const firstSecretaries = new Set(
    g
      .byType('HOLDS_POST')
      .filter((r) => r.props.role === 'FIRST_SECRETARY')
      .map((r) => r.from),
  );
  const { year, byLevel } = counts.residentCadres;
  return Object.entries(byLevel).flatMap(([level, expected]) => {
    const found = new Set(
      g
        .byType('STATIONED_IN')
        .filter(
          (r) =>
            r.props.level === level &&
            (!counts.villages || counts.villages.has(r.to)) &&
            !firstSecretaries.has(r.from) &&
            yearOf(str(r.props.since) ?? '0') === year,
        )
        .map((r) => r.from),
    ).size;
    return found === expected
      ? []
      : [
          {
            rule: 'residentCadresPerYear',
            message: `${String(found)} ${level} resident cadres stationed in ${String(year)}, the article says ${String(expected)}`,
          },
        ];
  });
}

/**
 * 支部+龙头企业+基地: an enterprise works where it operates — every Party organisation it partners
 * belongs to a village (or that village's township) where the enterprise runs a base.
 */
function partnerWhereBase(g: Graph): Violation[] {
  const villageOfOrg = new Map(
    g
      .byType('GOVERNS')
      .filter((r) => r.to.startsWith('Village:'))
      .map((r) => [r.from, r.to]),
  );
  for (const r of g.byType('PART_OF')) {
    const village = villageOfOrg.get(r.to);
    if (village && r.from.startsWith('PartyOrganization:')) villageOfOrg.set(r.from, village);
  }
  const villageOfBase = new Map(
    g
      .byType('LOCATED_IN')
      .filter((r) => r.from.startsWith('Base:') && r.to.startsWith('Village:'))
      .map((r) => [r.from, r.to]),
  );
  const township = (village: string): string =>
    `Township:${village.slice('Village:'.length, 'Village:'.length + 9)}000`;
  const operated = new Map<string, RelationRow[]>();
  for (const o of g.byType('OPERATES')) group(operated, o.from, o);
  return g.byType('PARTNERS_WITH').flatMap((p) => {
    const village = villageOfOrg.get(p.from);
    if (!village) return [];
    const baseVillages = (operated.get(p.to) ?? []).map((o) => villageOfBase.get(o.to)).filter((v) => v !== undefined);
    return baseVillages.some((v) => v === village || township(v) === township(village))
      ? []
      : [
          {
            rule: 'partnerWhereBase',
            message: `${p.to} partners ${p.from} (${village}) but runs no base in its village or township`,
          },
        ];
  });
}

/**
 * 整顿一个、转化一个，转化一个、巩固一个: a weak and slack organisation is listed, then turned round,
 * then consolidated, in that order and within the campaign; nothing is consolidated that was not
 * turned round.
 */
function rectificationInOrder(g: Graph): Violation[] {
  return g.byType('RECTIFIES').flatMap((r) => {
    const since = str(r.props.since);
    const turned = str(r.props.turnedRoundOn);
    const consolidated = str(r.props.consolidatedOn);
    const problems: string[] = [];
    if (!since) problems.push('has no listing date (since)');
    else if (monthIndex(since) < monthIndex(CAMPAIGN.from)) problems.push(`is listed in ${since}, before the campaign`);
    if (since && turned && monthIndex(turned) <= lastMonthIndex(since))
      problems.push(`is turned round (${turned}) no later than listed (${since})`);
    if (consolidated && !turned) problems.push(`is consolidated (${consolidated}) without being turned round`);
    if (turned && consolidated && monthIndex(consolidated) <= lastMonthIndex(turned))
      problems.push(`is consolidated (${consolidated}) no later than turned round (${turned})`);
    for (const date of [turned, consolidated])
      if (date && monthIndex(date) > lastMonthIndex(CAMPAIGN.to)) problems.push(`has ${date}, after the campaign`);
    return problems.map((p) => ({ rule: 'rectificationInOrder', message: `rectification of ${r.to} ${p}` }));
  });
}

/**
 * The rectified organisation is a village's Party organisation, not a model village's (a model of
 * collective economy is not weak and slack), with one leader answering for it; that leader holds a
 * post when it is listed (联系包抓 is a leader's duty).
 */
function rectificationContact(g: Graph): Violation[] {
  const governed = new Map(g.byType('GOVERNS').map((r) => [r.from, r.to]));
  const models = new Set(
    g
      .byType('IMPLEMENTS')
      .filter((r) => r.to === MODEL_VILLAGES_PROGRAM)
      .map((r) => r.from),
  );
  const postsOf = new Map<string, RelationRow[]>();
  for (const p of g.byType('HOLDS_POST')) group(postsOf, p.from, p);
  const rectifications = g.byType('RECTIFIES');
  const timesRectified = new Map<string, number>();
  for (const r of rectifications) timesRectified.set(r.to, (timesRectified.get(r.to) ?? 0) + 1);
  return rectifications.flatMap((r): Violation[] => {
    const out: Violation[] = [];
    const org = g.entities.get(r.to);
    const village = governed.get(r.to);
    if (org?.props.orgType !== 'VILLAGE_PARTY_ORGANIZATION' || !village)
      out.push({ rule: 'rectificationContact', message: `${r.to} is rectified but governs no village` });
    if (village && models.has(village))
      out.push({ rule: 'rectificationContact', message: `${r.to} is rectified but governs model village ${village}` });
    if ((timesRectified.get(r.to) ?? 0) > 1)
      out.push({ rule: 'rectificationContact', message: `${r.to} has more than one rectification` });
    const since = str(r.props.since);
    const holds = (postsOf.get(r.from) ?? []).some((p) => {
      if (!since) return false;
      const from = str(p.props.since);
      const until = str(p.props.until);
      return (!from || monthIndex(from) <= monthIndex(since)) && (!until || lastMonthIndex(until) >= monthIndex(since));
    });
    if (!holds) out.push({ rule: 'rectificationContact', message: `${r.from} holds no post when ${r.to} is listed` });
    return out;
  });
}

/** Checks every invariant; an empty list means the graph is consistent with the article's model. */
export function checkInvariants(
  entities: readonly EntityRow[],
  relations: readonly RelationRow[],
  counts?: ArticleCounts,
): Violation[] {
  const g = graphOf(entities, relations);
  return [
    ...promotionAfterFirstPost(g),
    ...moveEndsVillagePost(g),
    ...stationingWithinCampaign(g),
    ...modelVillageHasEnterprise(g),
    ...oneShoulderHolder(g),
    ...oneFirstSecretaryAtATime(g),
    ...partnerWhereBase(g),
    ...residentCadresPerYear(g, counts),
    ...rectificationInOrder(g),
    ...rectificationContact(g),
  ];
}
