import { parseType, typeFromAST, type GraphQLOutputType } from 'graphql';
import { describe, expect, it } from 'vitest';

import { ENTITY_LABELS, RELATIONS, type EntityLabel, type RelationType } from '../../src/model/kinds.js';
import { validateEntity, validateRelation } from '../../src/model/validate.js';
import { PERSON_ROLES, STATIONING_LEVELS } from '../../src/model/vocabulary.js';
import { fitStored } from '../../src/resolvers/stored.js';
import { schema } from './helpers.js';

/** A valid entity of each kind; each test breaks one thing in it. */
type Row = { id: string; props: Record<string, unknown> };
const VALID = Object.fromEntries(
  ENTITY_LABELS.map((label): [EntityLabel, Row] => [
    label,
    { id: `${label}:test-1`, props: { name: '测试', synthetic: true } },
  ]),
) as Record<EntityLabel, Row>;
VALID.PartyOrganization.props.orgType = 'VILLAGE_PARTY_ORGANIZATION';
VALID.Enterprise.props = { ...VALID.Enterprise.props, ownership: 'NON_PUBLIC', leading: true };
VALID.Program.props.programType = 'POLICY';
VALID.Base.props.industry = '枸杞';
VALID.Cooperative.props.industry = '枸杞';

const fields = (problems: { field: string }[]): string[] => problems.map((p) => p.field);

describe('validateEntity', () => {
  it.each(ENTITY_LABELS)('accepts a complete %s', (label) => {
    expect(validateEntity(label, VALID[label].id, VALID[label].props)).toEqual([]);
  });

  it('refuses an unknown kind, listing the allowed ones', () => {
    const [problem, ...rest] = validateEntity('Mayor', 'Mayor:1', { name: 'x', synthetic: true });
    expect(rest).toEqual([]);
    expect(problem?.field).toBe('kind');
    for (const label of ENTITY_LABELS) expect(problem?.message).toContain(label);
  });

  it.each([
    ['of another kind', 'Village:test-1'],
    ['without a key', 'Base:'],
    ['without the kind', 'test-1'],
    ['with Cypher in the key', "Base:x'}) DETACH DELETE n //"],
    ['with spaces', 'Base:two words'],
    ['that is not a string', 42],
  ])('refuses an id %s', (_what, id) => {
    expect(fields(validateEntity('Base', id, VALID.Base.props))).toEqual(['id']);
  });

  it('accepts Chinese, dots and dashes in the key', () => {
    expect(validateEntity('Base', 'Base:城北村-枸杞.1', VALID.Base.props)).toEqual([]);
  });

  it.each([undefined, '', '   ', 7])('refuses the name %j', (name) => {
    expect(fields(validateEntity('Base', 'Base:test-1', { ...VALID.Base.props, name }))).toEqual(['name']);
  });

  it.each([undefined, 'true', 1, null])('refuses synthetic %j: a fact must say whether it is real', (synthetic) => {
    const problems = validateEntity('Base', 'Base:test-1', { ...VALID.Base.props, synthetic });
    expect(problems).toEqual([
      { field: 'synthetic', message: 'synthetic must be true or false: say whether the fact is real' },
    ]);
  });

  it.each(['62042310120', '6204231012031', 'abcdefghijkl', 620423101203])('refuses the division code %j', (code) => {
    expect(fields(validateEntity('Village', 'Village:test-1', { ...VALID.Village.props, code }))).toEqual(['code']);
  });

  it.each([
    ['PartyOrganization', 'orgType', undefined],
    ['PartyOrganization', 'orgType', 'BOWLING_CLUB'],
    ['Enterprise', 'ownership', 'PRIVATE'],
    ['Enterprise', 'leading', 'yes'],
    ['Program', 'programType', undefined],
    ['Base', 'industry', undefined],
    ['Cooperative', 'industry', ''],
  ] as const)('refuses a %s whose %s is %j', (label, field, value) => {
    const props = { ...VALID[label].props, [field]: value };
    expect(fields(validateEntity(label, VALID[label].id, props))).toEqual([field]);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, '5万'])('refuses the collective income %j', (income) => {
    const props = { ...VALID.Village.props, collectiveIncome: income };
    expect(fields(validateEntity('Village', 'Village:test-1', props))).toEqual(['collectiveIncome']);
  });

  it('reports every problem of a row, not only the first', () => {
    expect(fields(validateEntity('Enterprise', 'Base:x', { synthetic: 'no' }))).toEqual([
      'id',
      'name',
      'synthetic',
      'ownership',
      'leading',
    ]);
  });
});

describe('validateRelation', () => {
  const LABELS = new Map<string, EntityLabel>(ENTITY_LABELS.map((label) => [VALID[label].id, label]));
  const labelOf = (id: string): EntityLabel | undefined => LABELS.get(id);
  const id = (label: EntityLabel): string => VALID[label].id;
  const check = (type: string, from: EntityLabel, to: EntityLabel, props: Record<string, unknown> = {}) =>
    validateRelation(type, id(from), id(to), { synthetic: true, ...props }, labelOf);

  it('follows the one table of allowed kinds, in both directions, for every type and every pair of kinds', () => {
    for (const [type, rule] of Object.entries(RELATIONS) as [RelationType, (typeof RELATIONS)[RelationType]][]) {
      const required: Record<string, unknown> =
        type === 'HOLDS_POST'
          ? { role: PERSON_ROLES[0] }
          : type === 'STATIONED_IN'
            ? { level: STATIONING_LEVELS[0] }
            : type === 'PROMOTED'
              ? { kind: 'PROMOTION', year: 2019 }
              : type === 'RECTIFIES'
                ? { since: '2018-06' }
                : {};
      for (const from of ENTITY_LABELS) {
        for (const to of ENTITY_LABELS) {
          const allowed =
            (rule.from as readonly EntityLabel[]).includes(from) && (rule.to as readonly EntityLabel[]).includes(to);
          expect(fields(check(type, from, to, required)), `${from} -${type}-> ${to}`).toEqual(allowed ? [] : ['type']);
        }
      }
    }
  });

  it('says which end is wrong: a Base cannot govern a village', () => {
    expect(check('GOVERNS', 'Base', 'Village')[0]?.message).toContain('GOVERNS cannot start at a Base');
  });

  it('refuses an unknown type and entities that exist nowhere', () => {
    expect(validateRelation('LIKES', id('Person'), id('Village'), { synthetic: true }, labelOf)).toEqual([
      { field: 'type', message: 'unknown relationship type "LIKES"' },
    ]);
    expect(
      fields(validateRelation('LEADS', 'PartyOrganization:absent', 'Cooperative:absent', { synthetic: true }, labelOf)),
    ).toEqual(['from', 'to']);
  });

  it('requires synthetic on relationships too', () => {
    expect(fields(validateRelation('LEADS', id('PartyOrganization'), id('Cooperative'), {}, labelOf))).toEqual([
      'synthetic',
    ]);
  });

  it.each([
    ['2019', '2019', []],
    ['2019-03', '2019', []],
    ['2019-03-01', '2019-03-01', []],
    ['2019-03', '2020-01-15', []],
    ['2020-05', '2019', ['until']],
    ['2019-03-02', '2019-03-01', ['until']],
    ['2019-3', undefined, ['since']],
    [undefined, '2019-02-30T00', ['until']],
    [2019, undefined, ['since']],
  ])('checks since %j and until %j', (since, until, expected) => {
    const props = { role: 'FIRST_SECRETARY', since, until };
    expect(fields(check('HOLDS_POST', 'Person', 'Village', props))).toEqual(expected);
  });

  it.each([
    ['HOLDS_POST', 'Person', 'Village', { role: 'MAYOR' }, 'role'],
    ['HOLDS_POST', 'Person', 'Village', {}, 'role'],
    ['STATIONED_IN', 'Person', 'Village', { level: 'NATIONAL' }, 'level'],
    ['PROMOTED', 'Person', 'PartyOrganization', { kind: 'PROMOTION', year: 1800 }, 'year'],
    ['PROMOTED', 'Person', 'PartyOrganization', { kind: 'PROMOTION', year: 2019.5 }, 'year'],
    ['PROMOTED', 'Person', 'PartyOrganization', { kind: 'DEMOTION', year: 2019 }, 'kind'],
    ['COVERS', 'PartyOrganization', 'Enterprise', { mode: 'BY_MAIL' }, 'mode'],
  ] as const)('refuses %s with %j: %s', (type, from, to, props, field) => {
    expect(fields(check(type, from, to, props))).toEqual([field]);
  });

  it('lets COVERS leave its mode out', () => {
    expect(check('COVERS', 'PartyOrganization', 'Enterprise')).toEqual([]);
  });
});

describe('property types', () => {
  it.each([
    ['Village', 'officialName', ['x', 'y']],
    ['Program', 'officeFunds', 'wu wan'],
    ['Township', 'source', [1, 2]],
    ['Village', 'collectiveIncomeYear', 2019.5],
    ['Program', 'programType', 'GRANT'],
    ['Enterprise', 'leading', 'yes'],
    ['Program', 'description', 12],
  ] as const)('refuses %s.%s = %j, naming the field', (label, field, value) => {
    const row = VALID[label];
    const problems = validateEntity(label, row.id, { ...row.props, [field]: value });
    expect(fields(problems)).toContain(field);
  });

  it('accepts the model’s types and leaves unknown extra facts alone', () => {
    const row = VALID.Program;
    const props = { ...row.props, officeFunds: 12000, year: 2019, description: '说明', note: ['a', 'b'] };
    expect(validateEntity('Program', row.id, props)).toEqual([]);
  });
});

describe('reading a stored value of the wrong type', () => {
  it.each([
    ['a list as text', ['x', 'y'], 'String!', 'x、y'],
    ['a number as text', 620423101999, 'String', '620423101999'],
    ['words as a number', 'wu wan', 'Float', null],
    ['a numeric string as a number', '12.5', 'Float', 12.5],
    ['a fraction as a whole number', 2019.5, 'Int', null],
    ['text as a flag', 'maybe', 'Boolean', null],
    ['an unknown enum value', 'GRANT', 'ProgramType', null],
    ['a known enum value', 'POLICY', 'ProgramType', 'POLICY'],
    ['one value as a list', 'x', '[String!]', ['x']],
  ])('fits %s', (_what, value, typeName, expected) => {
    const type = typeFromAST(schema, parseType(typeName));
    expect(type).toBeDefined();
    expect(fitStored(value, type as GraphQLOutputType)).toEqual(expected);
  });
});
