/**
 * Collects query parameters and hands out their placeholders: filter values only ever reach
 * Cypher as `$p0`, `$p1`..., never as text. A prefix keeps the parameters of several planned
 * fields apart when they share one query (`$q1_p0`).
 */
export class Params {
  readonly values: Record<string, unknown> = {};
  private next = 0;

  constructor(private readonly prefix = '') {}

  add(value: unknown): string {
    const key = `${this.prefix}p${String(this.next++)}`;
    this.values[key] = value;
    return `$${key}`;
  }
}
