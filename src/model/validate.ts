import {
  ENTITY_LABELS,
  isEntityLabel,
  isRelationType,
  labelOfId,
  relationProblem,
  type EntityLabel,
  type RelationType,
} from './kinds.js';
import {
  COVERAGE_MODES,
  OWNERSHIPS,
  PARTY_ORGANIZATION_TYPES,
  PERSON_ROLES,
  PROGRAM_TYPES,
  PROMOTION_KINDS,
  STATIONING_LEVELS,
} from './vocabulary.js';

/** A refused field: which one, and why. The API turns it into BAD_USER_INPUT naming `field`. */
export interface Problem {
  field: string;
  message: string;
}

const ID_KEY = /^[\w.\-\u4e00-\u9fff]+$/u;
const CODE = /^\d{12}$/;
// A day, a month or a year: posts and stationings are often known only to the month or year.
const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/**
 * A day, a month or a year that the calendar has: `2019-02-31` and `2019-02-29` are not dates
 * (the pattern alone would let them through), `2020-02-29` is. The one check of a date's form.
 */
export function isPartialDate(value: unknown): boolean {
  if (typeof value !== 'string' || !PARTIAL_DATE.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number);
  if (day === undefined) return true;
  return day <= new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
}

/** A whole day (2020-04-23) that the calendar has. */
export function isDay(value: unknown): boolean {
  return typeof value === 'string' && value.length === 10 && isPartialDate(value);
}

/** Expands a partial date to the first (or last) day it can mean, for comparisons. */
export function dateBound(value: string, end: 'start' | 'end'): string {
  const [y, m, d] = value.split('-');
  const month = m ?? (end === 'start' ? '01' : '12');
  if (d) return `${String(y)}-${month}-${d}`;
  if (end === 'start') return `${String(y)}-${month}-01`;
  const last = new Date(Date.UTC(Number(y), Number(month), 0)).getUTCDate();
  return `${String(y)}-${month}-${String(last).padStart(2, '0')}`;
}

function oneOf(values: readonly string[], value: unknown, field: string, problems: Problem[], required = false): void {
  if (value === undefined || value === null || value === '') {
    if (required) problems.push({ field, message: `${field} is required (one of ${values.join(', ')})` });
    return;
  }
  if (typeof value !== 'string' || !values.includes(value)) {
    problems.push({ field, message: `${field} must be one of ${values.join(', ')}, got ${JSON.stringify(value)}` });
  }
}

function checkDates(props: Record<string, unknown>, problems: Problem[]): void {
  for (const field of ['since', 'until']) {
    const value = props[field];
    if (value === undefined || value === null) continue;
    if (!isPartialDate(value)) {
      problems.push({
        field,
        message: `${field} must be a date like 2019-03-01, 2019-03 or 2019, got ${JSON.stringify(value)}`,
      });
    }
  }
  const { since, until } = props;
  if (typeof since === 'string' && typeof until === 'string' && isPartialDate(since) && isPartialDate(until)) {
    if (dateBound(until, 'end') < dateBound(since, 'start')) {
      problems.push({ field: 'until', message: `until (${until}) is before since (${since})` });
    }
  }
}

/** What the model says a property holds: a plain type, a date (partial allowed), or one of a vocabulary. */
type PropertyType = 'string' | 'number' | 'integer' | 'boolean' | 'date' | readonly string[];

/**
 * The type of every entity property the model knows, whatever the kind carrying it (the API's
 * fields read them by these names). An editor's `properties` and the seed rows are checked against
 * it, so a list where a name belongs, or words where a sum of yuan belongs, never reach the graph.
 * Other names are free-form extra facts: strings, numbers, booleans or lists of them.
 */
export const ENTITY_PROPERTIES: Readonly<Record<string, PropertyType>> = {
  name: 'string',
  nameEn: 'string',
  officialName: 'string',
  source: 'string',
  description: 'string',
  pillar: 'string',
  industry: 'string',
  leading: 'boolean',
  synthetic: 'boolean',
  ownership: OWNERSHIPS,
  orgType: PARTY_ORGANIZATION_TYPES,
  programType: PROGRAM_TYPES,
  year: 'integer',
  officeFunds: 'number',
  cadrePay: 'number',
  groupCadreSubsidy: 'number',
  collectiveIncome: 'number',
  collectiveIncomeYear: 'integer',
  collectiveIncomeEvidence: 'string',
  collectiveIncomeSynthetic: 'boolean',
};

/** The type of every relationship property the model knows, whatever the relationship's type. */
export const RELATION_PROPERTIES: Readonly<Record<string, PropertyType>> = {
  since: 'date',
  until: 'date',
  role: PERSON_ROLES,
  level: STATIONING_LEVELS,
  mode: COVERAGE_MODES,
  kind: PROMOTION_KINDS,
  year: 'integer',
  toPost: 'string',
  turnedRoundOn: 'date',
  consolidatedOn: 'date',
  synthetic: 'boolean',
};

/** Why `value` is not of `type`, or null when it is. */
function typeProblem(type: PropertyType, value: unknown): string | null {
  if (typeof type !== 'string') {
    return typeof value === 'string' && type.includes(value) ? null : `must be one of ${type.join(', ')}`;
  }
  switch (type) {
    case 'string':
      return typeof value === 'string' ? null : 'must be a string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'integer':
      return Number.isInteger(value) ? null : 'must be a whole number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'date':
      return typeof value === 'string' && PARTIAL_DATE.test(value)
        ? null
        : 'must be a date like 2019-03-01, 2019-03 or 2019';
  }
}

/** Checks each known property against its type; null and absent values are left to the required-field checks. */
function checkTypes(
  types: Readonly<Record<string, PropertyType>>,
  props: Record<string, unknown>,
  problems: Problem[],
): void {
  for (const [field, value] of Object.entries(props)) {
    const type = types[field];
    if (!type || value === null || value === undefined) continue;
    if (problems.some((p) => p.field === field)) continue;
    const problem = typeProblem(type, value);
    if (problem) problems.push({ field, message: `${field} ${problem}, got ${JSON.stringify(value)}` });
  }
}

/** Checks an entity's id, name, provenance flag and kind-specific properties. */
export function validateEntity(label: string, id: unknown, props: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  if (!isEntityLabel(label)) {
    return [{ field: 'kind', message: `unknown kind "${label}" (allowed: ${ENTITY_LABELS.join(', ')})` }];
  }
  if (typeof id !== 'string' || labelOfId(id) !== label || !ID_KEY.test(id.slice(label.length + 1))) {
    problems.push({ field: 'id', message: `id must look like ${label}:<key>, got ${JSON.stringify(id)}` });
  }
  if (typeof props.name !== 'string' || props.name.trim() === '')
    problems.push({ field: 'name', message: 'name is required' });
  if (typeof props.synthetic !== 'boolean') {
    problems.push({ field: 'synthetic', message: 'synthetic must be true or false: say whether the fact is real' });
  }
  if (props.code !== undefined && (typeof props.code !== 'string' || !CODE.test(props.code))) {
    problems.push({
      field: 'code',
      message: `code must be a 12-digit division code, got ${JSON.stringify(props.code)}`,
    });
  }
  switch (label) {
    case 'PartyOrganization':
      oneOf(PARTY_ORGANIZATION_TYPES, props.orgType, 'orgType', problems, true);
      break;
    case 'Enterprise':
      oneOf(OWNERSHIPS, props.ownership, 'ownership', problems, true);
      if (typeof props.leading !== 'boolean')
        problems.push({ field: 'leading', message: 'leading must be true or false' });
      break;
    case 'Program':
      oneOf(PROGRAM_TYPES, props.programType, 'programType', problems, true);
      break;
    case 'Base':
    case 'Cooperative':
      if (typeof props.industry !== 'string' || !props.industry)
        problems.push({ field: 'industry', message: 'industry is required' });
      break;
    default:
      break;
  }
  const income = props.collectiveIncome;
  if (income !== undefined && (typeof income !== 'number' || !Number.isFinite(income) || income < 0)) {
    problems.push({ field: 'collectiveIncome', message: 'collectiveIncome must be a non-negative number of yuan' });
  }
  checkTypes(ENTITY_PROPERTIES, props, problems);
  return problems;
}

/**
 * Checks a relationship: its type, that its kinds may be connected this way, its time bounds and
 * its type-specific properties. `labelOf` tells the kind of an existing (or co-loaded) entity.
 */
export function validateRelation(
  type: string,
  from: unknown,
  to: unknown,
  props: Record<string, unknown>,
  labelOf: (id: string) => EntityLabel | undefined,
): Problem[] {
  if (!isRelationType(type)) return [{ field: 'type', message: `unknown relationship type "${type}"` }];
  const problems: Problem[] = [];
  const fromLabel = typeof from === 'string' ? labelOf(from) : undefined;
  const toLabel = typeof to === 'string' ? labelOf(to) : undefined;
  if (!fromLabel) problems.push({ field: 'from', message: `from ${JSON.stringify(from)} is not an existing entity` });
  if (!toLabel) problems.push({ field: 'to', message: `to ${JSON.stringify(to)} is not an existing entity` });
  if (fromLabel && toLabel) {
    const problem = relationProblem(type, fromLabel, toLabel);
    if (problem) problems.push({ field: 'type', message: problem });
  }
  if (typeof props.synthetic !== 'boolean') {
    problems.push({ field: 'synthetic', message: 'synthetic must be true or false: say whether the fact is real' });
  }
  checkDates(props, problems);
  checkRelationProps(type, props, problems);
  checkTypes(RELATION_PROPERTIES, props, problems);
  return problems;
}

function checkRelationProps(type: RelationType, props: Record<string, unknown>, problems: Problem[]): void {
  switch (type) {
    case 'HOLDS_POST':
      oneOf(PERSON_ROLES, props.role, 'role', problems, true);
      break;
    case 'STATIONED_IN':
      oneOf(STATIONING_LEVELS, props.level, 'level', problems, true);
      break;
    case 'PROMOTED':
      oneOf(PROMOTION_KINDS, props.kind, 'kind', problems, true);
      if (typeof props.year !== 'number' || !Number.isInteger(props.year) || props.year < 1949 || props.year > 2100) {
        problems.push({ field: 'year', message: 'year must be a four-digit year' });
      }
      break;
    case 'COVERS':
      oneOf(COVERAGE_MODES, props.mode, 'mode', problems);
      break;
    case 'RECTIFIES':
      // A rectification starts when the organisation is listed as weak and slack.
      if (typeof props.since !== 'string')
        problems.push({ field: 'since', message: 'since is required: when it was listed' });
      break;
    default:
      break;
  }
}
