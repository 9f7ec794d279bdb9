import { buildSchema, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';

import { FIELD_PLANS } from '../../src/db/planner/fields.js';
import { MODEL_VILLAGES_PROGRAM } from '../../src/db/rules.js';
import { loadTypeDefs } from '../../src/schema.js';
import { DEFAULT_SEED_DIR, readSeedSet } from '../../src/seed/index.js';

const schema = buildSchema(loadTypeDefs());

/**
 * Fields computed by a domain rule from facts that are all real, each with the reason. Any other
 * computed field must carry its provenance in a `<field>Synthetic` companion.
 */
const REAL_ONLY: Record<string, string> = {
  'Village.modelVillage': 'the article names the three model villages: their IMPLEMENTS links are real',
};

// Relationship lists whose links may be synthetic though both ends are real, and the field giving the links.
const LINK_FIELDS: Record<string, string> = {
  'Village.programs': 'Village.programLinks',
  'Program.implementers': 'Program.implementations',
};

describe('every value computed from a synthetic fact says so', () => {
  it('gives each rule-computed field a `…Synthetic` companion, or a reason it rests on real facts only', () => {
    const rules = Object.entries(FIELD_PLANS).flatMap(([type, fields]) =>
      Object.entries(fields)
        .filter(([, plan]) => plan.kind === 'rule')
        .map(([field]) => ({ type, field })),
    );
    expect(rules.length).toBeGreaterThan(0);
    for (const { type, field } of rules) {
      if (field.endsWith('Synthetic')) continue;
      const object = schema.getType(type);
      if (!isObjectType(object)) throw new Error(`${type} is not an object type`);
      const companion = object.getFields()[`${field}Synthetic`];
      expect(companion !== undefined || REAL_ONLY[`${type}.${field}`] !== undefined, `${type}.${field}`).toBe(true);
    }
  });

  it('backs each real-only reason with the seeds: the model-village links are real', () => {
    const links = readSeedSet(DEFAULT_SEED_DIR).relations.filter(
      (r) => r.type === 'IMPLEMENTS' && r.to === MODEL_VILLAGES_PROGRAM && r.from.startsWith('Village:'),
    );
    expect(links.length).toBe(3);
    expect(links.every((r) => r.props.synthetic === false)).toBe(true);
  });

  it('offers the links, with their own `synthetic`, beside every list of programs and implementers', () => {
    for (const [list, links] of Object.entries(LINK_FIELDS)) {
      const [type, field] = links.split('.') as [string, string];
      const object = schema.getType(type);
      if (!isObjectType(object)) throw new Error(`${type} is not an object type`);
      const fields = object.getFields();
      const linkType = fields[field]?.type.toString().replace(/[[\]!]/g, '');
      const linkObject = linkType ? schema.getType(linkType) : undefined;
      expect(isObjectType(linkObject) && linkObject.getFields().synthetic !== undefined, list).toBe(true);
      expect(FIELD_PLANS[type]?.[field]?.kind, `${links} is planned`).toBe('relations');
    }
  });
});
