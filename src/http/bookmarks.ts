import type { ApolloServerPlugin } from '@apollo/server';

import type { Context } from '../context.js';
import { badUserInput } from '../errors.js';

/**
 * Read-your-writes across API instances (README, "Running several instances"). A mutation's
 * answer carries `extensions.bookmarks`, the Neo4j bookmarks of the transaction it committed; a
 * client that sends them back in this header on a later request, through any instance, gets
 * transactions that start no earlier than that write, even when a cluster routes the read to a
 * member that has not caught up yet (Neo4j waits for it). Without the header an instance only
 * chains its own transactions (src/db/database.ts), and a read through another instance is
 * eventually consistent.
 */
export const BOOKMARKS_HEADER = 'neo4j-bookmarks';

// Bookmarks are opaque to clients; Neo4j 5's are short base64-like tokens (`FB:kcwQ…`). This only
// keeps out what cannot be one: what passes is checked by Neo4j itself (src/db/database.ts
// translates its refusal to BAD_USER_INPUT).
const BOOKMARK = /^[\w:+/=.-]{1,256}$/;
const MAX_BOOKMARKS = 16;

/**
 * The bookmarks of a `Neo4j-Bookmarks` header: a comma-separated list (several header lines are
 * joined with commas, as HTTP lists are). Empty elements are ignored; anything else that is not a
 * bookmark is BAD_USER_INPUT, before any Cypher runs.
 */
export function parseBookmarks(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  const values = (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  if (values.length > MAX_BOOKMARKS) {
    throw badUserInput(`The Neo4j-Bookmarks header holds more than ${String(MAX_BOOKMARKS)} bookmarks.`);
  }
  for (const value of values) {
    if (!BOOKMARK.test(value)) {
      throw badUserInput(
        'The Neo4j-Bookmarks header must be the comma-separated bookmarks of an earlier answer (its extensions.bookmarks).',
      );
    }
  }
  return [...new Set(values)];
}

/** Adds `extensions.bookmarks` to the answer of an operation that committed a write. */
export const bookmarksPlugin: ApolloServerPlugin<Context> = {
  requestDidStart() {
    return Promise.resolve({
      willSendResponse({ response, contextValue }) {
        const written = contextValue.log.written;
        if (response.body.kind !== 'single' || written.length === 0) return Promise.resolve();
        const result = response.body.singleResult;
        result.extensions = { ...result.extensions, bookmarks: written };
        return Promise.resolve();
      },
    });
  },
};
