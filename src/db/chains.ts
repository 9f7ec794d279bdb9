import { badUserInput } from '../errors.js';
import { CAPS, DEFAULTS } from '../defaults.js';
import type { ChainNodeWhere, ChainPreset, ChainStepInput } from '../generated/graphql.js';
import { labelOfKind, relationProblem } from '../model/kinds.js';
import { toSimplified } from '../text/chinese.js';
import { entityPredicates, withinPredicate, type Predicates } from './filters.js';
import type { ChainStep } from './graph.js';
import type { Params } from './params.js';
import { sameVillage as sameVillagePredicate } from './rules.js';

/**
 * Compiles a chain pattern (the steps of `chains`, or a preset's) into the `ChainStep`s that
 * graph.ts and the planner turn into one MATCH: node variables `n0`, `n1`..., each step's
 * predicates, `within` on the first node and `sameVillage` between the ends.
 *
 * Only allow-listed labels and relationship types reach the text — each step's kind through
 * `labelOfKind`, each relation checked against the kind/relationship table of src/model/kinds.ts
 * before use; every filter value is a `$parameter` of `params`.
 */

/** The steps of each `chains(preset)`. */
export const CHAIN_PRESETS: Readonly<Record<ChainPreset, ChainStepInput[]>> = {
  BRANCH_ENTERPRISE_BASE: [
    { kind: 'PARTY_ORGANIZATION' },
    { kind: 'ENTERPRISE', relation: 'PARTNERS_WITH', direction: 'OUT', where: { leading: true } },
    { kind: 'BASE', relation: 'OPERATES', direction: 'OUT' },
  ],
  BRANCH_COOPERATIVE_BASE: [
    { kind: 'PARTY_ORGANIZATION' },
    { kind: 'COOPERATIVE', relation: 'LEADS', direction: 'OUT' },
    { kind: 'BASE', relation: 'OPERATES', direction: 'OUT' },
  ],
};

function nodePredicates(v: string, where: ChainNodeWhere | null | undefined, params: Params): Predicates {
  if (!where) return [];
  const out = entityPredicates(
    v,
    { ids: where.ids, nameContains: where.nameContains, synthetic: where.synthetic },
    params,
  );
  if (where.orgTypes) out.push(`${v}.orgType IN ${params.add(where.orgTypes)}`);
  if (where.leading !== null && where.leading !== undefined) out.push(`${v}.leading = ${params.add(where.leading)}`);
  if (where.industry) out.push(`${v}.industry = ${params.add(toSimplified(where.industry))}`);
  return out;
}

/** The chain's steps with `within` and `sameVillage` applied. */
export function chainSteps(
  input: ChainStepInput[],
  within: string | null | undefined,
  sameVillage: boolean | null,
  params: Params,
): ChainStep[] {
  const steps = compileChain(input, within, params);
  const last = steps.at(-1);
  if (sameVillage && last) last.predicates.push(sameVillagePredicate('n0', `n${String(steps.length - 1)}`));
  return steps;
}

/** Checks a chain pattern against the step cap and the allow-listed kind/relationship table. */
function compileChain(input: ChainStepInput[], within: string | null | undefined, params: Params): ChainStep[] {
  const { min, max } = CAPS.chainSteps;
  if (input.length < min || input.length > max) {
    throw badUserInput(
      `pattern must have between ${String(min)} and ${String(max)} steps, got ${String(input.length)}`,
      'pattern',
    );
  }
  const steps: ChainStep[] = input.map((step, i) => {
    const label = labelOfKind(step.kind);
    const direction = step.direction ?? DEFAULTS.chainDirection;
    if (i === 0 && step.relation) throw badUserInput('pattern[0] starts the chain and takes no relation', 'pattern');
    if (i > 0 && !step.relation) throw badUserInput(`pattern[${String(i)}].relation is required`, 'pattern');
    return {
      label,
      relation: step.relation ?? undefined,
      direction,
      predicates: nodePredicates(`n${String(i)}`, step.where, params),
    };
  });
  steps.forEach((step, i) => {
    const previous = steps[i - 1];
    if (!previous || !step.relation) return;
    const forward = relationProblem(step.relation, previous.label, step.label);
    const backward = relationProblem(step.relation, step.label, previous.label);
    const problem = step.direction === 'OUT' ? forward : step.direction === 'IN' ? backward : forward && backward;
    if (problem) throw badUserInput(`pattern[${String(i)}]: ${problem}`, 'pattern');
  });
  // A chain is within a place when its first node is (the branch of 支部+龙头企业+基地).
  if (within) steps[0]?.predicates.push(withinPredicate('n0', within, params));
  return steps;
}
