import { describe, expect, it } from 'vitest'
import type { RawFigures } from './assess.js'
import type { GuardSettings } from './guard-model.js'
import { judge, type JudgedGuard } from './judge.js'
import type { WindowFigures } from './window.js'

const settings = (over: Partial<GuardSettings> = {}): GuardSettings => ({
  metric: 'error',
  kind: 'rate',
  worseWhen: 'higher',
  threshold: 0,
  minSamples: 500,
  control: 0,
  action: 'disable',
  alpha: 0.05,
  ...over,
})

const rate = (exposures: number, errors: number): RawFigures => ({
  exposures,
  count: errors,
  sum: errors,
  sumSquares: errors,
})

/** Server-key figures only: nothing to leave out. */
const figures = (control: RawFigures, treatment: RawFigures): WindowFigures => ({
  totals: new Map([
    [
      0,
      new Map([
        [0, control],
        [1, treatment],
      ]),
    ],
  ]),
  candidates: new Map(),
  clientSources: 0,
  serverKeys: true,
})

const regression = figures(rate(5000, 0), rate(5000, 5000))
const alike = figures(rate(5000, 50), rate(5000, 50))

const guard = (id: number, over: Partial<JudgedGuard> = {}): JudgedGuard => ({
  id,
  settings: settings(),
  trippedAt: null,
  since: 0,
  figures: () => regression,
  ...over,
})

const flag = (guards: JudgedGuard[], enabled = true) => ({
  key: 'checkout',
  environment: 'production',
  variationCount: 2,
  enabled,
  guards,
})

describe('the guard judging a flag after a batch', () => {
  it('disables on a regression, with the figures and sources as evidence', () => {
    const [v, ...rest] = judge(flag([guard(7)]), 1234)
    expect(rest).toEqual([])
    expect(v?.guardId).toBe(7)
    expect(v?.decision).toMatchObject({ flag: 'checkout', disabled: true, at: 1234 })
    expect(v?.decision.treatment.exposures).toBe(5000)
    expect(v?.detail).toMatchObject({ decision: 'disable', variation: 1, since: 0 })
    expect(v?.decision.sources).toEqual({ clientSources: 0, serverKeys: true, leftOut: null })
  })

  it('says nothing while the arms agree', () => {
    expect(judge(flag([guard(1, { figures: () => alike })]), 0)).toEqual([])
  })

  it('lets one disable guard stop the release: later disable guards stay quiet, notify ones tell', () => {
    const notify = guard(3, { settings: settings({ action: 'notify' }) })
    const verdicts = judge(flag([guard(1), guard(2), notify]), 0)
    expect(verdicts.map((v) => [v.guardId, v.decision.disabled])).toEqual([
      [1, true],
      [3, false],
    ])
  })

  it('reads no figures for a guard that acted in its window or a disable guard of a flag that is off', () => {
    let reads = 0
    const counted = () => {
      reads++
      return regression
    }
    expect(judge(flag([guard(1, { trippedAt: 5, figures: counted })]), 0)).toEqual([])
    expect(judge(flag([guard(2, { figures: counted })], false), 0)).toEqual([])
    expect(reads).toBe(0)
  })
})
