import { randomUUID } from 'node:crypto';

import type { Caller } from '../auth/index.js';
import { requireRole } from '../auth/index.js';
import { RECORD_CHANGE } from '../db/changes.js';
import type { Database, QueryLog } from '../db/database.js';
import { entityKinds } from '../db/entities.js';
import {
  createEntity,
  createRelationship,
  DELETE_RELATIONSHIP,
  HARD_DELETE,
  LOCK_ENTITY,
  NODE_EXISTS,
  relationshipById,
  SENTENCE_EXISTS,
  softDelete,
  UPDATE_ENTITY,
} from '../db/writes.js';
import { badUserInput, conflict, notFound } from '../errors.js';
import type {
  ChangeInput,
  CreateEntityInput,
  LinkInput,
  SourceInput,
  UpdateEntityInput,
} from '../generated/graphql.js';
import { isEntityLabel, labelOfKind, RELATIONS, type RelationType } from '../model/kinds.js';
import type { ChangeRecord } from '../model/records.js';
import { isDay, validateEntity, validateRelation } from '../model/validate.js';
import { relationId, type PropertyValue } from '../seed/rows.js';
import { pinyinFields } from '../text/names.js';

type Run = (cypher: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>[]>;

// Fields the API manages itself: callers may not set them through `properties`.
const RESERVED = new Set([
  'id',
  'kind',
  'version',
  'deletedAt',
  'createdAt',
  'updatedAt',
  'pinyin',
  'pinyinPlain',
  'pinyinInitials',
  'pinyinVariants',
  'evidence',
  'synthetic',
  'name',
  'nameEn',
]);

/** One change to apply, with the path to name in errors (`changes[3].link`). */
export interface Step {
  path: string;
  change: ChangeInput;
  /** A single mutation's `input`: its fields are named `input.<field>`, not `input.link.<field>`. */
  single?: boolean;
}

interface Provenance {
  sentenceId: string | null;
  citation: string | null;
  url: string | null;
  date: string | null;
}

function refuse(path: string, field: string, message: string): never {
  throw badUserInput(`${path}.${field}: ${message}`, `${path}.${field}`);
}

/** Plain property values only: strings, numbers, booleans, null, or lists of strings or numbers. */
function properties(path: string, raw: unknown): Record<string, PropertyValue> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) refuse(path, 'properties', 'must be an object');
  const out: Record<string, PropertyValue> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(key)) refuse(path, `properties.${key}`, 'is not a valid property name');
    if (RESERVED.has(key)) refuse(path, `properties.${key}`, 'is managed by the API or has its own argument');
    const ok =
      value === null ||
      ['string', 'number', 'boolean'].includes(typeof value) ||
      (Array.isArray(value) &&
        (value.every((v) => typeof v === 'string') || value.every((v) => typeof v === 'number')));
    if (!ok)
      refuse(path, `properties.${key}`, 'must be a string, number, boolean, null, or a list of strings or of numbers');
    out[key] = value as PropertyValue;
  }
  return out;
}

/** The change's evidence: a loaded sentence, or a citation with an optional URL and date. */
export async function provenance(run: Run, source: SourceInput): Promise<Provenance> {
  const citation = source.citation?.trim() || null;
  if (!source.sentence && !citation)
    refuse('source', 'sentence', 'a fact without a source is refused: give a sentence id or a citation');
  if (source.url && !/^https?:\/\/\S+$/.test(source.url)) refuse('source', 'url', 'must be an http(s) address');
  if (source.date && !isDay(source.date)) refuse('source', 'date', 'must be a date like 2020-04-23');
  if (source.sentence) {
    const rows = await run(SENTENCE_EXISTS, { id: source.sentence });
    if (rows.length === 0) refuse('source', 'sentence', `no sentence ${source.sentence}`);
  }
  return { sentenceId: source.sentence ?? null, citation, url: source.url ?? null, date: source.date ?? null };
}

async function record(
  run: Run,
  caller: Caller,
  action: ChangeRecord['action'],
  targetId: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  source: Provenance,
): Promise<ChangeRecord> {
  const change: ChangeRecord = {
    id: randomUUID(),
    at: new Date().toISOString(),
    actor: caller.id,
    role: caller.role ?? 'anonymous',
    action,
    targetId,
    before: before ? JSON.stringify(before) : null,
    after: after ? JSON.stringify(after) : null,
    ...source,
  };
  // `:Change` carries no `:Node` label: no query, search or mutation of the API can reach it.
  await run(RECORD_CHANGE, { change });
  return change;
}

async function create(
  run: Run,
  caller: Caller,
  path: string,
  input: CreateEntityInput,
  source: Provenance,
): Promise<ChangeRecord> {
  const label = labelOfKind(input.kind);
  const props: Record<string, PropertyValue> = {
    ...properties(path, input.properties),
    name: input.name.trim(),
    synthetic: input.synthetic,
    ...(input.nameEn ? { nameEn: input.nameEn } : {}),
  };
  const problem = validateEntity(label, input.id, props)[0];
  if (problem) refuse(path, problem.field, problem.message);
  Object.assign(props, pinyinFields(String(props.name)));
  const existing = await run(NODE_EXISTS, { id: input.id });
  if (existing.length > 0) refuse(path, 'id', `${input.id} already exists`);
  await run(createEntity(label), { props, id: input.id, label, sentenceId: source.sentenceId });
  return record(run, caller, 'CREATE', input.id, null, props, source);
}

/** Locks the entity (a write takes Neo4j's lock before anything is read), then checks its version. */
async function lockEntity(run: Run, id: string, version: number | null | undefined): Promise<Record<string, unknown>> {
  const [row] = await run(LOCK_ENTITY, { id });
  if (!row) throw notFound(id);
  const props = row.props as Record<string, unknown>;
  const current = Number(props.version);
  if (version !== null && version !== undefined && version !== current) throw conflict(id, version, current);
  return props;
}

async function update(
  run: Run,
  caller: Caller,
  path: string,
  input: UpdateEntityInput,
  source: Provenance,
): Promise<ChangeRecord> {
  const before = await lockEntity(run, input.id, input.version);
  const label = String(before.kind);
  const patch: Record<string, PropertyValue> = { ...properties(path, input.properties) };
  if (input.name !== null && input.name !== undefined) patch.name = input.name.trim();
  if (input.nameEn !== null && input.nameEn !== undefined) patch.nameEn = input.nameEn;
  if (input.synthetic !== null && input.synthetic !== undefined) patch.synthetic = input.synthetic;
  if (typeof patch.name === 'string') Object.assign(patch, pinyinFields(patch.name));
  // A null in the patch removes the field.
  const merged = Object.fromEntries(Object.entries({ ...before, ...patch }).filter(([, v]) => v !== null));
  const problem = validateEntity(label, input.id, merged)[0];
  if (problem) refuse(path, problem.field, problem.message);
  const changed = Object.keys(patch).filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(patch[k]));
  await run(UPDATE_ENTITY, { id: input.id, patch });
  return record(
    run,
    caller,
    'UPDATE',
    input.id,
    Object.fromEntries(changed.map((k) => [k, before[k] ?? null])),
    Object.fromEntries(changed.map((k) => [k, patch[k] ?? null])),
    source,
  );
}

async function remove(run: Run, caller: Caller, id: string, hard: boolean, source: Provenance): Promise<ChangeRecord> {
  if (hard) requireRole(caller, 'admin', 'A hard delete');
  const before = await lockEntity(run, id, undefined);
  const label = String(before.kind);
  if (!isEntityLabel(label)) throw notFound(id);
  if (hard) {
    await run(HARD_DELETE, { id });
    return record(run, caller, 'HARD_DELETE', id, before, null, source);
  }
  // A soft-deleted entity keeps its id and history but loses :Entity and its kind label, so
  // lists, search, chains and networks no longer see it.
  await run(softDelete(label), { id });
  return record(run, caller, 'DELETE', id, { deletedAt: null }, { deletedAt: 'now' }, source);
}

async function link(
  run: Run,
  caller: Caller,
  path: string,
  input: LinkInput,
  source: Provenance,
): Promise<ChangeRecord> {
  const props: Record<string, PropertyValue> = { ...properties(path, input.properties), synthetic: input.synthetic };
  const labels = await entityKinds(run, [input.from, input.to]);
  const problem = validateRelation(input.type, input.from, input.to, props, (id) => labels.get(id))[0];
  if (problem) {
    const why =
      problem.field === 'from' || problem.field === 'to' ? `${problem.message} (or it was deleted)` : problem.message;
    refuse(path, problem.field, why);
  }
  const id = relationId({ type: input.type, from: input.from, to: input.to, props });
  const type: RelationType = input.type;
  const duplicate = await run(relationshipById(type), { from: input.from, id });
  if (duplicate.length > 0) refuse(path, 'type', `the relationship ${id} already exists`);
  await run(createRelationship(type), { from: input.from, to: input.to, props, id, sentenceId: source.sentenceId });
  return record(run, caller, 'LINK', id, null, { type, from: input.from, to: input.to, ...props }, source);
}

async function unlink(run: Run, caller: Caller, path: string, id: string, source: Provenance): Promise<ChangeRecord> {
  const types = Object.keys(RELATIONS);
  const [row] = await run(DELETE_RELATIONSHIP, { id, types });
  if (!row) refuse(path, 'id', `no relationship ${id}`);
  return record(
    run,
    caller,
    'UNLINK',
    id,
    { type: row.type, from: row.from, to: row.to, ...(row.props as object) },
    null,
    source,
  );
}

function one(path: string, change: ChangeInput): keyof ChangeInput {
  const set = (Object.keys(change) as (keyof ChangeInput)[]).filter(
    (k) => change[k] !== null && change[k] !== undefined,
  );
  if (set.length !== 1)
    throw badUserInput(`${path}: set exactly one of createEntity, updateEntity, deleteEntity, link, unlink`, path);
  return set[0] as keyof ChangeInput;
}

/**
 * Applies the steps in one write transaction: every step is validated against the same rules as
 * the seed loader and recorded in the audit trail; the first refusal rolls everything back.
 */
export async function applySteps(
  db: Database,
  log: QueryLog,
  caller: Caller,
  steps: Step[],
  source: SourceInput,
): Promise<ChangeRecord[]> {
  requireRole(caller, 'editor', 'Changing the graph');
  if (steps.length === 0) throw badUserInput('changes must not be empty', 'changes');
  if (steps.length > 500) throw badUserInput('at most 500 changes per batch', 'changes');
  const changes: ChangeRecord[] = [];
  await db.writeAll(async (run) => {
    const from = await provenance(run, source);
    for (const { path, change, single } of steps) {
      const kind = one(path, change);
      const at = single ? path : `${path}.${kind}`;
      if (kind === 'createEntity' && change.createEntity)
        changes.push(await create(run, caller, at, change.createEntity, from));
      else if (kind === 'updateEntity' && change.updateEntity)
        changes.push(await update(run, caller, at, change.updateEntity, from));
      else if (kind === 'deleteEntity' && change.deleteEntity)
        changes.push(await remove(run, caller, change.deleteEntity.id, change.deleteEntity.hard === true, from));
      else if (kind === 'link' && change.link) changes.push(await link(run, caller, at, change.link, from));
      else if (kind === 'unlink' && change.unlink) changes.push(await unlink(run, caller, at, change.unlink.id, from));
    }
  }, log);
  return changes;
}
