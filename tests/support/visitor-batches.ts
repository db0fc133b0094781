/**
 * Event batches as the browser SDK sends them: one visitor's context, a few evaluations of a
 * flag that serves it one arm of a 50/50 split, and an `errors` event with the arm's true
 * probability. Deterministic for a seed. Shared by the trust tests and `npm run bench -- guard`.
 */
import type { EventBatch } from '@andon/core'
import { seededRandom } from '../../server/src/guard/simulate.js'

export interface VisitorTraffic {
  flag: string
  /** The probability of an `errors` event in control (variation 0) and treatment (1). */
  rates: [number, number]
  seed: number
}

export interface Visitor {
  arm: 0 | 1
  batch: EventBatch
}

export function visitorStream({ flag, rates, seed }: VisitorTraffic): () => Visitor {
  const random = seededRandom(seed)
  let n = 0
  return () => {
    const arm = random() < 0.5 ? 0 : 1
    const evaluations = 1 + Math.floor(random() * 3)
    const failed = random() < rates[arm]
    n++
    return {
      arm,
      batch: {
        id: `visitor-${seed}-${n}`,
        startedAt: 1,
        endedAt: 2,
        exposures: [{ flag, variation: arm, count: evaluations }],
        metrics: failed
          ? [{ metric: 'errors', flag, variation: arm, count: 1, sum: 0, sumSquares: 0 }]
          : [],
        dropped: 0,
      },
    }
  }
}

let batches = 0

/**
 * A batch of `errors` events written compactly: `exposures` and `errors` as [variation, count]
 * pairs, each batch with a new id.
 */
export function errorBatch(
  flag: string,
  exposures: [number, number][],
  errors: [number, number][] = [],
): EventBatch {
  return {
    id: `errors-batch-${++batches}`,
    startedAt: 1,
    endedAt: 2,
    exposures: exposures.map(([variation, count]) => ({ flag, variation, count })),
    metrics: errors.map(([variation, count]) => ({
      metric: 'errors',
      flag,
      variation,
      count,
      sum: 0,
      sumSquares: 0,
    })),
    dropped: 0,
  }
}
