import type { RowOrigin } from './rows.js';

/** A seed file row that cannot be loaded, with where it is (line of a CSV, item of a JSON array). */
export class SeedRowError extends Error {
  override readonly name = 'SeedRowError';

  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${String(line)}: ${message}`);
  }
}

/** The setting that caps one transaction's memory in the embedded Neo4j (src/config.ts). */
export const TRANSACTION_MEMORY_SETTING = 'NEO4J_TRANSACTION_MAX_MEMORY';

/** Where a row came from, for a message: its file and line, or its id when it was generated. */
export function rowPlace(row: { id: string; origin?: RowOrigin }): string {
  return row.origin ? `${row.origin.file}:${String(row.origin.line)}` : `the generated row ${row.id}`;
}

/** The words for a row too large for one transaction even on its own, naming the setting to raise. */
export function memoryLimitMessage(place: string): string {
  return (
    `${place}: this row alone needs more memory than one Neo4j transaction may use. ` +
    `Raise ${TRANSACTION_MEMORY_SETTING} (the embedded server's db.memory.transaction.max; ` +
    `for an external Neo4j, its own db.memory.transaction.max) or make the row smaller.`
  );
}

/** The load failed after writing had begun; `undone` says whether the database is back as it was. */
export class SeedLoadError extends Error {
  override readonly name = 'SeedLoadError';

  constructor(
    cause: unknown,
    readonly undone: boolean,
    undoFailure?: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const after = undone
      ? 'Nothing of this load was kept: the database is as it was before it.'
      : `Undoing the partial load failed too (${undoFailure instanceof Error ? undoFailure.message : String(undoFailure)}); ` +
        'the next `npm run seed` or `npm start` undoes it before anything else.';
    super(`${reason}\n${after}`, { cause });
  }
}
