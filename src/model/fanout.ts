import type { EntityLabel, RelationType } from './kinds.js';

/**
 * How big the graph is, for the cost estimator (src/http/limits.ts): how many entities each kind
 * has, and how many neighbours one entity reaches along each relationship type, both ways. The
 * figures are the seed graph's, rounded up (test/unit/fanout.test.ts reads the seeds and fails
 * when one of them is exceeded); an editor adding a few entities does not make them wrong, since
 * they only size what a query may ask for.
 *
 * A chain pattern enumerates every path that matches before it sorts and pages them, so its work
 * is the product of these figures: a Program is carried out by up to 137 villages, so each
 * `IMPLEMENTS` step taken backwards multiplies the paths by 137 — two such steps connect every
 * village to every other one through every program.
 */
export const KIND_SIZE: Readonly<Record<EntityLabel, number>> = {
  Prefecture: 1,
  County: 1,
  Township: 12,
  Village: 140,
  Community: 15,
  PartyOrganization: 300,
  Person: 2_000,
  Cooperative: 70,
  Enterprise: 60,
  Base: 55,
  SocialOrganization: 160,
  Program: 25,
};

/** The most neighbours one entity has along a relationship type, leaving it (out) and reaching it (in). */
export const FAN_OUT: Readonly<Record<RelationType, { out: number; in: number }>> = {
  PART_OF: { out: 1, in: 20 },
  GOVERNS: { out: 2, in: 1 },
  LEADS: { out: 2, in: 1 },
  PARTNERS_WITH: { out: 2, in: 8 },
  OPERATES: { out: 4, in: 2 },
  LOCATED_IN: { out: 1, in: 30 },
  HOLDS_POST: { out: 2, in: 20 },
  STATIONED_IN: { out: 1, in: 4 },
  CONTACTS: { out: 4, in: 1 },
  MEMBER_OF: { out: 1, in: 10 },
  COVERS: { out: 5, in: 1 },
  PROMOTED: { out: 1, in: 60 },
  RECTIFIES: { out: 2, in: 1 },
  IMPLEMENTS: { out: 21, in: 140 },
};

/** Neighbours one entity reaches along `type` in a pattern's direction (ANY: either way). */
export function fanOut(type: RelationType, direction: 'OUT' | 'IN' | 'ANY'): number {
  const { out, in: into } = FAN_OUT[type];
  return direction === 'OUT' ? out : direction === 'IN' ? into : out + into;
}
