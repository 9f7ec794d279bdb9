import type { GraphQLObjectType } from 'graphql';
import type { FieldsByTypeName, ResolveTree } from 'graphql-parse-resolve-info';

/**
 * A selection set as graphql-parse-resolve-info gives it: for each type condition (the field's own
 * type, an interface, a fragment's type), the selected fields by response key (alias), each with
 * its coerced arguments and its own selection. Fragments, aliases, variables and @include/@skip
 * are already applied.
 */
export type Selection = FieldsByTypeName;
export type Field = ResolveTree;
export type Fields = Record<string, Field>;

/** Raised when an operation has a shape the planner does not compile; the per-level path answers it. */
export class Decline extends Error {
  override readonly name = 'Decline';
}

const sameArgs = (a: Field, b: Field): boolean => JSON.stringify(a.args) === JSON.stringify(b.args);

/** Merges two selections of the same object; the same key asking for two different things declines. */
export function mergeFields(a: Fields, b: Fields): Fields {
  const out: Fields = { ...a };
  for (const [key, field] of Object.entries(b)) {
    const existing = out[key];
    if (!existing) {
      out[key] = field;
      continue;
    }
    if (existing.name !== field.name || !sameArgs(existing, field)) {
      throw new Decline(`response key ${key} asks for two different fields`);
    }
    const merged: Selection = { ...existing.fieldsByTypeName };
    for (const [type, fields] of Object.entries(field.fieldsByTypeName)) {
      merged[type] = mergeFields(merged[type] ?? {}, fields);
    }
    out[key] = { ...existing, fieldsByTypeName: merged };
  }
  return out;
}

/** Two selections of the same field, merged type by type. */
export function mergeSelections(a: Selection, b: Selection): Selection {
  const out: Selection = { ...a };
  for (const [type, fields] of Object.entries(b)) out[type] = mergeFields(out[type] ?? {}, fields);
  return out;
}

/** The fields selected on a concrete type: its own, and those selected through its interfaces. */
export function fieldsFor(selection: Selection, type: GraphQLObjectType): Fields {
  let out: Fields = selection[type.name] ?? {};
  for (const iface of type.getInterfaces()) {
    const more = selection[iface.name];
    if (more) out = mergeFields(out, more);
  }
  return out;
}

/** The selection of every field named `name` among `fields` (all its aliases), merged. */
export function subSelection(fields: Fields, name: string): Selection | null {
  let out: Selection | null = null;
  for (const field of Object.values(fields)) {
    if (field.name !== name) continue;
    out = mergeSelections(out ?? {}, field.fieldsByTypeName);
  }
  return out;
}
