/**
 * Fixtures of the guard's tests: event batches written compactly, a released flag, and the
 * figures of a clear regression (10 % errors against 1 %) or of none.
 */
import type { EventBatch } from '@andon/core'
import type { Harness } from './harness.js'

let next = 0

/** `exposures`: [flag, variation, count]; `metrics`: [metric, flag, variation, count, sum?, sumSquares?]. */
export function batch(
  exposures: [string, number, number][],
  metrics: [string, string, number, number, number?, number?][] = [],
  id = `batch-${String(++next).padStart(6, '0')}`,
): EventBatch {
  return {
    id,
    startedAt: 1,
    endedAt: 2,
    exposures: exposures.map(([flag, variation, count]) => ({ flag, variation, count })),
    metrics: metrics.map(([metric, flag, variation, count, sum, sumSquares]) => ({
      metric,
      flag,
      variation,
      count,
      sum: sum ?? count,
      sumSquares: sumSquares ?? sum ?? count,
    })),
    dropped: 0,
  }
}

/** A boolean flag, on in `environment`, half the contexts on each variation. */
export async function releasedFlag(h: Harness, key: string, environment = 'production') {
  await h.call('POST', '/api/v1/flags', { body: { key } })
  const res = await h.call('PATCH', `/api/v1/flags/${key}/environments/${environment}`, {
    body: {
      enabled: true,
      fallthrough: {
        rollout: {
          variations: [
            { variation: 0, weight: 50000 },
            { variation: 1, weight: 50000 },
          ],
        },
      },
    },
  })
  if (res.status !== 200) throw new Error(`could not release ${key}: ${res.text}`)
}

/** An error-rate guard that switches the flag off (or only tells). */
export const errorGuard = (action: 'disable' | 'notify' = 'disable') => ({
  metric: 'errors',
  kind: 'rate',
  worseWhen: 'higher',
  threshold: 0,
  minSamples: 500,
  action,
})

/** 1,000 exposures per variation: 1 % errors in control, `treatmentErrors` in treatment. */
export const releaseBatch = (flag: string, treatmentErrors: number) =>
  batch(
    [
      [flag, 0, 1000],
      [flag, 1, 1000],
    ],
    [
      ['errors', flag, 0, 10],
      ['errors', flag, 1, treatmentErrors],
    ],
  )

export async function postEvents(h: Harness, body: unknown, token = h.key('production', 'server')) {
  return h.call('POST', '/sdk/v1/events', { body, token })
}
