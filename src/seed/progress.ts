/** How often a long load reports at most. */
export const PROGRESS_EVERY_MS = 2_000;

/** How far a load is: rows written of the total, and since when. */
export interface LoadProgress {
  done: number;
  total: number;
  startedAt: number;
  now: number;
}

/** A count as the progress lines write it: rounded, with thousands separators (2,951). */
export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Whether a line is due: true at most once per `everyMs` (from now on), false in between. */
export function throttle(everyMs = PROGRESS_EVERY_MS, clock: () => number = Date.now): () => boolean {
  let last = clock();
  return () => {
    const now = clock();
    if (now - last < everyMs) return false;
    last = now;
    return true;
  };
}

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
  private readonly startedAt: number;
  private readonly due: () => boolean;

  constructor(
    private readonly total: number,
    private readonly report: (line: string) => void,
    everyMs = PROGRESS_EVERY_MS,
    private readonly clock: () => number = Date.now,
  ) {
    this.startedAt = clock();
    this.due = throttle(everyMs, clock);
  }

  /** Counts `rows` more rows as written; reports when the interval has passed or all are done. */
  advance(rows: number): void {
    this.done += rows;
    if (this.done < this.total && !this.due()) return;
    this.report(formatProgress({ done: this.done, total: this.total, startedAt: this.startedAt, now: this.clock() }));
  }
}
