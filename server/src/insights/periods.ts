/** The lengths of the buckets insights count in, and where a period of them starts (UTC). */
export const HOUR = 60 * 60 * 1000
export const DAY = 24 * HOUR
export const WEEK = 7 * DAY

/** The start of the bucket of `size` that holds `now`, and `count - 1` buckets before it. */
export const startOf = (now: number, count: number, size: number) =>
  now - (now % size) - (count - 1) * size

/** The start of the Monday (UTC) of the week of `at`. */
export function mondayOf(at: number): number {
  const day = at - (at % DAY)
  return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY
}
