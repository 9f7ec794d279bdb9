import type { Core } from 'cytoscape';

/** What node size stands for: nothing (all alike), the links drawn, or a village's collective income. */
export type SizeBy = 'none' | 'degree' | 'income';

export const SIZE_RULES: Record<SizeBy, string> = {
  none: 'all alike',
  degree: 'links drawn (degree)',
  income: 'collective income 集体收入',
};

const [SMALL, LARGE] = [14, 64];

/**
 * Sets each entity's `size` (drawn by the `node[size]` style) by the rule: the area grows with the
 * value, from the smallest to the largest value in the view. Entities without the value keep the
 * default size.
 */
export function applySizing(cy: Core, rule: SizeBy): void {
  const nodes = cy.nodes('[!group]');
  const value = (n: (typeof nodes)[number]): number | null => {
    if (rule === 'degree') return n.degree(false);
    if (rule === 'income') {
      const income = (n.data('properties') as Record<string, unknown> | undefined)?.collectiveIncome;
      return typeof income === 'number' ? income : null;
    }
    return null;
  };
  const values = nodes.map(value).filter((v): v is number => v !== null);
  const max = Math.max(1, ...values);
  cy.batch(() => {
    nodes.forEach((n) => {
      const v = value(n);
      if (v === null) n.removeData('size');
      else n.data('size', Math.round(SMALL + (LARGE - SMALL) * Math.sqrt(Math.max(0, v) / max)));
    });
  });
}
