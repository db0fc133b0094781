import { describe, expect, it } from 'vitest'
import { createFlagStore } from '@andon/core'
import type { AndonSdkError } from './errors.js'
import { createEvaluations } from './evaluations.js'
import type { Events } from './events.js'
import { boolFlag, payloadOf } from '../../tests/sdk-node/fixtures.js'

function rig() {
  const store = createFlagStore(
    payloadOf(1, [boolFlag('on', 1, true), { ...boolFlag('watched', 1, true), metrics: ['m'] }]),
  )
  const exposures: [string, number][] = []
  const metrics: unknown[][] = []
  const warnings: AndonSdkError[] = []
  const events = {
    exposure: (flag: string, variation: number) => exposures.push([flag, variation]),
    metric: (...args: unknown[]) => metrics.push(args),
  } as unknown as Events
  let sending = true
  const evaluations = createEvaluations(store, {
    events: () => (sending ? events : undefined),
    warn: (e) => warnings.push(e),
  })
  return { evaluations, exposures, metrics, warnings, stop: () => (sending = false) }
}

const ctx = { key: 'user-1' }

describe('the evaluations of the Node client', () => {
  it('count an exposure for each variation served, none for a default', () => {
    const { evaluations, exposures } = rig()
    expect(evaluations.isEnabled('on', ctx)).toBe(true)
    expect(evaluations.variation('on', ctx, false)).toBe(true)
    expect(evaluations.variation('on', ctx, 'text')).toBe('text') // WRONG_TYPE: no exposure
    expect(evaluations.stringVariation('on', ctx, 'text')).toBe('text')
    expect(evaluations.variation('missing', ctx, false)).toBe(false)
    expect(evaluations.allFlags(ctx)).toEqual({ on: true, watched: true }) // not exposures
    const on = exposures.filter(([flag]) => flag === 'on')
    expect(on).toEqual([
      ['on', 1],
      ['on', 1],
    ])
    expect(exposures).toHaveLength(2)
  })

  it('attribute a tracked event to the variation each watching flag serves', () => {
    const { evaluations, metrics, exposures } = rig()
    evaluations.track('m', ctx, 12)
    evaluations.track('unwatched', ctx)
    expect(metrics).toEqual([['m', 'watched', 1, 12]])
    expect(exposures).toEqual([])
  })

  it('warn once about values that are not finite numbers, and drop them', () => {
    const { evaluations, metrics, warnings } = rig()
    evaluations.track('m', ctx, Number.NaN)
    evaluations.track('m', ctx, Infinity)
    expect(metrics).toEqual([])
    expect(warnings.map((w) => w.kind)).toEqual(['invalid-event'])
  })

  it('count nothing once there is nowhere to send it', () => {
    const { evaluations, exposures, stop } = rig()
    stop()
    expect(evaluations.isEnabled('on', ctx)).toBe(true)
    evaluations.track('m', ctx)
    expect(exposures).toEqual([])
  })
})
