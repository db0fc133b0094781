import { describe, expect, it } from 'vitest'
import { compactFlag } from './compact.js'

const flag = (key: string) => ({
  key,
  version: 3,
  enabled: true,
  variations: [false, true],
  offVariation: 0,
  targets: [],
  rules: [{ id: 'r', clauses: [], serve: { variation: 1 } }],
  fallthrough: { rollout: { variations: [{ variation: 1, weight: 100000 }] } },
})

describe('compactFlag', () => {
  it('keeps a flag equal as JSON', () => {
    const raw = flag('a')
    expect(JSON.stringify(compactFlag('a', raw))).toBe(JSON.stringify(raw))
  })

  it('shares variations, serves and empty lists between flags', () => {
    const a = compactFlag('a', flag('a')) as ReturnType<typeof flag>
    const b = compactFlag('b', flag('b')) as ReturnType<typeof flag>
    expect(a.variations).toBe(b.variations)
    expect(a.fallthrough).toBe(b.fallthrough)
    expect(a.targets).toBe(b.targets)
    expect(Object.isFrozen(a.fallthrough.rollout.variations[0])).toBe(true)
  })

  it('keeps what it cannot copy safely as it is', () => {
    const proto = JSON.parse('{"key":"p","__proto__":{"x":1}}')
    expect(compactFlag('p', proto)).toBe(proto)
    let deep: unknown = 0
    for (let i = 0; i < 100_000; i++) deep = [deep]
    const nested = { key: 'n', fallthrough: deep }
    expect(compactFlag('n', nested)).toBe(nested)
    expect(compactFlag('x', 'not a flag')).toBe('not a flag')
  })
})
