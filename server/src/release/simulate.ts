/**
 * Simulated releases under a plan, minute by minute: traffic split as the current step says,
 * errors drawn per arm, the guard's stratified test (one stratum a step) and the plan's next
 * move after every minute. Deterministic for a seed. Used by the release tests and by
 * `npm run bench -- release`.
 */
import { binomialSampler, seededRandom } from '../guard/simulate.js'
import { stratifiedTest, type ArmFigures, type Stratum } from '../guard/sequential-test.js'
import { nextMove, type ReleaseState, type StepEvidence } from './next-move.js'
import type { ReleasePlanSettings } from './plan-schema.js'

export interface RampSimulation {
  plan: ReleasePlanSettings
  /** Contexts evaluated per minute. */
  contextsPerMinute: number
  /** The error rate of control in each step (a level that may drift as the day goes on). */
  controlRate: (step: number) => number
  /** The released variation's error rate in each step: above control where it is bad. */
  releasedRate: (step: number) => number
  /** The guard's samples per arm before it may judge. */
  minSamples: number
  alpha: number
  /** Minutes after which the simulation ends, whatever the plan's state. */
  horizonMinutes: number
  seed: number
  /** Pool every step into one stratum: the unfair comparison, for contrast. */
  pooled?: boolean
}

export interface RampOutcome {
  /** completed, or the trigger that stopped the plan, or 'running' at the horizon. */
  end:
    | 'completed'
    | 'running'
    | 'regression'
    | 'sample-ratio-mismatch'
    | 'no-traffic'
    | 'insufficient-data'
  /** The step the plan was in when it ended. */
  step: number
  minutes: number
  /** Context-minutes served the released variation while it was worse than control. */
  badExposure: number
}

const MINUTE = 60_000

const emptyArm = (): ArmFigures => ({ n: 0, sum: 0, sumSquares: 0 })

export function simulateRamp(sim: RampSimulation): RampOutcome {
  const random = seededRandom(sim.seed)
  const samplers = new Map<string, () => number>()
  /** Binomial(n, p) draws, one sampler kept per (n, p). */
  const draw = (n: number, p: number) => {
    if (n === 0) return 0
    const id = `${n}:${p}`
    let sampler = samplers.get(id)
    if (sampler === undefined) samplers.set(id, (sampler = binomialSampler(n, p, random)))
    return sampler()
  }
  const strata: Stratum[] = []
  let state: ReleaseState = {
    status: 'running',
    step: 0,
    stepStartedAt: 0,
    approvedStep: null,
    warned: [],
  }
  let badExposure = 0
  for (let minute = 1; minute <= sim.horizonMinutes; minute++) {
    const step = sim.plan.steps[state.step]
    if (step === undefined) break
    const stratumIndex = sim.pooled ? 0 : state.step
    const stratum = (strata[stratumIndex] ??= { control: emptyArm(), treatment: emptyArm() })
    const releasedN = draw(sim.contextsPerMinute, step.percent / 100)
    const controlN = sim.contextsPerMinute - releasedN
    const controlRate = sim.controlRate(state.step)
    const releasedRate = sim.releasedRate(state.step)
    const add = (arm: ArmFigures, n: number, errors: number) => {
      arm.n += n
      arm.sum += errors
      arm.sumSquares += errors
    }
    add(stratum.control, controlN, draw(controlN, controlRate))
    add(stratum.treatment, releasedN, draw(releasedN, releasedRate))
    if (releasedRate > controlRate) badExposure += releasedN

    const current = strata[stratumIndex] as Stratum
    const samples = Math.min(
      strata.reduce((s, x) => s + x.control.n, 0),
      strata.reduce((s, x) => s + x.treatment.n, 0),
    )
    const judged =
      samples >= sim.minSamples &&
      stratifiedTest(strata, { threshold: 0, worseWhen: 'higher', alpha: sim.alpha, rate: true })
        .regression
    const evidence: StepEvidence = {
      released: sim.pooled ? releasedN : current.treatment.n,
      others: sim.pooled ? controlN : current.control.n,
      guards: [
        {
          metric: 'error',
          action: 'disable',
          regression: judged,
          samples,
          minSamples: sim.minSamples,
        },
      ],
    }
    const now = minute * MINUTE
    const { move } = nextMove(sim.plan, state, evidence, now)
    switch (move.kind) {
      case 'advance':
        state = { ...state, step: move.step, stepStartedAt: now, approvedStep: null, warned: [] }
        break
      case 'complete':
        return { end: 'completed', step: state.step, minutes: minute, badExposure }
      case 'stop':
        return { end: move.trigger, step: state.step, minutes: minute, badExposure }
      case 'await-approval':
        // Approved at once: the simulation is about the machine, not the person.
        state = { ...state, approvedStep: move.step }
        break
      default:
        break
    }
  }
  return { end: 'running', step: state.step, minutes: sim.horizonMinutes, badExposure }
}
