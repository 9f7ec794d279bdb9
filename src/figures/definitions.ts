/**
 * The figures the 2020-04-23 article reports, each with the Cypher that recomputes it from the
 * graph. Every query returns one row with `value`. They are constants: no input reaches them.
 */
export interface FigureDefinition {
  key: string;
  documentId: string;
  label: string;
  reported: number;
  unit: string;
  comparison: 'EXACT' | 'AT_LEAST' | 'DECIMAL';
  /** A quote of the sentence that reports the figure. */
  quote: string;
  basedOnSynthetic: boolean;
  cypher: string;
  /** Explains the computation or a known discrepancy; may use {computed} and {reported}. */
  note?: (computed: number, reported: number) => string;
}

const ARTICLE = 'SourceDocument:xibaiyin-2020-04-23';

// A village is 一肩挑 when the current secretary of its Party organisation is also its current director.
const ONE_SHOULDER = `
  MATCH (v:Village)<-[:GOVERNS]-(:PartyOrganization)<-[s:HOLDS_POST {role: 'PARTY_SECRETARY'}]-(p:Person)
        -[d:HOLDS_POST {role: 'VILLAGE_COMMITTEE_DIRECTOR'}]->(v)
  WHERE s.until IS NULL AND d.until IS NULL`;

const RESIDENT = (level: string): string => `
  MATCH (p:Person)-[:STATIONED_IN {level: '${level}'}]->(:Village)
  WHERE NOT (p)-[:HOLDS_POST {role: 'FIRST_SECRETARY'}]->()
  RETURN count(DISTINCT p) AS value`;

const HOLDERS = (role: string): string => `
  MATCH (p:Person)-[:HOLDS_POST {role: '${role}'}]->()
  RETURN count(DISTINCT p) AS value`;

const COVERAGE = (label: string, where: string): string => `
  MATCH (e:${label}) ${where}
  WITH count(e) AS total, count(CASE WHEN (e)<-[:COVERS]-(:PartyOrganization) THEN 1 END) AS covered
  RETURN CASE total WHEN 0 THEN 0.0 ELSE 100.0 * covered / total END AS value`;

export const FIGURES: readonly FigureDefinition[] = [
  {
    key: 'one-shoulder-villages',
    documentId: ARTICLE,
    label: '实现“一肩挑”的村',
    reported: 95,
    unit: '个',
    comparison: 'EXACT',
    quote: '全县95个村已实现',
    basedOnSynthetic: true,
    cypher: `${ONE_SHOULDER} RETURN count(DISTINCT v) AS value`,
  },
  {
    key: 'one-shoulder-share',
    documentId: ARTICLE,
    label: '“一肩挑”占行政村比例',
    reported: 70.3,
    unit: '%',
    comparison: 'DECIMAL',
    quote: '占行政村的70.3%',
    basedOnSynthetic: true,
    cypher: `${ONE_SHOULDER} WITH count(DISTINCT v) AS n MATCH (every:Village) WITH n, count(every) AS total RETURN 100.0 * n / total AS value`,
    note: (computed, reported) =>
      `95 villages at ${String(reported)}% implies ${(95 / (reported / 100)).toFixed(1)} administrative villages; ` +
      `the NBS 2021 divisions list 136, so 95/136 = ${computed.toFixed(2)}%.`,
  },
  {
    key: 'dispatched-cadres',
    documentId: ARTICLE,
    label: '选派、选聘到村任职的县乡干部、无编制项目生',
    reported: 40,
    unit: '名',
    comparison: 'EXACT',
    quote: '先后选派、选聘40名县乡干部',
    basedOnSynthetic: true,
    cypher: HOLDERS('DISPATCHED_CADRE'),
  },
  {
    key: 'provincial-resident-cadres',
    documentId: ARTICLE,
    label: '补充增派的省级驻村干部',
    reported: 14,
    unit: '名',
    comparison: 'EXACT',
    quote: '补充增派省级14名',
    basedOnSynthetic: true,
    cypher: RESIDENT('PROVINCIAL'),
    note: () => 'Counts stationed cadres who are not first secretaries.',
  },
  {
    key: 'county-resident-cadres',
    documentId: ARTICLE,
    label: '补充增派的县级驻村干部',
    reported: 38,
    unit: '名',
    comparison: 'EXACT',
    quote: '县级38名干部驻村帮扶',
    basedOnSynthetic: true,
    cypher: RESIDENT('COUNTY'),
    note: () => 'Counts stationed cadres who are not first secretaries.',
  },
  {
    key: 'industry-leaders',
    documentId: ARTICLE,
    label: '党员产业致富带头人',
    reported: 300,
    unit: '名',
    comparison: 'AT_LEAST',
    quote: '培育党员产业致富带头人300余名',
    basedOnSynthetic: true,
    cypher: HOLDERS('INDUSTRY_LEADER'),
    note: () => 'The article says 300余 (more than 300).',
  },
  {
    key: 'reserve-cadres',
    documentId: ARTICLE,
    label: '村级后备干部',
    reported: 1241,
    unit: '名',
    comparison: 'EXACT',
    quote: '培养村级后备干部1241名',
    basedOnSynthetic: true,
    cypher: HOLDERS('RESERVE_CADRE'),
  },
  {
    key: 'cooperatives-led',
    documentId: ARTICLE,
    label: '村党组织创办领办的专业合作社',
    reported: 65,
    unit: '个',
    comparison: 'EXACT',
    quote: '引导村党组织创办领办专业合作社65个',
    basedOnSynthetic: true,
    cypher: `MATCH (:PartyOrganization {orgType: 'VILLAGE_PARTY_ORGANIZATION'})-[:LEADS]->(c:Cooperative) RETURN count(DISTINCT c) AS value`,
  },
  {
    key: 'industry-branches-and-groups',
    documentId: ARTICLE,
    label: '产业党支部、党小组',
    reported: 93,
    unit: '个',
    comparison: 'EXACT',
    quote: '先后组建产业党支部、党小组93个',
    basedOnSynthetic: true,
    cypher: `MATCH (o:PartyOrganization) WHERE o.orgType IN ['INDUSTRY_PARTY_BRANCH', 'PARTY_GROUP'] RETURN count(o) AS value`,
  },
  {
    key: 'industry-bases',
    documentId: ARTICLE,
    label: '产业基地',
    reported: 50,
    unit: '个',
    comparison: 'EXACT',
    quote: '扶持建立产业基地50个',
    basedOnSynthetic: true,
    cypher: 'MATCH (b:Base) RETURN count(b) AS value',
  },
  {
    key: 'non-public-enterprise-coverage',
    documentId: ARTICLE,
    label: '非公企业党组织覆盖率',
    reported: 75.47,
    unit: '%',
    comparison: 'DECIMAL',
    quote: '覆盖率分别达到75.47%',
    basedOnSynthetic: true,
    cypher: COVERAGE('Enterprise', "WHERE e.ownership = 'NON_PUBLIC'"),
  },
  {
    key: 'social-organization-coverage',
    documentId: ARTICLE,
    label: '社会组织党组织覆盖率',
    reported: 79.08,
    unit: '%',
    comparison: 'DECIMAL',
    quote: '75.47%、79.08%',
    basedOnSynthetic: true,
    cypher: COVERAGE('SocialOrganization', ''),
  },
  {
    key: 'collective-income-total',
    documentId: ARTICLE,
    label: '全县村级集体经济收入',
    reported: 1256.3,
    unit: '万元',
    comparison: 'DECIMAL',
    quote: '全县村级集体经济收入达1256.3万元',
    basedOnSynthetic: true,
    cypher: 'MATCH (v:Village) RETURN coalesce(sum(v.collectiveIncome), 0) / 10000.0 AS value',
  },
  {
    key: 'villages-income-50k',
    documentId: ARTICLE,
    label: '集体经济收入5万元以上的村',
    reported: 75,
    unit: '个',
    comparison: 'EXACT',
    quote: '收入5万元以上的村达到75个',
    basedOnSynthetic: true,
    cypher: 'MATCH (v:Village) WHERE v.collectiveIncome >= 50000 RETURN count(v) AS value',
  },
  {
    key: 'villages-income-50k-share',
    documentId: ARTICLE,
    label: '集体经济收入5万元以上的村占比',
    reported: 55.14,
    unit: '%',
    comparison: 'DECIMAL',
    quote: '占55.14%',
    basedOnSynthetic: true,
    cypher:
      'MATCH (v:Village) WITH count(CASE WHEN v.collectiveIncome >= 50000 THEN 1 END) AS above, count(v) AS total RETURN 100.0 * above / total AS value',
    note: (computed) =>
      `75/136 = ${computed.toFixed(4)}%: the article truncates to two decimals (rounding gives 55.15).`,
  },
  {
    key: 'office-funds',
    documentId: ARTICLE,
    label: '村级组织办公经费',
    reported: 5.5,
    unit: '万元',
    comparison: 'EXACT',
    quote: '今年村级组织办公经费提高到5.5万元',
    basedOnSynthetic: false,
    cypher: "MATCH (p:Program {id: 'Program:village-cadre-remuneration'}) RETURN p.officeFunds / 10000.0 AS value",
  },
  {
    key: 'cadre-pay',
    documentId: ARTICLE,
    label: '村干部报酬',
    reported: 3.2,
    unit: '万元',
    comparison: 'EXACT',
    quote: '分别提到3.2万元',
    basedOnSynthetic: false,
    cypher: "MATCH (p:Program {id: 'Program:village-cadre-remuneration'}) RETURN p.cadrePay / 10000.0 AS value",
  },
  {
    key: 'group-cadre-subsidy',
    documentId: ARTICLE,
    label: '组干部误工补贴',
    reported: 0.9,
    unit: '万元',
    comparison: 'EXACT',
    quote: '3.2万元、0.9万元',
    basedOnSynthetic: false,
    cypher:
      "MATCH (p:Program {id: 'Program:village-cadre-remuneration'}) RETURN p.groupCadreSubsidy / 10000.0 AS value",
  },
  {
    key: 'model-villages',
    documentId: ARTICLE,
    label: '点名的集体经济示范村',
    reported: 3,
    unit: '个',
    comparison: 'EXACT',
    quote: '现已培育了芦阳镇城北村、寺滩乡三道埫村、正路镇大滩村等',
    basedOnSynthetic: false,
    cypher:
      "MATCH (v:Village)-[:IMPLEMENTS]->(:Program {id: 'Program:collective-economy-model-villages'}) RETURN count(v) AS value",
    note: () => 'The article names three (芦阳镇城北村, 寺滩乡三道埫村, 正路镇大滩村) and says “等” (and others).',
  },
  {
    key: 'promoted-cadres',
    documentId: ARTICLE,
    label: '提拔重用的扶贫干部',
    reported: 51,
    unit: '名',
    comparison: 'EXACT',
    quote: '累计提拔重用务实担当、实绩突出的扶贫干部51名',
    basedOnSynthetic: true,
    cypher: 'MATCH (p:Person)-[:PROMOTED]->() RETURN count(DISTINCT p) AS value',
  },
  {
    key: 'promoted-first-secretaries',
    documentId: ARTICLE,
    label: '得到提拔的第一书记',
    reported: 9,
    unit: '名',
    comparison: 'EXACT',
    quote: '其中9名第一书记得到提拔',
    basedOnSynthetic: true,
    cypher: `MATCH (p:Person)-[:PROMOTED {kind: 'PROMOTION'}]->()
             WHERE (p)-[:HOLDS_POST {role: 'FIRST_SECRETARY'}]->()
             RETURN count(DISTINCT p) AS value`,
  },
  {
    key: 'transferred-cadres',
    documentId: ARTICLE,
    label: '交流到重要岗位的帮扶干部',
    reported: 30,
    unit: '名',
    comparison: 'AT_LEAST',
    quote: '30余名工作扎实、群众满意的帮扶干部交流到重要岗位',
    basedOnSynthetic: true,
    cypher: "MATCH (p:Person)-[:PROMOTED {kind: 'TRANSFER'}]->() RETURN count(DISTINCT p) AS value",
    note: () => 'The article says 30余 (more than 30).',
  },
];
