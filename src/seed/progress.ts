/** How often a long load reports at most. */
export const PROGRESS_EVERY_MS = 2_000;

/** How far a load is: rows written of the total, and since when. */
export interface LoadProgress {
  done: number;
  total: number;
  startedAt: number;
  now: number;
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** "Loading: 45% (2,951 of 6,500 rows), 1,234 rows/s, about 3 s left". */
export function formatProgress({ done, total, startedAt, now }: LoadProgress): string {
  const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
  const seconds = Math.max(now - startedAt, 1) / 1000;
  const rate = done / seconds;
  const left = done > 0 && done < total ? `, about ${count((total - done) / rate)} s left` : '';
  return `Loading: ${String(percent)}% (${count(done)} of ${count(total)} rows), ${count(rate)} rows/s${left}`;
}

/**
 * Reports a load's progress through `report`, at most once per `everyMs` and once at the end: a
 * long load shows it is moving without flooding the log.
 */
export class ProgressReporter {
  private done = 0;
  private lastAt: number;
  private readonly startedAt: number;

  constructor(
    private readonly total: number,
    private readonly report: (line: string) => void,
    private readonly everyMs = PROGRESS_EVERY_MS,
    private readonly clock: () => number = Date.now,
  ) {
    this.startedAt = clock();
    this.lastAt = this.startedAt;
  }

  /** Counts `rows` more rows as written; reports when the interval has passed or all are done. */
  advance(rows: number): void {
    this.done += rows;
    const now = this.clock();
    if (this.done < this.total && now - this.lastAt < this.everyMs) return;
    this.lastAt = now;
    this.report(formatProgress({ done: this.done, total: this.total, startedAt: this.startedAt, now }));
  }
}
