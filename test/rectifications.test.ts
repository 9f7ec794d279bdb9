import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { describe, expect, it } from 'vitest';

import { projectRoot } from '../src/config.js';
import { plannedAndPerLevel, type GraphQLResponse } from './helpers.js';

// Issue 12's question 8, "who contacts the weak and slack Party organisations, and were they
// turned round?", as the playground example asks it: one Cypher round trip, checked against a
// hand-written Cypher oracle on the seed graph and against the per-level path (planner off).
const servers = plannedAndPerLevel();

const example = fs.readFileSync(
  path.join(projectRoot, 'web', 'examples', '14-weak-and-slack-organisations.graphql'),
  'utf8',
);

interface Answer {
  partyOrganizations: {
    totalCount: number;
    edges: {
      node: {
        id: string;
        name: string;
        governs: { id: string; name: string }[];
        rectifications: {
          id: string;
          contact: { id: string; name: string };
          since: string;
          turnedRoundOn: string | null;
          consolidatedOn: string | null;
          synthetic: boolean;
          evidence: { id: string; text: string } | null;
        }[];
      };
    }[];
  };
}

interface Row {
  org: string;
  village: string;
  contact: string;
  since: string;
  turnedRoundOn: string | null;
  consolidatedOn: string | null;
  synthetic: boolean;
  evidence: string;
}

describe('who contacts the weak and slack Party organisations, and were they turned round', () => {
  it('answers in one round trip what a hand-written Cypher query finds', async () => {
    const [planned, perLevel]: GraphQLResponse<Answer>[] = await Promise.all([
      servers.planned.gql<Answer>(example),
      servers.perLevel.gql<Answer>(example),
    ]);
    if (!planned || !perLevel) throw new Error('no answer');
    expect(planned.body.errors, JSON.stringify(planned.body.errors)).toBeUndefined();
    expect(planned.body.extensions?.cypherRoundTrips).toBe(1);
    expect(isDeepStrictEqual(planned.body.data, perLevel.body.data), 'planned and per-level answers differ').toBe(true);

    const oracle = await servers.planned.db.read<Row & Record<string, unknown>>(`
      MATCH (p:Person)-[r:RECTIFIES]->(o:PartyOrganization)-[:GOVERNS]->(v:Village)
      RETURN o.id AS org, v.id AS village, p.id AS contact, r.since AS since, r.turnedRoundOn AS turnedRoundOn,
             r.consolidatedOn AS consolidatedOn, r.synthetic AS synthetic, r.evidence AS evidence`);
    expect(oracle.length).toBeGreaterThan(0);

    const answer = planned.body.data?.partyOrganizations;
    expect(answer?.totalCount).toBe(new Set(oracle.map((o) => o.org)).size);
    const rows: Row[] = (answer?.edges ?? []).flatMap(({ node }) =>
      node.rectifications.map((r) => ({
        org: node.id,
        village: node.governs[0]?.id ?? '',
        contact: r.contact.id,
        since: r.since,
        turnedRoundOn: r.turnedRoundOn,
        consolidatedOn: r.consolidatedOn,
        synthetic: r.synthetic,
        evidence: r.evidence?.id ?? '',
      })),
    );
    const order = (a: Row, b: Row): number => a.org.localeCompare(b.org);
    expect(rows.sort(order)).toEqual([...oracle].sort(order));
  });

  it('says the records are generated, rest on the article’s sentence, and some are not turned round yet', async () => {
    const res = await servers.planned.gql<Answer>(example);
    const all = (res.body.data?.partyOrganizations.edges ?? []).flatMap((e) => e.node.rectifications);
    expect(all.every((r) => r.synthetic)).toBe(true);
    for (const r of all) expect(r.evidence?.text).toContain('软弱涣散基层党组织整顿提升');
    const turned = all.filter((r) => r.turnedRoundOn !== null);
    expect(turned.length).toBeGreaterThan(0);
    expect(turned.length).toBeLessThan(all.length);
  });

  it('keeps the other organisations out, and reads the same records from the contact’s side', async () => {
    const res = await servers.planned.gql<{
      partyOrganizations: { totalCount: number };
      all: { totalCount: number };
      person: { rectifications: { organization: { id: string } }[] } | null;
    }>(`{
      partyOrganizations(where: { weakAndSlack: false }) { totalCount }
      all: partyOrganizations { totalCount }
      person: node(id: "Person:standing-committee-01") { ... on Person { rectifications { organization { id } } } }
    }`);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const [row] = await servers.planned.db.read<{ weak: number; mine: string[] }>(`
      MATCH (o:PartyOrganization)<-[:RECTIFIES]-()
      WITH count(DISTINCT o) AS weak
      MATCH (:Person {id: 'Person:standing-committee-01'})-[:RECTIFIES]->(m)
      RETURN weak, collect(m.id) AS mine`);
    expect(res.body.data?.partyOrganizations.totalCount).toBe((res.body.data?.all.totalCount ?? 0) - (row?.weak ?? 0));
    expect(res.body.data?.person?.rectifications.map((r) => r.organization.id).sort()).toEqual(row?.mine.sort());
  });
});
