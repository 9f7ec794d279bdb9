import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { projectRoot } from '../../src/config.js';

/**
 * Every Cypher query and domain rule lives under src/db/: no resolver, mutation, figure or seed
 * file writes Cypher. A heuristic over the string and template literals of each source file (not
 * its comments), with every `${…}` read as `x`:
 */
const CYPHER = [
  // a statement: a reading or writing clause, later followed by a returning or updating one;
  /\b(?:MATCH|MERGE|CREATE|UNWIND)\b[\s\S]*\b(?:RETURN|SET|DELETE|REMOVE)\b/,
  // a pattern or subquery: `MATCH (`, `EXISTS {`, a relationship `)-[`, `]->`, `<-[`;
  /\bMATCH\s*\(|\bEXISTS\s*\{|\)-\[|\]->|<-\[/,
  // a predicate over a spliced variable's property: `${v}.orgType IN …`, `${v}.leading = …`.
  /\bx\.\w+\s+(?:IN\b|CONTAINS\b|STARTS WITH\b|IS (?:NOT )?NULL\b|[<>]?=|<>)/,
];

function looksLikeCypher(text: string): boolean {
  return CYPHER.some((re) => re.test(text));
}

/** The string and template literals of a TypeScript source, substitutions read as `x`. */
function literals(source: string): string[] {
  const file = ts.createSourceFile('source.ts', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    else if (ts.isTemplateExpression(node))
      out.push(node.head.text + node.templateSpans.map((span) => `x${span.literal.text}`).join(''));
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(full);
      return entry.name.endsWith('.ts') ? [full] : [];
    })
    .sort();
}

const SRC = path.join(projectRoot, 'src');
const DB = path.join(SRC, 'db');

describe('the Cypher heuristic', () => {
  it('recognises a query moved back into a resolver, in a template with substitutions', () => {
    const source = [
      'const HISTORY = `',
      '  MATCH (c:Change {targetId: $id})',
      '  RETURN properties(c) AS change ORDER BY c.at, c.id`;',
      'const p = (v: string) => `${v}.leading = ${params.add(true)}`;',
    ].join('\n');
    expect(literals(source).map(looksLikeCypher)).toEqual([true, true]);
  });

  it('ignores messages and comments that merely use the words', () => {
    const source = [
      '// MATCH (n) RETURN n: comments are not queries',
      "throw badUserInput(`${path}.${field}: the pattern must match; return a relation`, 'pattern');",
      "const hint = 'Create the entity first, then set its name';",
    ].join('\n');
    expect(literals(source).filter(looksLikeCypher)).toEqual([]);
  });
});

describe('one home for Cypher', () => {
  it('sees the queries where they belong: each module that took them in would fail anywhere else', () => {
    const inDb = sourceFiles(DB)
      .filter((file) => literals(fs.readFileSync(file, 'utf8')).some(looksLikeCypher))
      .map((file) => path.relative(projectRoot, file));
    expect(inDb).toEqual(
      expect.arrayContaining([
        'src/db/chains.ts',
        'src/db/changes.ts',
        'src/db/figures.ts',
        'src/db/rules.ts',
        'src/db/seeds.ts',
        'src/db/writes.ts',
      ]),
    );
  });

  it('finds no Cypher in any source file outside src/db/', () => {
    const found = sourceFiles(SRC)
      .filter((file) => !file.startsWith(DB + path.sep))
      .flatMap((file) =>
        literals(fs.readFileSync(file, 'utf8'))
          .filter(looksLikeCypher)
          .map((text) => `${path.relative(projectRoot, file)}: ${text.trim().slice(0, 80)}`),
      );
    expect(found).toEqual([]);
  });
});
