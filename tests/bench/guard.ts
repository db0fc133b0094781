/**
 * `npm run bench -- guard`: the guard's sequential test on simulated releases.
 * A/A: 1,000 releases with no true difference (1 % errors in both arms), checked after every
 * batch of 100 exposures up to 100,000 per arm; the share switched off must stay at or below
 * alpha. Regression: 2 % against 1 %, exposures per arm until the flag is off. Then the
 * adversarial table of client-key sources (`_guard-trust.ts`).
 */
import { simulateRelease, type ReleaseSimulation } from '../../server/src/guard/simulate.js'
import { runAdversarial } from './_guard-trust.js'
import { printTable, quantile } from './_timing.js'

const RELEASES = 1000
const ALPHA = 0.05

const base: ReleaseSimulation = {
  controlRate: 0.01,
  treatmentRate: 0.01,
  batch: 100,
  maxPerArm: 100_000,
  minSamples: 500,
  test: { threshold: 0, worseWhen: 'higher', alpha: ALPHA },
  seed: 0,
}

export async function run(): Promise<void> {
  const started = performance.now()
  let aaStopped = 0
  let aaNaive = 0
  for (let i = 0; i < RELEASES; i++) {
    const outcome = simulateRelease({ ...base, seed: 1 + i })
    if (outcome.stoppedAt !== null) aaStopped++
    if (outcome.naiveFired) aaNaive++
  }
  const stoppedAt: number[] = []
  let missed = 0
  for (let i = 0; i < RELEASES; i++) {
    const outcome = simulateRelease({ ...base, treatmentRate: 0.02, seed: 1_000_001 + i })
    if (outcome.stoppedAt === null) missed++
    else stoppedAt.push(outcome.stoppedAt)
  }
  const pct = (x: number) => `${((100 * x) / RELEASES).toFixed(1)} %`
  console.log(
    `${RELEASES} simulated releases each, checked after every batch of ${base.batch} exposures per arm, alpha ${ALPHA}, minSamples ${base.minSamples}`,
  )
  printTable(
    ['scenario', 'Andon guard (mSPRT)', 'naive check (> 1.1 × control after 1,000)', 'target'],
    [
      ['A/A 1 % vs 1 %: releases switched off', pct(aaStopped), pct(aaNaive), '≤ 5 %'],
      [
        '2 % vs 1 %: exposures per arm until off, median',
        String(quantile(stoppedAt, 0.5)),
        '',
        '≤ 6,000',
      ],
      ['2 % vs 1 %: exposures per arm until off, p95', String(quantile(stoppedAt, 0.95)), '', ''],
      ['2 % vs 1 %: releases never switched off', pct(missed), '', ''],
    ],
  )
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`)
  await runAdversarial()
}
