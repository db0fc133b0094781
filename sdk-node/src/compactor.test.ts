import { describe, expect, it } from 'vitest'
import { createCompactor } from './compactor.js'

/** A store that records what is evaluated, and turns of the event loop run by hand. */
function rig(keys: string[]) {
  const evaluated: string[] = []
  const store = {
    keys,
    flagKeys: () => [...store.keys],
    evaluate: (key: string) => {
      evaluated.push(key)
      return { value: null, variationIndex: null, reason: { kind: 'OFF' as const } }
    },
  }
  const turns: (() => void)[] = []
  const turn = () => turns.shift()?.()
  return { store, evaluated, turns, turn }
}

describe('createCompactor', () => {
  it('evaluates every flag once, `step` flags per turn, after a put', () => {
    const { store, evaluated, turns, turn } = rig(['a', 'b', 'c', 'd', 'e'])
    createCompactor(store, 2, (run) => turns.push(run)).afterPut()
    expect(evaluated).toEqual([]) // nothing in the put's own turn
    turn()
    expect(evaluated).toEqual(['a', 'b'])
    turn()
    turn()
    expect(evaluated).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(turns).toHaveLength(0)
  })

  it('goes on with the keys of a newer put, in the same steps', () => {
    const { store, evaluated, turns, turn } = rig(['a', 'b', 'c'])
    const compactor = createCompactor(store, 2, (run) => turns.push(run))
    compactor.afterPut()
    turn()
    store.keys = ['x', 'y', 'z']
    compactor.afterPut()
    expect(turns).toHaveLength(1) // one loop of steps, not two
    turn()
    turn()
    expect(evaluated).toEqual(['a', 'b', 'x', 'y', 'z'])
  })

  it('schedules nothing for an empty store', () => {
    const { store, turns } = rig([])
    createCompactor(store, 2, (run) => turns.push(run)).afterPut()
    expect(turns).toHaveLength(0)
  })
})
