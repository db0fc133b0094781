import { describe, expect, it } from 'vitest'
import {
  formatPercentage,
  movement,
  parsePercentage,
  rampOf,
  rampServe,
  serveOfRamp,
  addSplit,
  setSplitWeight,
  sliderKeyWeight,
  totalWeight,
} from './rollout.js'

describe('parsePercentage', () => {
  it.each([
    ['25', 25000],
    ['0.001', 1],
    ['12.5', 12500],
    ['100', 100000],
    ['0', 0],
    ['.5', 500],
    ['33,333', 33333],
  ])('reads %s %% as %i weight units', (text, weight) => {
    expect(parsePercentage(text)).toEqual({ weight })
  })

  it.each(['', 'abc', '-1', '100.001', '1e3', '0.0001'])('refuses %j', (text) => {
    expect(parsePercentage(text)).toHaveProperty('error')
  })
})

describe('formatPercentage', () => {
  it.each([
    [25000, '25'],
    [1, '0.001'],
    [12340, '12.34'],
    [100000, '100'],
    [0, '0'],
  ])('writes %i as %s', (weight, text) => {
    expect(formatPercentage(weight)).toBe(text)
  })
})

describe('movement', () => {
  it('counts only the contexts added when a ramp grows from 10 % to 25 %', () => {
    const m = movement(rampServe(1, 0, 10000), rampServe(1, 0, 25000))
    expect(m.moved).toBe(15000)
    expect(m.flows).toEqual([{ from: 0, to: 1, weight: 15000 }])
  })

  it('moves everyone who had another variation when a fixed variation replaces a ramp', () => {
    expect(movement(rampServe(1, 0, 25000), { variation: 0 }).moved).toBe(25000)
    expect(movement({ variation: 0 }, { variation: 1 }).moved).toBe(100000)
  })

  it('moves nothing between equivalent serves', () => {
    expect(movement({ variation: 1 }, rampServe(1, 0, 100000)).moved).toBe(0)
  })

  it('counts buckets of a reordered split that change variation', () => {
    const before = rampServe(1, 0, 50000)
    const after = rampServe(0, 1, 50000)
    expect(movement(before, after).moved).toBe(100000)
  })
})

describe('rampOf', () => {
  it('reads a two-way rollout as a ramp of its first variation', () => {
    expect(rampOf(rampServe(1, 0, 2500), 2)).toEqual({ variation: 1, otherwise: 0, weight: 2500 })
  })
  it('reads a fixed variation as a ramp at 100 %', () => {
    expect(rampOf({ variation: 1 }, 2)).toEqual({ variation: 1, otherwise: 0, weight: 100000 })
  })
  it('reads serving the first variation as a ramp of the last one at 0 %', () => {
    expect(rampOf({ variation: 0 }, 2)).toEqual({ variation: 1, otherwise: 0, weight: 0 })
  })
  it('writes ramps at 0 % and 100 % as fixed variations', () => {
    expect(serveOfRamp({ variation: 1, otherwise: 0, weight: 100000 })).toEqual({ variation: 1 })
    expect(serveOfRamp({ variation: 1, otherwise: 0, weight: 0 })).toEqual({ variation: 0 })
    expect(serveOfRamp({ variation: 1, otherwise: 0, weight: 25000 })).toEqual(
      rampServe(1, 0, 25000),
    )
  })
  it('does not read a three-way split as a ramp', () => {
    const serve = {
      rollout: {
        variations: [
          { variation: 0, weight: 30000 },
          { variation: 1, weight: 30000 },
          { variation: 2, weight: 40000 },
        ],
      },
    }
    expect(rampOf(serve, 3)).toBeUndefined()
  })
})

describe('setSplitWeight', () => {
  it('gives the last entry what the others leave, so the total stays at 100 %', () => {
    const split = [
      { variation: 0, weight: 50000 },
      { variation: 1, weight: 30000 },
      { variation: 2, weight: 20000 },
    ]
    const next = setSplitWeight(split, 0, 60000)
    expect(next.map((v) => v.weight)).toEqual([60000, 30000, 10000])
    expect(totalWeight(next)).toBe(100000)
    // Shares beyond 100 % leave the last at 0 and the total above 100 %, for the editor to refuse.
    expect(setSplitWeight(next, 1, 50000).map((v) => v.weight)).toEqual([60000, 50000, 0])
  })
})

describe('addSplit', () => {
  it('adds the first variation not in the split yet, with half of the last share', () => {
    const one = [{ variation: 1, weight: 100000 }]
    const two = addSplit(one, 3)
    expect(two).toEqual([
      { variation: 1, weight: 50000 },
      { variation: 0, weight: 50000 },
    ])
    expect(addSplit(setSplitWeight(two, 0, 30000), 3)).toEqual([
      { variation: 1, weight: 30000 },
      { variation: 0, weight: 35000 },
      { variation: 2, weight: 35000 },
    ])
  })

  it('adds nothing once every variation is in the split', () => {
    const full = [
      { variation: 0, weight: 50000 },
      { variation: 1, weight: 50000 },
    ]
    expect(addSplit(full, 2)).toEqual(full)
  })
})

describe('sliderKeyWeight', () => {
  it('moves 1 % per arrow, 0.1 % with Shift, 10 % per page, within 0 to 100 %', () => {
    expect(sliderKeyWeight(25000, 'ArrowUp', false)).toBe(26000)
    expect(sliderKeyWeight(25000, 'ArrowLeft', true)).toBe(24900)
    expect(sliderKeyWeight(95000, 'PageUp', false)).toBe(100000)
    expect(sliderKeyWeight(500, 'ArrowDown', false)).toBe(0)
    expect(sliderKeyWeight(500, 'Home', false)).toBeUndefined()
  })
})
