import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import type { EntityLabel } from '../../src/model/kinds.js';
import { SeedRowError } from '../../src/seed/errors.js';
import { validateRows } from '../../src/seed/files.js';
import { DEFAULT_SEED_DIR, readSeedSet } from '../../src/seed/index.js';

/** A seed folder with the given files (paths relative to the folder). */
function seedDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jingtai-seed-unit-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

// What the database would report for the entities these folders refer to but do not define.
const KNOWN = new Map<string, EntityLabel>([
  ['Village:620423101203', 'Village'],
  ['Person:reserve-cadre-0001', 'Person'],
  ['Base:base-01', 'Base'],
]);

/** Reads and validates a folder as `npm run seed` does, without a database. */
function check(files: Record<string, string>): void {
  const set = readSeedSet(seedDir(files));
  validateRows(set.entities, set.relations, KNOWN);
}

describe('the Jingtai seeds', () => {
  const set = readSeedSet(DEFAULT_SEED_DIR);

  it('are generated deterministically: two reads give the same graph', () => {
    expect(readSeedSet(DEFAULT_SEED_DIR)).toEqual(set);
  });

  it('give every person a role-code pseudonym and mark every person synthetic', () => {
    const people = set.entities.filter((e) => e.label === 'Person');
    expect(people.length).toBeGreaterThan(1800);
    for (const p of people) {
      expect(p.props.synthetic).toBe(true);
      expect(String(p.props.name)).toMatch(/^[\u4e00-\u9fff]+-\d{2,4}$/);
    }
  });

  it('name every generated organisation as simulated, and keep the real ones unmarked', () => {
    const orgs = set.entities.filter((e) =>
      ['Cooperative', 'Enterprise', 'Base', 'SocialOrganization', 'PartyOrganization'].includes(e.label),
    );
    for (const o of orgs) {
      if (o.props.synthetic === true) expect(String(o.props.name)).toMatch(/（模拟）$|党组织$/);
      else expect(String(o.props.name)).not.toContain('模拟');
    }
    expect(orgs.filter((o) => o.props.synthetic === false).map((o) => o.props.name)).toEqual(['中共景泰县委']);
  });

  it('link every article-derived entity and relationship to a sentence', () => {
    for (const e of set.entities.filter(
      (x) => !['Prefecture', 'County', 'Township', 'Village', 'Community'].includes(x.label),
    )) {
      expect(e.evidence?.length, e.id).toBeGreaterThan(0);
    }
    for (const r of set.relations.filter((x) => x.type !== 'PART_OF' || x.props.evidence !== undefined)) {
      expect(String(r.props.evidence), `${r.type} ${r.from}`).toMatch(/^Sentence:xibaiyin-2020-04-23:\d+$/);
    }
  });

  it('pass the validation every load runs, with nothing known beforehand', () => {
    expect(() => validateRows(set.entities, set.relations)).not.toThrow();
  });
});

describe('seed-row validation, before any database', () => {
  it('accepts a good folder that links to entities the database already has', () => {
    expect(() =>
      check({
        'nodes/Enterprise.csv':
          'id,name,leading,ownership,industry,synthetic\nEnterprise:test-goji,测试枸杞企业,true,NON_PUBLIC,枸杞,true\n',
        'relationships/OPERATES.json': JSON.stringify([
          { from: 'Enterprise:test-goji', to: 'Base:base-01', synthetic: true },
        ]),
      }),
    ).not.toThrow();
  });

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
        'relationships/HOLDS_POST.csv':
          'from,to,role,since,until,synthetic\nPerson:reserve-cadre-0001,Village:620423101203,RESERVE_CADRE,2020-05,2019,true\n',
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
      'a duplicate relationship',
      {
        'relationships/CONTACTS.csv':
          'from,to,synthetic\nPerson:reserve-cadre-0001,Village:620423101203,true\nPerson:reserve-cadre-0001,Village:620423101203,true\n',
      },
      /CONTACTS\.csv:3: duplicate relationship/,
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
        'relationships/LEADS.json': JSON.stringify([
          { from: 'PartyOrganization:no-such-org', to: 'Village:620423101203', synthetic: true },
        ]),
      },
      /LEADS\.json:1: .*from "PartyOrganization:no-such-org" is not an existing entity/,
    ],
  ])('refuses %s, naming the file and line', (_name, files, message) => {
    expect(() => check(files)).toThrow(SeedRowError);
    expect(() => check(files)).toThrow(message);
  });

  it('refuses a relationship to an entity the database does not know, even if it would exist later', () => {
    const files = {
      'relationships/OPERATES.json': JSON.stringify([
        { from: 'Enterprise:not-yet', to: 'Base:base-01', synthetic: true },
      ]),
    };
    expect(() => check(files)).toThrow(/is not an existing entity/);
  });
});
