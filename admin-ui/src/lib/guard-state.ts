/**
 * Words for a guard's state and figures: what it is doing (waiting for samples, watching,
 * tripped and when), and each comparison against control as the sequential test sees it.
 */
import type { JsonValue } from '@andon/core'
import { formatTime } from './format-time.js'
import { formatMetric } from './guard-chart.js'
import type { Comparison, GuardStatus, VariationFigures } from './guard-model.js'
import { variationLabel } from './variations.js'

export interface StateLabel {
  /** A word or two for the badge. */
  label: string
  /** The badge's class suffix. */
  tone: 'waiting' | 'watching' | 'tripped' | 'notified'
  /** A sentence saying what it means. */
  detail: string
}

/** What the decision rests on in a variation: exposures for a rate, events for a mean. */
export function samplesOf(guard: Pick<GuardStatus, 'kind'>, figures: VariationFigures): number {
  return guard.kind === 'rate' ? figures.exposures : figures.count
}

const count = (n: number) => n.toLocaleString('en-US')

export function stateLabel(guard: GuardStatus, variations: readonly JsonValue[]): StateLabel {
  const unit = guard.kind === 'rate' ? 'exposures' : 'events'
  if (guard.state === 'tripped') {
    const when = guard.trippedAt === null ? '' : ` at ${formatTime(guard.trippedAt)}`
    return guard.action === 'disable'
      ? {
          label: 'Tripped',
          tone: 'tripped',
          detail: `A regression was found${when}: the guard switched the flag off.`,
        }
      : {
          label: 'Regression',
          tone: 'notified',
          detail: `A regression was found${when}: the team was told (notify only).`,
        }
  }
  if (guard.state === 'waiting') {
    const fewest = Math.min(...guard.variations.map((v) => samplesOf(guard, v)))
    const have = Number.isFinite(fewest) ? count(fewest) : 'none'
    return {
      label: 'Waiting',
      tone: 'waiting',
      detail: `Needs ${count(guard.minSamples)} ${unit} in every variation before deciding; the fewest so far: ${have}.`,
    }
  }
  return {
    label: 'Watching',
    tone: 'watching',
    detail: `Comparing every batch against variation ${variationLabel(variations[guard.control])} since ${formatTime(guard.since)}.`,
  }
}

/** The excess over the tolerated level in the metric's unit, signed: "+0.8 %" or "−12". */
export function excessText(guard: Pick<GuardStatus, 'kind'>, excess: number): string {
  const text = formatMetric(guard.kind, Math.abs(excess))
  return excess > 0 ? `+${text}` : excess < 0 ? `−${text}` : text
}

/** How far the likelihood ratio has come towards the bound that decides a regression. */
export function evidenceText(comparison: Comparison): string {
  const ratio = comparison.likelihoodRatio
  const shown =
    ratio >= 100
      ? ratio.toLocaleString('en-US', { maximumFractionDigits: 0 })
      : ratio >= 1
        ? ratio.toFixed(2)
        : ratio.toPrecision(2)
  const bound = Number(comparison.bound.toPrecision(6))
  return comparison.regression
    ? `${shown} ≥ ${bound}: regression`
    : `${shown} of ${bound} (${Math.min(100, (ratio / comparison.bound) * 100).toFixed(0)} %)`
}

/** The guard's settings in one sentence. */
export function guardSentence(guard: GuardStatus, variations: readonly JsonValue[]): string {
  const what = guard.kind === 'rate' ? `the rate of ${guard.metric}` : `the mean ${guard.metric}`
  const by = Number((guard.threshold * 100).toPrecision(12))
  const unit = guard.kind === 'rate' ? 'exposures' : 'events'
  const act = guard.action === 'disable' ? 'switch the flag off' : 'notify the team'
  return (
    `When ${what} is more than ${by} % ${guard.worseWhen} than in variation ${variationLabel(variations[guard.control])}, ` +
    `after ${count(guard.minSamples)} ${unit} per variation: ${act}. ` +
    `False-alarm rate (alpha): ${guard.alpha}.`
  )
}
