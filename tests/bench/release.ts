/**
 * `npm run bench -- release`: release plans on simulated traffic (server/src/release/
 * simulate.ts): 2,000 contexts a minute, 1 % errors in control, the `standard` template, one
 * `error` guard (minSamples 500, alpha 0.05), checked every minute. Good releases (A/A); bad
 * ones, 2 % errors from a given step on; and an A/A release whose error level rises from 1 %
 * to 3 % as the ramp goes on, judged with one stratum a step and pooled. Exposure to the bad
 * variation is compared over the same horizon with a big-bang release (100 % at once, nothing
 * to compare against) and a manual ramp on the same schedule with no guard.
 */
import { releasePlanBody } from '../../server/src/release/plan-schema.js'
import { simulateRamp, type RampSimulation } from '../../server/src/release/simulate.js'
import { printTable } from './_timing.js'

const RELEASES = Number(process.env.RELEASE_BENCH_RELEASES ?? 1000)
const PER_MINUTE = 2000
const HORIZON = 8 * 60

const plan = releasePlanBody.parse({ variation: 1, template: 'standard' })
const steps = plan.steps

const base: Omit<RampSimulation, 'seed'> = {
  plan,
  contextsPerMinute: PER_MINUTE,
  controlRate: () => 0.01,
  releasedRate: () => 0.01,
  minSamples: 500,
  alpha: 0.05,
  horizonMinutes: HORIZON,
}

/** Context-minutes on the bad variation within the horizon when nothing stops it. */
function unstoppedExposure(badFrom: number, schedule: 'big-bang' | 'manual'): number {
  if (schedule === 'big-bang') return PER_MINUTE * HORIZON
  let minute = 0
  let exposure = 0
  steps.forEach((step, i) => {
    const last = i === steps.length - 1
    const minutes = last ? HORIZON - minute : Math.min(step.holdSeconds / 60, HORIZON - minute)
    if (i >= badFrom) exposure += (PER_MINUTE * step.percent * minutes) / 100
    minute += minutes
  })
  return exposure
}

const pct = (x: number, of: number) => `${((100 * x) / of).toFixed(1)} %`
const thousands = (x: number) => Math.round(x).toLocaleString('en-US')

export async function run(): Promise<void> {
  const started = performance.now()
  let completed = 0
  for (let i = 0; i < RELEASES; i++) {
    if (simulateRamp({ ...base, seed: 1 + i }).end === 'completed') completed++
  }
  const badRows: string[][] = []
  let badStopped = 0
  let badTotal = 0
  for (let badFrom = 0; badFrom < steps.length - 1; badFrom++) {
    let stopped = 0
    let exposure = 0
    for (let i = 0; i < RELEASES; i++) {
      const o = simulateRamp({
        ...base,
        releasedRate: (step) => (step >= badFrom ? 0.02 : 0.01),
        seed: 100_000 * (badFrom + 1) + i,
      })
      if (o.end !== 'completed' && o.end !== 'running') stopped++
      exposure += o.badExposure
    }
    badStopped += stopped
    badTotal += RELEASES
    badRows.push([
      `bad from step ${badFrom + 1} (${steps[badFrom]?.percent} %)`,
      pct(stopped, RELEASES),
      thousands(exposure / RELEASES),
      thousands(unstoppedExposure(badFrom, 'manual')),
      thousands(unstoppedExposure(badFrom, 'big-bang')),
    ])
  }
  const drifting = {
    controlRate: (s: number) => 0.01 + s * 0.005,
    releasedRate: (s: number) => 0.01 + s * 0.005,
  }
  let stratifiedStops = 0
  let pooledStops = 0
  for (let i = 0; i < RELEASES; i++) {
    if (simulateRamp({ ...base, ...drifting, seed: 7_000_000 + i }).end === 'regression')
      stratifiedStops++
    if (
      simulateRamp({ ...base, ...drifting, pooled: true, seed: 7_000_000 + i }).end === 'regression'
    )
      pooledStops++
  }

  console.log(
    `${RELEASES} simulated releases each; ${PER_MINUTE} contexts a minute; template standard (${steps.map((s) => `${s.percent} % for ${s.holdSeconds / 60} min`).join(' → ')}); horizon ${HORIZON / 60} h`,
  )
  printTable(
    ['good releases (A/A, 1 % errors)', 'share that reached 100 %', 'target'],
    [['', pct(completed, RELEASES), '≥ 95 %']],
  )
  printTable(
    [
      'bad releases (2 % vs 1 % errors)',
      'stopped before 100 %',
      'context-minutes on the bad variation, plan',
      'manual ramp, no guard',
      'big-bang to 100 %',
    ],
    [...badRows, ['all of them', pct(badStopped, badTotal), '', '', '']],
  )
  printTable(
    ['A/A while errors rise 1 % → 3 % over the ramp', 'releases stopped as regressions', 'target'],
    [
      ['one stratum a step (what the guards do)', pct(stratifiedStops, RELEASES), '≤ 5 %'],
      ['all steps pooled in one window', pct(pooledStops, RELEASES), ''],
    ],
  )
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`)
}
