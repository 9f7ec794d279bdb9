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
