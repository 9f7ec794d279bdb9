import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

import { projectRoot } from '../../src/config.js';

// No Docker engine runs the tests: the cluster's compose file is checked by parsing it, for what
// the README promises of it.
interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  secrets?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
}
const compose = YAML.parse(fs.readFileSync(path.join(projectRoot, 'docker-compose.cluster.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, Service>; configs: Record<string, { content: string }> };
const services = Object.entries(compose.services);
const members = services.filter(([, s]) => s.image?.startsWith('neo4j:'));
const apis = services.filter(([, s]) => s.build === '.');

describe('docker-compose.cluster.yml', () => {
  it('runs three primary Neo4j 5.26 Enterprise members that find each other, licence acceptance required', () => {
    expect(members.map(([name]) => name)).toEqual(['neo4j-1', 'neo4j-2', 'neo4j-3']);
    for (const [name, member] of members) {
      const env = member.environment ?? {};
      expect(member.image).toBe('neo4j:5.26-enterprise');
      expect(env.NEO4J_ACCEPT_LICENSE_AGREEMENT).toMatch(/^\$\{NEO4J_ACCEPT_LICENSE_AGREEMENT:\?/);
      expect(env.NEO4J_initial_server_mode__constraint).toBe('PRIMARY');
      expect(env.NEO4J_initial_dbms_default__primaries__count).toBe('3');
      expect(env.NEO4J_dbms_cluster_discovery_endpoints).toBe('neo4j-1:5000,neo4j-2:5000,neo4j-3:5000');
      expect(env.NEO4J_server_discovery_advertised__address).toBe(`${name}:5000`);
      expect(env.NEO4J_server_cluster_advertised__address).toBe(`${name}:6000`);
      expect(env.NEO4J_server_cluster_raft_advertised__address).toBe(`${name}:7000`);
      expect(env.NEO4J_server_bolt_advertised__address).toBe(`${name}:7687`);
    }
  });

  it('runs two API instances on the routing URI, sharing their JWT secret and API tokens from mounted files', () => {
    expect(apis.map(([name]) => name)).toEqual(['api-1', 'api-2']);
    for (const [, api] of apis) {
      expect(api.environment).toMatchObject({
        NEO4J_URI: 'neo4j://neo4j-cluster:7687',
        JWT_SECRET_FILE: '/run/secrets/jwt_secret',
        API_TOKENS_FILE: '/run/secrets/api_tokens',
      });
      expect(api.secrets).toEqual(['jwt_secret', 'api_tokens']);
      expect(Object.keys(api.depends_on ?? {})).toEqual(['neo4j-1', 'neo4j-2', 'neo4j-3']);
    }
  });

  it('balances over both instances, each while its /ready answers 200', () => {
    const haproxy = compose.configs.haproxy?.content ?? '';
    expect(haproxy).toMatch(/option httpchk GET \/ready/);
    for (const [name] of apis) expect(haproxy).toContain(`server ${name} ${name}:4000`);
  });
});
