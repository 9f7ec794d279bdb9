import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';

import { parseBookmarks } from '../../src/http/bookmarks.js';

// Shaped as Neo4j 5 issues them; the parser never looks inside.
const A = 'FB:kcwQhRyDJB8ET3ufhIi8VUrSDwGQ';
const B = 'FB:kcwQ/sOHVj8SR2yl2+zq3cfzEAWQ';

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err instanceof GraphQLError
      ? [err.extensions.code, (err.extensions.http as { status: number }).status]
      : err;
  }
  return 'no error';
}

describe('the Neo4j-Bookmarks header', () => {
  it('is optional', () => {
    expect(parseBookmarks(undefined)).toEqual([]);
    expect(parseBookmarks('')).toEqual([]);
  });

  it('holds one or more comma-separated bookmarks, across header lines, without duplicates', () => {
    expect(parseBookmarks(A)).toEqual([A]);
    expect(parseBookmarks(`${A}, ${B}`)).toEqual([A, B]);
    expect(parseBookmarks([A, `${B},${A}`])).toEqual([A, B]);
    expect(parseBookmarks(` ${A},,`)).toEqual([A]);
  });

  it.each([
    ['a space inside a bookmark', 'FB:abc def'],
    ['quotes', '"FB:abc"'],
    ['a JSON array', JSON.stringify([A])],
    ['a semicolon list', `${A};${B}`],
    ['an overlong value', `FB:${'a'.repeat(300)}`],
    ['more than 16 bookmarks', Array.from({ length: 17 }, (_, i) => `FB:${String(i)}`).join(',')],
  ])('refuses %s with BAD_USER_INPUT (400)', (_name, header) => {
    expect(codeOf(() => parseBookmarks(header))).toEqual(['BAD_USER_INPUT', 400]);
  });
});
