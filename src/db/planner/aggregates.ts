import type { GraphQLNamedType } from 'graphql';

import {
  aggregateAsk,
  aggregateQuery,
  groupQuery,
  seriesQuery,
  type AggregateAsk,
  type AggregateNames,
  type GroupByArgs,
  type ListLabel,
  type PerYearArgs,
} from '../aggregates.js';
import type { Window } from '../rules.js';
import type { Params } from '../params.js';
import type { Predicates } from '../filters.js';
import { PLANNED } from './project.js';
import type { PageWindow } from '../keyset.js';
import { listOf, type RootCypher } from './roots.js';
import { subSelection, type Selection } from './selection.js';

/** The field names an aggregate selection asks for, per operator (every alias and fragment merged). */
export function aggregateNames(selection: Selection): AggregateNames {
  const names: AggregateNames = {};
  for (const fields of Object.values(selection)) {
    for (const field of Object.values(fields)) {
      const inner = Object.values(field.fieldsByTypeName).flatMap((f) => Object.values(f).map((x) => x.name));
      names[field.name] = [...(names[field.name] ?? []), ...inner];
    }
  }
  return names;
}

/** What a series' selection asks: the aggregate of each year. */
export function yearAsk(label: ListLabel, selection: Selection): AggregateAsk {
  return aggregateAsk(aggregateNames(subSelection(selection[`${label}Year`] ?? {}, 'aggregate') ?? {}));
}

/** What a group's selection asks: its aggregate, and the selection of its township key. */
export function groupAsk(label: ListLabel, selection: Selection): { ask: AggregateAsk; township: Selection } {
  const fields = selection[`${label}Group`] ?? {};
  return {
    ask: aggregateAsk(aggregateNames(subSelection(fields, 'aggregate') ?? {})),
    township: subSelection(fields, 'township') ?? {},
  };
}

const key = (responseKey: string): string => `\`${PLANNED}${responseKey}\``;

/**
 * A list root field with its aggregates and groups: the list's page and count as `listOf` compiles
 * them, and one `CALL` per aggregate (all its aliases share one) and per `groupBy` or `perYear`
 * alias over the same filter, each answer under `@<response key>` of the connection. Without any
 * of them it is `listOf` itself, text for text. `compileAt` compiles the filter for one year of a
 * series (its conditions that depend on time evaluated then).
 */
export function listWithAggregatesOf(
  label: ListLabel,
  predicates: Predicates,
  order: string[],
  params: Params,
  selection: Selection,
  window: PageWindow,
  compileAt: (at: Window) => Predicates = () => predicates,
): RootCypher {
  const list = listOf(label, predicates, order, params, selection, window, label);
  const fields = selection[`${label}Connection`] ?? {};
  const aggregates = Object.entries(fields).filter(([, f]) => f.name === 'aggregate');
  const groups = Object.entries(fields).filter(([, f]) => f.name === 'groupBy');
  const series = Object.entries(fields).filter(([, f]) => f.name === 'perYear');
  if (aggregates.length === 0 && groups.length === 0 && series.length === 0) return list;
  return (p, column) => {
    const calls: string[] = [];
    const entries: string[] = [];
    if (aggregates.length > 0) {
      const ask = aggregateAsk(aggregateNames(subSelection(fields, 'aggregate') ?? {}));
      calls.push(`CALL () {\n${aggregateQuery(label, predicates, ask, params, 'aggregate')}\n}`);
      for (const [responseKey] of aggregates) entries.push(`${key(responseKey)}: aggregate`);
    }
    groups.forEach(([responseKey, field], i) => {
      const { ask, township } = groupAsk(label, field.fieldsByTypeName);
      const type = p.schema.getType('Township') as GraphQLNamedType;
      const g = `groups${String(i)}`;
      const query = groupQuery(
        label,
        predicates,
        field.args as unknown as GroupByArgs,
        ask,
        params,
        (v) => p.node(v, type, township, 0),
        g,
      );
      calls.push(`CALL () {\n${query}\n}`);
      entries.push(`${key(responseKey)}: ${g}`);
    });
    series.forEach(([responseKey, field], i) => {
      const s = `series${String(i)}`;
      const ask = yearAsk(label, field.fieldsByTypeName);
      calls.push(
        `CALL () {\n${seriesQuery(label, compileAt, field.args as unknown as PerYearArgs, ask, params, s)}\n}`,
      );
      entries.push(`${key(responseKey)}: ${s}`);
    });
    return `${calls.join('\n')}\nCALL () {\n${list(p, 'list')}\n}\nRETURN list {.*, ${entries.join(', ')}} AS ${column}`;
  };
}
