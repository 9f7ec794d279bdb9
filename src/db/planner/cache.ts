import type { GraphQLResolveInfo } from 'graphql';
import { LRUCache } from 'lru-cache';

import { today } from '../rules.js';
import type { CompiledField } from './batch.js';
import type { Selection } from './selection.js';

/** What a root field's plan keeps between requests: its selection, and its Cypher per place in a batch. */
export interface FieldPlan {
  selection: Selection;
  /** The field compiled at each place it took in a batch (its parameter prefix and column). */
  compiled: Map<string, CompiledField>;
}

/**
 * Clients send the same few operations over and over; walking a root field's selection
 * (graphql-parse-resolve-info) and compiling it into Cypher would then be the same work each time.
 * The plan of a root field is kept per operation (its document's text and name), response key and
 * variable values: every variable can change the plan, since arguments become its parameters and
 * `@include`/`@skip` its selection. Plans that read "now" (a post held today, a rule as of today)
 * hold the day as a parameter, so the day is part of the key too. The `maxEntries` most recently
 * used plans are kept. Hits and misses are counted (tests, and the figures of `npm run bench`).
 */
export class PlanCache {
  hits = 0;
  misses = 0;
  private readonly plans: LRUCache<string, FieldPlan>;

  constructor(readonly maxEntries = 1000) {
    this.plans = new LRUCache({ max: maxEntries });
  }

  get size(): number {
    return this.plans.size;
  }

  /**
   * The plan of the root field `info` resolves, made with `select` on first use. Null when `select`
   * finds no selection. A document built in code (no source text) has nothing reliable to key on:
   * its plan is made afresh and not kept.
   */
  planOf(info: GraphQLResolveInfo, select: () => Selection | null): FieldPlan | null {
    const source = info.operation.loc?.source.body;
    if (source === undefined) {
      const selection = select();
      return selection && { selection, compiled: new Map() };
    }
    const key = [
      today().from,
      String(info.path.key),
      JSON.stringify(info.variableValues),
      info.operation.name?.value ?? '',
      source,
    ].join('\n');
    const kept = this.plans.get(key);
    if (kept) {
      this.hits++;
      return kept;
    }
    this.misses++;
    const selection = select();
    if (!selection) return null;
    const plan = { selection, compiled: new Map<string, CompiledField>() };
    this.plans.set(key, plan);
    return plan;
  }
}
