/**
 * What a running release plan does next, from its state, the evidence of its current step and
 * the time: a pure function, so that hours of plan run in a test in milliseconds and every
 * server process decides alike. The server calls it after each event batch and on a timer,
 * and carries out the move in one transaction with the plan's new state.
 *
 * The order of the checks is the order of their urgency: a regression stops the plan at any
 * moment of a step; a sample-ratio mismatch too (the comparison can no longer be trusted);
 * then the step holds until its time is up; then it needs traffic and its guards' samples
 * (waiting for them up to the plan's extension); only then does the next step start, after a
 * person's approval where the step asks for one.
 */
import type { ReleasePlanSettings, ReleaseStatus, ReleaseTrigger } from '@andon/core'
import { sampleRatio } from './sample-ratio.js'

export type { ReleaseStatus } from '@andon/core'
export type Trigger = ReleaseTrigger

export interface ReleaseState {
  status: ReleaseStatus
  /** The step being held: an index into the plan's steps. */
  step: number
  /** When the step began. Its hold counts from here on the wall clock, so a restart keeps it. */
  stepStartedAt: number
  /** The step a person approved to start, if one did and it has not started yet. */
  approvedStep: number | null
  /** The triggers whose action is `warn` that have warned in this step: each warns once. */
  warned: Trigger[]
}

/** What the current step has seen, counted since it began. */
export interface StepEvidence {
  /** Exposures of the released variation, and of every other. */
  released: number
  others: number
  guards: {
    metric: string
    /** What the guard does on a regression: a `notify` guard only pauses the plan. */
    action: 'disable' | 'notify'
    /** The guard judged the released variation worse (it tripped, or would). */
    regression: boolean
    /** The smaller arm's exposures in the guard's figures. */
    samples: number
    /** What the guard needs by itself (its minSamples); a step may ask for more. */
    minSamples: number
  }[]
}

export type Move =
  | { kind: 'idle' }
  | { kind: 'hold'; until: number }
  | { kind: 'extend'; until: number; lacking: string[] }
  | { kind: 'await-approval'; step: number }
  | { kind: 'advance'; step: number; percent: number }
  | { kind: 'complete' }
  | {
      kind: 'stop'
      trigger: Trigger
      action: 'rollback' | 'off' | 'pause'
      reason: string
    }

export interface Decision {
  move: Move
  /** Triggers whose action is `warn` and that warn now (once a step each). */
  warnings: { trigger: Trigger; reason: string }[]
}

const SECOND = 1000

export function nextMove(
  plan: ReleasePlanSettings,
  state: ReleaseState,
  evidence: StepEvidence,
  now: number,
): Decision {
  const warnings: Decision['warnings'] = []
  const decide = (move: Move): Decision => ({ move, warnings })
  if (state.status !== 'running' && state.status !== 'awaiting-approval') {
    return decide({ kind: 'idle' })
  }
  const step = plan.steps[state.step]
  if (step === undefined) return decide({ kind: 'complete' })

  /** A trigger's action: stop with it, or warn once and go on (undefined). */
  const trigger = (
    name: Trigger,
    action: 'rollback' | 'off' | 'pause' | 'warn',
    reason: string,
  ): Decision | undefined => {
    if (action !== 'warn') return decide({ kind: 'stop', trigger: name, action, reason })
    if (!state.warned.includes(name)) warnings.push({ trigger: name, reason })
    return undefined
  }

  const worse = evidence.guards.filter((g) => g.regression)
  if (worse.length > 0) {
    // A `disable` guard's regression applies the plan's failure action; a `notify` guard's
    // only pauses the plan, for a person to look. A plan told to only warn goes on (the guard
    // itself still does what its own action says).
    const disabling = worse.some((g) => g.action === 'disable')
    const reason = `the released variation is worse on ${worse.map((g) => g.metric).join(', ')}`
    const stopped = trigger('regression', disabling ? plan.onRegression : 'pause', reason)
    if (stopped !== undefined) return stopped
  }

  const share = step.percent / 100
  const ratio = sampleRatio(evidence.released, evidence.others, share)
  if (ratio.mismatch) {
    const reason =
      `${evidence.released} of ${evidence.released + evidence.others} exposures went to the ` +
      `released variation where ${step.percent} % were expected (chi-square ${ratio.chiSquare.toFixed(1)}, ` +
      `p = ${ratio.pValue.toExponential(1)}): assignment looks broken`
    const stopped = trigger('sample-ratio-mismatch', plan.onSampleRatioMismatch, reason)
    if (stopped !== undefined) return stopped
  }

  const holdEnds = state.stepStartedAt + step.holdSeconds * SECOND
  if (now < holdEnds) return decide({ kind: 'hold', until: holdEnds })

  const exposures = evidence.released + evidence.others
  if (exposures === 0) {
    const reason = `no exposure at all in the ${step.holdSeconds} s of step ${state.step + 1}: is the flag evaluated?`
    const stopped = trigger('no-traffic', plan.onNoTraffic, reason)
    if (stopped !== undefined) return stopped
  }

  const lacking = evidence.guards
    .filter((g) => g.samples < Math.max(g.minSamples, step.minSamples ?? 0))
    .map((g) => g.metric)
  if (lacking.length > 0 || exposures === 0) {
    const extensionEnds = holdEnds + plan.maxExtensionSeconds * SECOND
    const what = lacking.length > 0 ? lacking : ['exposures']
    if (now < extensionEnds) return decide({ kind: 'extend', until: extensionEnds, lacking: what })
    return decide({
      kind: 'stop',
      trigger: 'insufficient-data',
      action: plan.onInsufficientData,
      reason: `not enough data for ${what.join(', ')} after the hold and its extension of step ${state.step + 1}: not a pass`,
    })
  }

  const next = state.step + 1
  const following = plan.steps[next]
  if (following === undefined) return decide({ kind: 'complete' })
  if (following.approval && state.approvedStep !== next) {
    return decide({ kind: 'await-approval', step: next })
  }
  return decide({ kind: 'advance', step: next, percent: following.percent })
}
