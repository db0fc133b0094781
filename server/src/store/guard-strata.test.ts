import type { EventBatch } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../testing/harness.js'
import { booleanFlag } from '../testing/flag-fixtures.js'

const actor = { name: 'ana' }
let batches = 0

/** Exposures and errors per variation, as [control, treatment]. */
function batch(exposures: [number, number], errors: [number, number]): EventBatch {
  return {
    id: `strata-batch-${++batches}`,
    startedAt: 0,
    endedAt: 0,
    exposures: exposures.map((count, variation) => ({ flag: 'checkout', variation, count })),
    metrics: errors.map((count, variation) => ({
      flag: 'checkout',
      metric: 'error',
      variation,
      count,
      sum: count,
      sumSquares: count,
    })),
    dropped: 0,
  }
}

const split = (percent: number) => ({
  rollout: {
    variations: [
      { variation: 1, weight: percent * 1000 },
      { variation: 0, weight: 100_000 - percent * 1000 },
    ],
  },
})

async function guardedAt(percent: number) {
  const h = await createHarness()
  await h.store.createFlag(booleanFlag('checkout'), actor)
  await h.store.setGuards(
    'checkout',
    'production',
    [
      {
        metric: 'error',
        kind: 'rate',
        worseWhen: 'higher',
        threshold: 0,
        minSamples: 500,
        action: 'disable',
        alpha: 0.05,
      },
    ],
    actor,
  )
  await h.store.updateFlagConfig(
    'checkout',
    'production',
    { enabled: true, fallthrough: split(percent) },
    { actor },
  )
  return h
}

const record = async (h: Harness, b: EventBatch) =>
  h.store.recordEvents((await h.store.getEnvironment('production'))?.id as number, b, {
    clientSideOnly: false,
    source: '',
  })

const state = async (h: Harness) => (await h.store.getGuards('checkout', 'production'))?.guards[0]

describe('guard figures kept per split of traffic', () => {
  it('compares arms within each split: a level that rises as the ramp grows blames no arm', async () => {
    const h = await guardedAt(10)
    // At 10 %: errors at 1 % in both arms.
    await record(h, batch([18_000, 2_000], [180, 20]))
    // Ramped to 50 %, when errors are at 5 % for everyone (a busier hour).
    await h.store.updateFlagConfig('checkout', 'production', { fallthrough: split(50) }, { actor })
    await record(h, batch([10_000, 10_000], [500, 500]))
    const guard = await state(h)
    // Pooled, the treatment would be at 520 / 12,000 = 4.3 % against 680 / 28,000 = 2.4 %.
    expect(guard?.variations.map((v) => [v.exposures, v.count])).toEqual([
      [28_000, 680],
      [12_000, 520],
    ])
    expect(guard?.state).toBe('watching')
    expect((await h.store.getFlagConfig('checkout', 'production'))?.enabled).toBe(true)
  })

  it('still trips on a regression that shows within the splits', async () => {
    const h = await guardedAt(10)
    const first = await record(h, batch([18_000, 2_000], [180, 20]))
    expect(first.decisions).toEqual([])
    await h.store.updateFlagConfig('checkout', 'production', { fallthrough: split(50) }, { actor })
    const out = await record(h, batch([10_000, 10_000], [500, 1_000]))
    expect(out.decisions.map((d) => d.disabled)).toEqual([true])
    expect((await state(h))?.state).toBe('tripped')
  })

  it('starts a new split only when contexts move between variations', async () => {
    const h = await guardedAt(10)
    const stratum = async () => (await h.query('select stratum from guards'))[0]?.stratum
    const before = await stratum()
    await h.store.updateFlagConfig('checkout', 'production', { salt: undefined }, { actor })
    await h.store.updateFlagConfig('checkout', 'production', { fallthrough: split(10) }, { actor })
    expect(await stratum()).toBe(before)
    await h.store.updateFlagConfig('checkout', 'production', { fallthrough: split(20) }, { actor })
    expect(await stratum()).toBe((before as number) + 1)
  })
})
