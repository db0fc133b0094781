/**
 * A guard's samples against what the current release step needs: the step ends only when each
 * guard has, in its smaller arm, the more of its own minimum and the step's.
 */
import type { GuardStatus } from './guard-model.js'
import { samplesOf } from './guard-state.js'
import type { ReleaseStep } from './release-model.js'

export interface GuardSamples {
  have: number
  need: number
  enough: boolean
}

export function guardSamples(
  guard: Pick<GuardStatus, 'kind' | 'minSamples' | 'variations'>,
  step: Pick<ReleaseStep, 'minSamples'> | undefined,
): GuardSamples {
  const fewest = Math.min(...guard.variations.map((v) => samplesOf(guard, v)))
  // An arm with no figures at all has no samples.
  const have = guard.variations.length < 2 || !Number.isFinite(fewest) ? 0 : fewest
  const need = Math.max(guard.minSamples, step?.minSamples ?? 0)
  return { have, need, enough: have >= need }
}

const count = (n: number) => n.toLocaleString('en-US')

/** "120 of 200 samples in the smaller arm". */
export function samplesText(s: GuardSamples): string {
  return `${count(s.have)} of ${count(s.need)} samples in the smaller arm`
}
