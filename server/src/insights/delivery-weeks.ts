/**
 * Delivery metrics of the last `weeks` weeks of an environment, every week present (a week
 * without releases has zeros), oldest first: what the API answers, the admin UI charts and
 * `/metrics` exposes.
 */
import type { Store } from '../store/store.js'
import { deliveryMetrics, FAILURE_WINDOW_MS, type DeliveryWeek } from './delivery.js'
import { mondayOf, WEEK } from './periods.js'

const emptyWeek = (environment: string, week: string): DeliveryWeek => ({
  environment,
  week,
  releases: 0,
  failures: 0,
  changeFailureRate: null,
  timeToRestore: { median: null, count: 0 },
  leadTime: { median: null, count: 0 },
})

export async function deliveryWeeks(
  store: Pick<Store, 'deliveryEntries'>,
  environment: string,
  now: number,
  weeks: number,
): Promise<DeliveryWeek[]> {
  const first = mondayOf(now) - (weeks - 1) * WEEK
  // From a window earlier, so that a release undone in the first week is known as one.
  const entries = await store.deliveryEntries(environment, first - FAILURE_WINDOW_MS)
  const found = new Map(deliveryMetrics(entries).map((w) => [w.week, w]))
  return Array.from({ length: weeks }, (_, i) => {
    const week = new Date(first + i * WEEK).toISOString().slice(0, 10)
    return found.get(week) ?? emptyWeek(environment, week)
  })
}
