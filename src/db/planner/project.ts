import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isObjectType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

import { labelOfKind, type EntityKindName } from '../../model/kinds.js';
import { timeWindow } from '../filters.js';
import type { Params } from '../params.js';
import { activeDuring, alive, entityCount, storedNumber, today, villageRule } from '../rules.js';
import { FIELD_PLANS, RELATION_RECORD_TYPES, type FieldPlan, type RelationFilter } from './fields.js';
import { Decline, fieldsFor, type Field, type Fields, type Selection } from './selection.js';

/** Planned values sit on a record under `@<response key>`, beside the stored properties. */
export const PLANNED = '@';

// Backticks make any GraphQL name (a letter, digits and underscores) a safe Cypher key.
const key = (name: string): string => `\`${name}\``;
const plannedKey = (responseKey: string): string => key(`${PLANNED}${responseKey}`);

/** A relationship being projected as a record: its variable and the variables of its two ends. */
interface RelationTarget {
  r: string;
  type: string;
  from: string;
  to: string;
  /** The end the relationship was reached from (its id names an id-less relationship). */
  self: string;
}

/**
 * Compiles GraphQL selections into Cypher map projections. Variables are named by nesting depth,
 * so the same selection always compiles to the same text (Neo4j caches plans by text), and
 * sibling subqueries reuse names without clashing.
 */
export class Projector {
  constructor(
    readonly schema: GraphQLSchema,
    readonly params: Params,
  ) {}

  /**
   * A node variable projected for a field of type `type`. For an interface, one map serves every
   * concrete type: the properties any of them selects (absent ones read as null and are never
   * resolved), and each planned field guarded by the kinds that select it — one subquery per
   * field, not one per field and kind, which keeps Neo4j's planning time small.
   */
  node(v: string, type: GraphQLNamedType, selection: Selection, depth: number): string {
    if (isObjectType(type)) return this.object(v, type, fieldsFor(selection, type), depth);
    if (!isAbstractType(type)) throw new Decline(`cannot project ${type.name}`);
    const possible = this.schema.getPossibleTypes(type);
    const props = new Set(['id', 'kind']);
    let allProperties = false;
    // response key → planned expression → the kinds it applies to
    const planned = new Map<string, Map<string, string[]>>();
    for (const t of possible) {
      const part = this.parts(v, t, fieldsFor(selection, t), depth);
      part.props.forEach((p) => props.add(p));
      allProperties ||= part.allProperties;
      for (const [responseKey, expression] of part.planned) {
        const byExpression = planned.get(responseKey) ?? new Map<string, string[]>();
        byExpression.set(expression, [...(byExpression.get(expression) ?? []), t.name]);
        planned.set(responseKey, byExpression);
      }
    }
    const items = allProperties ? ['.*'] : [...props].map((p) => `.${key(p)}`);
    for (const [responseKey, byExpression] of planned) {
      const branches = [...byExpression];
      const [only] = branches;
      const expression =
        branches.length === 1 && only && only[1].length === possible.length
          ? only[0]
          : `CASE ${branches.map(([e, kinds]) => `WHEN ${v}.kind IN [${kinds.map((k) => `'${k}'`).join(', ')}] THEN ${e}`).join(' ')} END`;
      items.push(`${plannedKey(responseKey)}: ${expression}`);
    }
    return `${v} {${items.join(', ')}}`;
  }

  /** A node of a concrete type: its id, the selected properties, planned fields. */
  object(v: string, type: GraphQLObjectType, fields: Fields, depth: number): string {
    const { props, planned, allProperties } = this.parts(v, type, fields, depth);
    const items = [
      ...(allProperties ? ['.*'] : [...props].map((p) => `.${key(p)}`)),
      ...[...planned].map(([responseKey, expression]) => `${plannedKey(responseKey)}: ${expression}`),
    ];
    return `${v} {${items.join(', ')}}`;
  }

  /** The properties to project and the planned fields' expressions of a concrete type's selection. */
  private parts(
    v: string,
    type: GraphQLObjectType,
    fields: Fields,
    depth: number,
  ): { props: Set<string>; planned: Map<string, string>; allProperties: boolean } {
    // The id always: a resolver that falls back to the loaders (a planned null on a non-null field)
    // needs it. The kind only where a type is resolved from it (interfaces, in `node`) or selected.
    const props = new Set(['id']);
    const planned = new Map<string, string>();
    let allProperties = false;
    for (const [responseKey, field] of Object.entries(fields)) {
      const plan = FIELD_PLANS[type.name]?.[field.name];
      const fieldType = type.getFields()[field.name];
      if (!fieldType) throw new Decline(`${type.name}.${field.name} is not in the schema`);
      if (!plan) {
        if (isLeafType(getNamedType(fieldType.type))) props.add(field.name);
        // A field the table does not plan: its own resolver will load it, from the full record.
        else allProperties = true;
        continue;
      }
      if (plan.kind === 'props') {
        for (const p of plan.props) props.add(p);
        continue;
      }
      planned.set(responseKey, this.field(v, type, plan, field, depth));
    }
    return { props, planned, allProperties };
  }

  /** A relationship with both ends as a record ({id, type, props, planned ends and evidence}). */
  relation(t: RelationTarget, type: GraphQLObjectType, fields: Fields, depth: number): string {
    const props = new Set<string>(['synthetic']);
    const planned: string[] = [];
    for (const [responseKey, field] of Object.entries(fields)) {
      const plan = FIELD_PLANS[type.name]?.[field.name];
      if (!plan) {
        if (field.name !== 'id') props.add(field.name);
        continue;
      }
      if (plan.kind === 'end') {
        const endType = getNamedType(type.getFields()[field.name]?.type);
        if (!endType) throw new Decline(`${type.name}.${field.name}`);
        const v = plan.end === 'from' ? t.from : t.to;
        planned.push(`${plannedKey(responseKey)}: ${this.node(v, endType, field.fieldsByTypeName, depth)}`);
      } else if (plan.kind === 'byId') {
        planned.push(`${plannedKey(responseKey)}: ${this.byId(`${t.r}.${key(plan.prop)}`, type, field, depth)}`);
      } else {
        throw new Decline(`${type.name}.${field.name}`);
      }
    }
    const propMap = [...props].map((p) => `.${key(p)}`).join(', ');
    return `{id: coalesce(${t.r}.id, '${t.type}:' + ${t.self}.id), type: '${t.type}', props: ${t.r} {${propMap}}${planned.map((p) => `, ${p}`).join('')}}`;
  }

  /**
   * A relationship of a chain or path as a record {id, type, source, target, properties} holding
   * what the selection reads (its type always; `synthetic` is read from the properties), and its
   * evidence.
   */
  relationship(r: string, fields: Fields, depth: number): string {
    const type = this.schema.getType('Relationship') as GraphQLObjectType;
    const selected = new Set(Object.values(fields).map((f) => f.name));
    const properties = selected.has('properties')
      ? `properties(${r})`
      : selected.has('synthetic')
        ? `${r} {.synthetic}`
        : '{}';
    const items = [
      ...(selected.has('id') ? [`id: coalesce(${r}.id, elementId(${r}))`] : []),
      `type: type(${r})`,
      ...(selected.has('source') ? [`source: startNode(${r}).id`] : []),
      ...(selected.has('target') ? [`target: endNode(${r}).id`] : []),
      `properties: ${properties}`,
      ...Object.entries(fields)
        .filter(([, f]) => f.name === 'evidence')
        .map(([responseKey, f]) => `${plannedKey(responseKey)}: ${this.byId(`${r}.evidence`, type, f, depth)}`),
    ];
    return `{${items.join(', ')}}`;
  }

  private field(v: string, type: GraphQLObjectType, plan: FieldPlan, field: Field, depth: number): string {
    const fieldType = type.getFields()[field.name]?.type;
    if (!fieldType) throw new Decline(`${type.name}.${field.name}`);
    const named = getNamedType(fieldType);
    const m = `m${String(depth + 1)}`;
    const sub = (variable: string): string => this.node(variable, named, field.fieldsByTypeName, depth + 1);
    switch (plan.kind) {
      case 'related': {
        const label = plan.label === 'kindArgument' ? this.kindArgument(field) : plan.label;
        const arrow = (rel: string): string => (plan.direction === 'OUT' ? `-[${rel}]->` : `<-[${rel}]-`);
        const target = label ? `(${m}:${label})` : `(${m}:Node)`;
        const living = label ? '' : ` WHERE ${alive(m)}`;
        const start = plan.viaOrganization
          ? `${this.governingOrganization(v, depth)} MATCH (o${String(depth + 1)})`
          : `MATCH (${v})`;
        const order = plan.orderBy === 'index' ? `${m}.index` : `${m}.code, ${m}.id`;
        const limit = plan.one ? ' LIMIT 1' : '';
        const list = `COLLECT { ${start}${arrow(`:${plan.type}`)}${target}${living} WITH ${m} ORDER BY ${order}${limit} RETURN ${sub(m)} }`;
        return plan.one ? `${list}[0]` : list;
      }
      case 'children':
        return `COLLECT { MATCH (${m}:${plan.label})-[:PART_OF]->(${v}) WITH ${m} ORDER BY ${m}.code, ${m}.id RETURN ${sub(m)} }`;
      case 'parent':
        // A pattern comprehension: there is one parent, so no order to keep, and Neo4j evaluates
        // it as an expression rather than a subquery.
        return `[(${v})-[:PART_OF]->(${m}:Entity) | ${sub(m)}][0]`;
      case 'holder': {
        const p = `p${String(depth + 1)}`;
        const window = timeWindow(this.stringArg(field, 'asOf'), null) ?? today();
        const start = plan.viaOrganization
          ? `${this.governingOrganization(v, depth)} MATCH (o${String(depth + 1)})`
          : `MATCH (${v})`;
        return `COLLECT { ${start}<-[${p}:HOLDS_POST]-(${m}:Node) WHERE ${alive(m)} AND ${p}.role = '${plan.role}' AND ${activeDuring(p, window, this.params)} WITH ${m} ORDER BY ${m}.code, ${m}.id LIMIT 1 RETURN ${sub(m)} }[0]`;
      }
      case 'rule':
        return villageRule(plan.rule, v, timeWindow(this.stringArg(field, 'asOf'), null) ?? today(), this.params);
      case 'count':
        return entityCount(plan.count, v);
      case 'self': {
        if (!isObjectType(named)) throw new Decline(`${type.name}.${field.name}`);
        const present = plan.whenNumbers
          .map((prop) => `${storedNumber(`${v}.${key(prop)}`)} IS NOT NULL`)
          .join(' AND ');
        return `CASE WHEN ${present} THEN ${this.object(v, named, fieldsFor(field.fieldsByTypeName, named), depth)} END`;
      }
      case 'byId':
        return this.byId(`${v}.${key(plan.prop)}`, type, field, depth);
      case 'byIds': {
        const s = `s${String(depth + 1)}`;
        return `COLLECT { UNWIND coalesce(${v}.${key(plan.prop)}, []) AS ${s}id MATCH (${s}:Node {id: ${s}id}) WITH ${s} ORDER BY ${s}.code, ${s}.id RETURN ${sub(s)} }`;
      }
      case 'relations': {
        if (!isObjectType(named) || !RELATION_RECORD_TYPES.has(named.name)) throw new Decline(field.name);
        // Not `r1`: a chain's own relationships are r1, r2… where its nodes are projected.
        const r = `rel${String(depth + 1)}`;
        const conditions = [alive(m), ...plan.filters.flatMap((f) => this.relationFilter(f, r, field))];
        const pattern =
          plan.direction === 'OUT'
            ? `(${v})-[${r}:${plan.type}]->(${m}:Node)`
            : `(${v})<-[${r}:${plan.type}]-(${m}:Node)`;
        const ends = plan.direction === 'OUT' ? { from: v, to: m } : { from: m, to: v };
        const record = this.relation(
          { r, type: plan.type, ...ends, self: v },
          named,
          fieldsFor(field.fieldsByTypeName, named),
          depth + 1,
        );
        return `COLLECT { MATCH ${pattern} WHERE ${conditions.join(' AND ')} WITH ${r}, ${m} ORDER BY ${m}.code, ${m}.id, ${r}.id RETURN ${record} }`;
      }
      case 'props':
      case 'end':
        throw new Decline(`${type.name}.${field.name}`);
    }
  }

  private byId(idExpression: string, type: GraphQLObjectType, field: Field, depth: number): string {
    const named = getNamedType(type.getFields()[field.name]?.type);
    if (!named) throw new Decline(`${type.name}.${field.name}`);
    const s = `s${String(depth + 1)}`;
    return `COLLECT { MATCH (${s}:Node {id: ${idExpression}}) RETURN ${this.node(s, named, field.fieldsByTypeName, depth + 1)} }[0]`;
  }

  // The village's Party organisation: the first governing one, as `partyOrganization` reads it.
  private governingOrganization(v: string, depth: number): string {
    const o = `o${String(depth + 1)}`;
    return `MATCH (${v})<-[:GOVERNS]-(${o}:PartyOrganization) WITH ${o} ORDER BY ${o}.code, ${o}.id LIMIT 1`;
  }

  private relationFilter(filter: RelationFilter, r: string, field: Field): string[] {
    switch (filter) {
      case 'role': {
        const role = this.stringArg(field, 'role');
        return role ? [`${r}.role = ${this.params.add(role)}`] : [];
      }
      case 'level': {
        const level = this.stringArg(field, 'level');
        return level ? [`${r}.level = ${this.params.add(level)}`] : [];
      }
      case 'promotionKind': {
        const kind = this.stringArg(field, 'kind');
        return kind ? [`${r}.kind = ${this.params.add(kind)}`] : [];
      }
      case 'window': {
        const during = field.args.during;
        const window = timeWindow(this.stringArg(field, 'asOf'), typeof during === 'number' ? during : null);
        return window ? [activeDuring(r, window, this.params)] : [];
      }
    }
  }

  private stringArg(field: Field, name: string): string | null {
    const value = field.args[name];
    return typeof value === 'string' ? value : null;
  }

  private kindArgument(field: Field): ReturnType<typeof labelOfKind> | undefined {
    const kind = this.stringArg(field, 'kind');
    return kind ? labelOfKind(kind as EntityKindName) : undefined;
  }
}
