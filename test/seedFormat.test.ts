import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { projectRoot } from '../src/config.js';
import { SeedRowError } from '../src/seed/errors.js';
import { seed } from '../src/seed/index.js';
import { loadRows } from '../src/seed/load.js';
import { startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  // Leave nothing behind in the shared database.
  await t.db.write(
    "MATCH (n:Node) WHERE n.id STARTS WITH 'Enterprise:test-' OR n.id STARTS WITH 'Cooperative:test-' DETACH DELETE n",
  );
  await t.close();
});

/** A seed folder with the given files (paths relative to the folder). */
function seedDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jingtai-seed-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

async function countIds(prefix: string): Promise<number> {
  const [row] = await t.db.read<{ n: number }>('MATCH (n:Node) WHERE n.id STARTS WITH $prefix RETURN count(n) AS n', {
    prefix,
  });
  return row?.n ?? -1;
}

// The seeds themselves and the row validation alone are in test/unit/seedRows.test.ts.

describe('bad seed rows', () => {
  it.each([
    [
      'a base without an industry (CSV line)',
      { 'nodes/Base.csv': 'id,name,synthetic\nBase:test-1,某基地,true\nBase:test-2,另一基地,true\n' },
      /nodes\/Base\.csv:2: industry: industry is required/,
    ],
    [
      'a Base that would govern a village',
      {
        'nodes/Base.json': JSON.stringify([{ id: 'Base:test-1', name: '某基地', industry: '枸杞', synthetic: true }]),
        'relationships/GOVERNS.json': JSON.stringify([
          { from: 'Base:test-1', to: 'Village:620423101203', synthetic: true },
        ]),
      },
      /GOVERNS\.json:1: .*GOVERNS cannot start at a Base/,
    ],
    [
      'a post that ends before it starts',
      {
        'nodes/Cooperative.json': JSON.stringify([
          { id: 'Cooperative:test-1', name: '某合作社', industry: '枸杞', synthetic: true },
        ]),
        'relationships/HOLDS_POST.csv':
          'from,to,role,since,until,synthetic\nPerson:reserve-cadre-0001,Cooperative:test-1,RESERVE_CADRE,2020-05,2019,true\n',
      },
      /HOLDS_POST\.csv:2: .*until: until \(2019\) is before since \(2020-05\)/,
    ],
    [
      'a role outside the vocabulary',
      {
        'relationships/HOLDS_POST.json': JSON.stringify([
          { from: 'Person:reserve-cadre-0001', to: 'Village:620423101203', role: 'MAYOR', synthetic: true },
        ]),
      },
      /HOLDS_POST\.json:1: .*role must be one of/,
    ],
    [
      'a fact that does not say whether it is real',
      {
        'nodes/Enterprise.json': JSON.stringify([
          { id: 'Enterprise:test-1', name: '某企业', leading: false, ownership: 'NON_PUBLIC' },
        ]),
      },
      /Enterprise\.json:1: synthetic: synthetic must be true or false/,
    ],
    [
      'a duplicate id',
      {
        'nodes/Enterprise.csv':
          'id,name,leading,ownership,synthetic\nEnterprise:test-1,某企业,false,NON_PUBLIC,true\nEnterprise:test-1,某企业,false,NON_PUBLIC,true\n',
      },
      /Enterprise\.csv:3: id: duplicate id Enterprise:test-1 \(first at .*Enterprise\.csv:2\)/,
    ],
    [
      'an id of another kind than its file',
      {
        'nodes/Enterprise.json': JSON.stringify([
          { id: 'Village:620423101203', name: 'x', leading: false, ownership: 'NON_PUBLIC', synthetic: true },
        ]),
      },
      /Enterprise\.json:1: id: id must look like Enterprise:<key>/,
    ],
    [
      'a relationship to an entity that exists nowhere',
      {
        'nodes/Cooperative.json': JSON.stringify([
          { id: 'Cooperative:test-1', name: '某合作社', industry: '枸杞', synthetic: true },
        ]),
        'relationships/LEADS.json': JSON.stringify([
          { from: 'PartyOrganization:no-such-org', to: 'Cooperative:test-1', synthetic: true },
        ]),
      },
      /LEADS\.json:1: .*from "PartyOrganization:no-such-org" is not an existing entity/,
    ],
  ])('refuses %s, naming the file and line, and writes nothing', async (_name, files, message) => {
    const dir = seedDir(files);
    const before = await countIds('Cooperative:test-');
    const attempt = seed(t.db, dir);
    await expect(attempt).rejects.toThrow(SeedRowError);
    await expect(attempt).rejects.toThrow(message);
    expect(await countIds('Cooperative:test-')).toBe(before);
    expect(await countIds('Enterprise:test-')).toBe(0);
  });

  it('rolls back the whole load when a write fails half-way', async () => {
    const attempt = loadRows(t.db, {
      documents: [],
      entities: [
        {
          id: 'Cooperative:test-rollback',
          label: 'Cooperative',
          props: { name: '回滚合作社', industry: '枸杞', synthetic: true },
        },
      ],
      relations: [
        {
          type: 'LEADS',
          from: 'PartyOrganization:absent',
          to: 'Cooperative:test-rollback',
          props: { synthetic: true },
        },
      ],
    });
    await expect(attempt).rejects.toThrow(/missing entity/);
    expect(await countIds('Cooperative:test-rollback')).toBe(0);
  });
});

describe('loading your own data with npm run seed -- --dir', () => {
  it('merges CSV and JSON files into the running graph and links them to existing entities', async () => {
    const dir = seedDir({
      'nodes/Enterprise.csv':
        'id,name,nameEn,leading,ownership,industry,synthetic\nEnterprise:test-goji,测试枸杞企业,Test goji company,true,NON_PUBLIC,枸杞,true\n',
      'relationships/OPERATES.json': JSON.stringify([
        { from: 'Enterprise:test-goji', to: 'Base:base-01', synthetic: true },
      ]),
    });
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/seed/cli.ts', '--dir', dir], {
      cwd: projectRoot,
      env: { ...process.env, NEO4J_URI: inject('neo4jUri'), NEO4J_PASSWORD: inject('neo4jCredentials').password },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Merged 1 entities and 1 relationships/);

    const res = await t.gql<{ node: { name: string; pinyin: string; leading: boolean; bases: { id: string }[] } }>(
      '{ node(id: "Enterprise:test-goji") { ... on Enterprise { name pinyin leading bases { id } } } }',
    );
    expect(res.body.data?.node).toEqual({
      name: '测试枸杞企业',
      pinyin: 'cè shì gǒu qǐ qǐ yè',
      leading: true,
      bases: [{ id: 'Base:base-01' }],
    });
  });

  it('reports a bad row with its file and line and exits non-zero', () => {
    const dir = seedDir({ 'nodes/Base.csv': 'id,name,synthetic\nBase:test-x,某基地,true\n' });
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/seed/cli.ts', '--dir', dir], {
      cwd: projectRoot,
      env: { ...process.env, NEO4J_URI: inject('neo4jUri'), NEO4J_PASSWORD: inject('neo4jCredentials').password },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${path.join(dir, 'nodes/Base.csv')}:2: industry: industry is required`);
  });
});
