import { requireRole } from '../auth/index.js';
import type { Context } from '../context.js';
import { changeHistory, latestChanges } from '../db/changes.js';
import { CAPS } from '../defaults.js';
import { notFound } from '../errors.js';
import type { ChangeResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.js';
import type { EntityRecord, RelationshipRecord } from '../model/records.js';
import { applySteps } from '../mutations/apply.js';

async function entityAfter(ctx: Context, id: string): Promise<EntityRecord> {
  // A fresh read: the request's loader may hold the entity as it was before the change.
  ctx.loaders.node.clear(id);
  const record = await ctx.loaders.node.load(id);
  if (!record) throw notFound(id);
  return record as EntityRecord;
}

export const Mutation: MutationResolvers = {
  createEntity: async (_p, { input, source }, ctx) => {
    await applySteps(
      ctx.db,
      ctx.log,
      ctx.caller,
      [{ path: 'input', single: true, change: { createEntity: input } }],
      source,
    );
    return entityAfter(ctx, input.id);
  },
  updateEntity: async (_p, { input, source }, ctx) => {
    await applySteps(
      ctx.db,
      ctx.log,
      ctx.caller,
      [{ path: 'input', single: true, change: { updateEntity: input } }],
      source,
    );
    return entityAfter(ctx, input.id);
  },
  deleteEntity: async (_p, { input, source }, ctx) => {
    const [change] = await applySteps(
      ctx.db,
      ctx.log,
      ctx.caller,
      [{ path: 'input', single: true, change: { deleteEntity: input } }],
      source,
    );
    if (!change) throw notFound(input.id);
    return change;
  },
  link: async (_p, { input, source }, ctx) => {
    const [change] = await applySteps(
      ctx.db,
      ctx.log,
      ctx.caller,
      [{ path: 'input', single: true, change: { link: input } }],
      source,
    );
    if (!change) throw notFound(input.from);
    const after = JSON.parse(change.after ?? '{}') as Record<string, unknown>;
    const { type, from, to, ...properties } = after;
    const relationship: RelationshipRecord = {
      id: change.targetId,
      type: String(type),
      source: String(from),
      target: String(to),
      properties: { ...properties, id: change.targetId, evidence: change.sentenceId },
    };
    return relationship;
  },
  unlink: async (_p, { input, source }, ctx) => {
    const [change] = await applySteps(
      ctx.db,
      ctx.log,
      ctx.caller,
      [{ path: 'input', single: true, change: { unlink: input } }],
      source,
    );
    if (!change) throw notFound(input.id);
    return change;
  },
  applyChanges: (_p, { changes, source }, ctx) =>
    applySteps(
      ctx.db,
      ctx.log,
      ctx.caller,
      changes.map((change, i) => ({ path: `changes[${String(i)}]`, change })),
      source,
    ),
};

export const auditQueries: Pick<QueryResolvers, 'history' | 'changes'> = {
  history: (_p, { id }, { db, log }) => changeHistory(db, id, log),
  changes: (_p, { actor, first }, { db, log, caller }) => {
    requireRole(caller, 'admin', 'The whole audit trail');
    return latestChanges(db, actor ?? null, Math.min(CAPS.changesFirst, Math.max(1, first)), log);
  },
};

// Neo4j does not store nulls: an absent before/after reads as undefined.
const json = (value: string | null | undefined): unknown => (typeof value === 'string' ? JSON.parse(value) : null);

export const Change: ChangeResolvers = {
  // Who edited what is personal data: shown to callers with a token (analyst and above) only.
  // With anonymous reading off, a caller without one never gets this far (src/http/server.ts).
  actor: (c, _args, { caller }) => (caller.role ? c.actor : null),
  before: (c) => json(c.before),
  after: (c) => json(c.after),
  sentence: (c, _args, { loaders }) => (typeof c.sentenceId === 'string' ? loaders.node.load(c.sentenceId) : null),
  citation: (c) => c.citation ?? null,
  url: (c) => c.url ?? null,
  date: (c) => c.date ?? null,
};
