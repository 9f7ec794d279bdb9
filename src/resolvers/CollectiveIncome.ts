import type { CollectiveIncomeResolvers } from '../generated/graphql.js';

// The parent is the village record: its income is a set of properties on the village node.
export const CollectiveIncome: CollectiveIncomeResolvers = {
  // Globally unique, and not the village's: Relay and id-only caches key objects by id alone.
  id: (village) => `CollectiveIncome:${village.id}`,
  amountYuan: (village) => Number(village.collectiveIncome),
  year: (village) => Number(village.collectiveIncomeYear),
  synthetic: (village) => village.collectiveIncomeSynthetic === true,
  evidence: (village, _args, { loaders }) =>
    typeof village.collectiveIncomeEvidence === 'string' ? loaders.node.load(village.collectiveIncomeEvidence) : null,
};
