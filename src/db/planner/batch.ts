import type { GraphQLSchema } from 'graphql';

import type { Database, QueryLog } from '../database.js';
import { Params } from '../params.js';
import { Projector } from './project.js';
import type { RootCypher } from './roots.js';
import { Decline, type Selection } from './selection.js';

/** A root field the planner was asked to answer. */
export interface PlannedField {
  schema: GraphQLSchema;
  /** The root field's selection (graphql-parse-resolve-info's fieldsByTypeName). */
  selection: Selection;
  /**
   * Compiles the field with its own parameters; may throw the API's input errors (they become this
   * field's error) or Decline (the field then takes the per-level path).
   */
  compile(params: Params, selection: Selection): RootCypher;
  /** Turns the query's value into the field's result; may throw (NOT_FOUND). */
  decode(value: unknown): unknown;
  /**
   * The field's Cypher kept from an earlier request with the same operation and variables, by its
   * place in the batch (src/db/planner/cache.ts); compiling fills it. Without it, always compiled.
   */
  compiled?: Map<string, CompiledField>;
}

/** One field's Cypher and parameters, or DECLINED; an input error is not kept, it is raised again. */
export type CompiledField = { cypher: string; params: Record<string, unknown> } | typeof DECLINED;

/** The batch's answer for a field the planner declined. */
export const DECLINED: unique symbol = Symbol('declined');

/** One compiled operation: its Cypher, parameters and which column answers which field. */
export interface CompiledBatch {
  cypher: string;
  params: Record<string, unknown>;
  /** Per field: its column, or the error compiling it raised, or DECLINED. */
  parts: (string | Error | typeof DECLINED)[];
}

/**
 * Compiles the root fields asked for in one tick into one Cypher query: each field's query becomes
 * a `CALL () { … }` returning one column (a single field is its query as it is).
 */
export function compileBatch(fields: readonly PlannedField[]): CompiledBatch {
  const bodies: string[] = [];
  const params: Record<string, unknown> = {};
  const parts = fields.map((field, i): string | Error | typeof DECLINED => {
    const prefix = fields.length > 1 ? `q${String(i)}_` : '';
    const column = `r${String(i)}`;
    const place = `${prefix} ${column}`;
    let compiled = field.compiled?.get(place);
    if (!compiled) {
      try {
        const fieldParams = new Params(prefix);
        const cypher = field.compile(fieldParams, field.selection)(new Projector(field.schema, fieldParams), column);
        compiled = { cypher, params: fieldParams.values };
      } catch (err) {
        if (!(err instanceof Decline)) return err instanceof Error ? err : new Error(String(err));
        compiled = DECLINED;
      }
      field.compiled?.set(place, compiled);
    }
    if (compiled === DECLINED) return DECLINED;
    bodies.push(compiled.cypher);
    Object.assign(params, compiled.params);
    return column;
  });
  const cypher =
    bodies.length === 1
      ? (bodies[0] as string)
      : `${bodies.map((b) => `CALL () {\n${b}\n}`).join('\n')}\nRETURN ${parts.filter((p) => typeof p === 'string').join(', ')}`;
  return { cypher, params, parts };
}

/** Runs a batch of planned root fields as one read: one Cypher round trip for all of them. */
export async function runBatch(db: Database, fields: readonly PlannedField[], log: QueryLog): Promise<unknown[]> {
  const batch = compileBatch(fields);
  const columns = batch.parts.filter((p) => typeof p === 'string');
  const [row] = columns.length > 0 ? await db.read(batch.cypher, batch.params, log) : [];
  return batch.parts.map((part, i) => {
    if (typeof part !== 'string') return part;
    try {
      return (fields[i] as PlannedField).decode(row?.[part] ?? null);
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  });
}
