import { describe, expect, it } from 'vitest';

import { plannedAndPerLevel } from './helpers.js';

// `network(asOf:)`: the network as it stood on a day, what the explorer's time slider draws.
const servers = plannedAndPerLevel();

const VILLAGE = 'Village:620423101203';

interface Net {
  nodes: { entityId: string }[];
  edges: { source: string; target: string; type: string }[];
}

const QUERY = `query ($asOf: String) {
  network(ids: ["${VILLAGE}"], depth: 1, relations: [HOLDS_POST, STATIONED_IN], limit: 500, asOf: $asOf) {
    nodes { entityId } edges { source target type }
  }
}`;

const key = (e: { source: string; type: string; target: string }): string => `${e.source}-${e.type}->${e.target}`;

/** The first and last day a stored partial date ("2019", "2019-07", "2019-07-15") covers. */
const firstDay = (d: string): string => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);
const lastDay = (d: string): string => (d.length === 4 ? `${d}-12-31` : d.length === 7 ? `${d}-31` : d);

/** The village's posts and stationings active on `day`, read straight from the stored relationships. */
async function activeOn(day: string): Promise<string[]> {
  const rows = await servers.planned.db.read<{
    source: string;
    type: string;
    target: string;
    since: string | null;
    until: string | null;
  }>(
    `MATCH (a:Node)-[r:HOLDS_POST|STATIONED_IN]->(b:Node {id: $id})
     RETURN a.id AS source, type(r) AS type, b.id AS target, r.since AS since, r.until AS until`,
    { id: VILLAGE },
  );
  return rows
    .filter((r) => (r.since === null || firstDay(r.since) <= day) && (r.until === null || lastDay(r.until) >= day))
    .map(key)
    .sort();
}

describe('network(asOf:)', () => {
  it('follows and draws only the posts and stationings active that day, in one round trip', async () => {
    const seen: Record<string, string[]> = {};
    for (const day of ['2017-06-01', '2019-06-01', '2020-12-31']) {
      const res = await servers.planned.gql<{ network: Net }>(QUERY, { asOf: day });
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      expect(res.body.extensions?.cypherRoundTrips).toBe(1);
      const net = res.body.data?.network as Net;
      const edges = net.edges.map(key).sort();
      expect(edges).toEqual(await activeOn(day));
      // A person is drawn only when one of their links is active that day.
      const linked = new Set(net.edges.flatMap((e) => [e.source, e.target]));
      expect(net.nodes.map((n) => n.entityId).filter((id) => id !== VILLAGE && !linked.has(id))).toEqual([]);
      seen[day] = edges;
    }
    // The network changes with the time asked: reserve cadres (后备干部) start in 2018–2020.
    expect(seen['2017-06-01']?.length).toBeLessThan(seen['2020-12-31']?.length ?? 0);
    const timeless = await servers.planned.gql<{ network: Net }>(QUERY, {});
    expect(timeless.body.data?.network.edges.length).toBeGreaterThanOrEqual(seen['2020-12-31']?.length ?? 0);
  });

  it('answers the same level by level as planned in one query, a year or a month as well as a day', async () => {
    for (const asOf of ['2018', '2019-07', '2020-02-15']) {
      const [planned, reference] = await Promise.all([
        servers.planned.gql<{ network: Net }>(QUERY, { asOf }),
        servers.perLevel.gql<{ network: Net }>(QUERY, { asOf }),
      ]);
      expect(reference.body.errors).toBeUndefined();
      expect(planned.body.data?.network.edges.map(key).sort()).toEqual(
        reference.body.data?.network.edges.map(key).sort(),
      );
      expect(planned.body.data?.network.nodes.map((n) => n.entityId).sort()).toEqual(
        reference.body.data?.network.nodes.map((n) => n.entityId).sort(),
      );
    }
  });

  it('refuses a malformed date with BAD_USER_INPUT naming asOf', async () => {
    for (const server of [servers.planned, servers.perLevel]) {
      const res = await server.gql<{ network: Net }>(QUERY, { asOf: 'last spring' });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0]?.extensions?.argument).toBe('asOf');
      expect(res.body.data ?? null).toBeNull();
    }
  });
});
