import { describe, expect, it } from 'vitest'
import { jsonDiff, shortJson } from './json-diff.js'

describe('jsonDiff', () => {
  it('lists changed, added and removed paths', () => {
    const before = { enabled: false, rules: [{ id: 'a' }], salt: 'x' }
    const after = { enabled: true, rules: [{ id: 'a' }, { id: 'b' }] }
    expect(jsonDiff(before, after)).toEqual([
      { path: 'enabled', kind: 'changed', before: false, after: true },
      { path: 'rules[1]', kind: 'added', after: { id: 'b' } },
      { path: 'salt', kind: 'removed', before: 'x' },
    ])
  })

  it('lists a created or deleted item field by field', () => {
    expect(jsonDiff(null, { key: 'f', version: 1 })).toEqual([
      { path: 'key', kind: 'added', after: 'f' },
      { path: 'version', kind: 'added', after: 1 },
    ])
    expect(jsonDiff({ key: 'f' }, null)).toEqual([{ path: 'key', kind: 'removed', before: 'f' }])
    expect(jsonDiff(null, 'x')).toEqual([{ path: '', kind: 'added', after: 'x' }])
  })

  it('finds nothing between equal values', () => {
    expect(jsonDiff({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([])
  })
})

describe('shortJson', () => {
  it('cuts long values', () => {
    expect(shortJson('x'.repeat(200), 10)).toHaveLength(10)
    expect(shortJson(undefined)).toBe('')
  })
})
