/**
 * Months as the generator and the invariants handle them: `YYYY-MM` strings, counted as integers
 * (year × 12 + month − 1) so that "six months later" and "a month between two others" are plain
 * arithmetic. Partial dates (`2019`, `2019-07`, `2019-07-15`) are read by their first month.
 */

/** The month index of a partial date: `2019` is January 2019, `2019-07-15` is July 2019. */
export function monthIndex(date: string): number {
  const [y, m] = date.split('-');
  return Number(y) * 12 + (m ? Number(m) - 1 : 0);
}

/** The last month a partial date can mean: `2019` is December 2019. */
export function lastMonthIndex(date: string): number {
  const [y, m] = date.split('-');
  return Number(y) * 12 + (m ? Number(m) - 1 : 11);
}

/** The `YYYY-MM` of a month index. */
export function monthOf(index: number): string {
  return `${String(Math.floor(index / 12))}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The year of a partial date. */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
