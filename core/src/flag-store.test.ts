import { describe, expect, it } from 'vitest'
import { COMPACT_HOLDING } from './compact-flag.js'
import { createFlagStore, type FlagStoreOptions } from './flag-store.js'
import type { Flag, Payload, Segment } from './model.js'

function flag(key: string, version: number, extra: Partial<Flag> = {}): Flag {
  return {
    key,
    version,
    enabled: true,
    variations: [false, true],
    offVariation: 0,
    fallthrough: { variation: 1 },
    ...extra,
  }
}

const beta: Segment = { key: 'beta', version: 1, included: ['user-1'] }

function payload(version: number, flags: Flag[], segments: Segment[] = []): Payload {
  return {
    schemaVersion: 1,
    environment: 'production',
    version,
    flags: Object.fromEntries(flags.map((f) => [f.key, f])),
    segments: Object.fromEntries(segments.map((s) => [s.key, s])),
  }
}

const onSegment = flag('seg-flag', 1, {
  fallthrough: { variation: 0 },
  rules: [
    {
      id: 'beta',
      clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['beta'] }],
      serve: { variation: 1 },
    },
  ],
})

const holdings: [string, FlagStoreOptions][] = [
  ['holding flags plainly', {}],
  ['holding flags compactly', { holding: COMPACT_HOLDING }],
]

describe.each(holdings)('a store %s', (_, options) => {
  const make = (p?: Payload) => createFlagStore(p, options)

  describe('createFlagStore', () => {
    it('evaluates the payload it was created with', () => {
      const store = make(payload(5, [flag('a', 1)]))
      expect(store.version).toBe(5)
      expect(store.evaluate('a', { key: 'u' }, false).value).toBe(true)
    })

    it('applies a newer patch and reports the flag and its dependents as changed', () => {
      const child = flag('child', 1, { prerequisites: [{ key: 'a', variation: 1 }] })
      const store = make(payload(5, [flag('a', 1), child]))
      const changed = store.patch(
        { kind: 'flag', key: 'a', version: 2, value: flag('a', 2, { enabled: false }) },
        6,
      )
      expect(changed.sort()).toEqual(['a', 'child'])
      expect(store.evaluate('a', { key: 'u' }, true).value).toBe(false)
      expect(store.evaluate('child', { key: 'u' }, true).reason.kind).toBe('PREREQUISITE_FAILED')
      expect(store.version).toBe(6)
    })

    it('ignores a patch that is not newer than the flag it holds', () => {
      const store = make(payload(5, [flag('a', 3)]))
      expect(
        store.patch({
          kind: 'flag',
          key: 'a',
          version: 3,
          value: flag('a', 3, { enabled: false }),
        }),
      ).toEqual([])
      expect(store.evaluate('a', { key: 'u' }, false).value).toBe(true)
    })

    it('remembers the version of a deleted flag so an older patch cannot revive it', () => {
      const store = make(payload(5, [flag('a', 3)]))
      expect(store.remove({ kind: 'flag', key: 'a', version: 4 })).toEqual(['a'])
      expect(store.patch({ kind: 'flag', key: 'a', version: 4, value: flag('a', 4) })).toEqual([])
      expect(store.evaluate('a', { key: 'u' }, false).reason).toEqual({
        kind: 'ERROR',
        errorKind: 'FLAG_NOT_FOUND',
      })
      expect(store.flagKeys()).toEqual([])
      expect(store.patch({ kind: 'flag', key: 'a', version: 5, value: flag('a', 5) })).toEqual([
        'a',
      ])
    })

    it('reports the flags that use a segment when the segment changes', () => {
      const store = make(payload(5, [onSegment, flag('other', 1)], [beta]))
      expect(store.evaluate('seg-flag', { key: 'user-2' }, false).value).toBe(false)
      const changed = store.patch(
        {
          kind: 'segment',
          key: 'beta',
          version: 2,
          value: { ...beta, version: 2, included: ['user-2'] },
        },
        6,
      )
      expect(changed).toEqual(['seg-flag'])
      expect(store.evaluate('seg-flag', { key: 'user-2' }, false).value).toBe(true)
    })

    it('reports what a put changed against what it held', () => {
      const store = make(payload(5, [flag('a', 1), flag('b', 1), onSegment], [beta]))
      const changed = store.put(
        payload(
          9,
          [flag('a', 1), flag('b', 2), flag('c', 1), onSegment],
          [{ ...beta, version: 2 }],
        ),
      )
      expect(changed.sort()).toEqual(['b', 'c', 'seg-flag'])
      expect(store.version).toBe(9)
    })

    it('serves a put at once and compiles each flag on its first evaluation', () => {
      const flags = [1, 2, 3, 4, 5].map((i) => flag('f' + i, 1, { enabled: i % 2 === 1 }))
      const store = make(payload(5, flags))
      // Nothing compiled yet: a payload given back is the one put.
      expect(store.toPayload()).toEqual(payload(5, flags))
      expect(store.evaluate('f2', { key: 'u' }, true).value).toBe(false) // compiled now
      expect(store.patch({ kind: 'flag', key: 'f5', version: 2, value: flag('f5', 2) })).toEqual([
        'f5',
      ])
      expect(['f1', 'f2', 'f3', 'f4', 'f5'].map((k) => store.evaluate(k, {}, null).value)).toEqual([
        true,
        false,
        true,
        false,
        true,
      ])
      expect(store.flagKeys().sort()).toEqual(['f1', 'f2', 'f3', 'f4', 'f5'])
    })

    it('gives back what it holds as a payload', () => {
      const store = make(payload(5, [flag('a', 1)], [beta]))
      store.patch({ kind: 'flag', key: 'b', version: 1, value: flag('b', 1) }, 6)
      store.remove({ kind: 'segment', key: 'beta', version: 2 }, 7)
      expect(store.toPayload()).toEqual(payload(7, [flag('a', 1), flag('b', 1)]))
    })
  })

  describe('flagsWatching', () => {
    it('lists the flags whose metrics name a metric, and follows patches', () => {
      const store = make(
        payload(1, [
          flag('a', 1, { metrics: ['errors'] }),
          flag('b', 1, { metrics: ['errors', 'latency'] }),
          flag('c', 1),
        ]),
      )
      expect([...store.flagsWatching('errors')].sort()).toEqual(['a', 'b'])
      expect(store.flagsWatching('latency')).toEqual(['b'])
      expect(store.flagsWatching('nothing')).toEqual([])
      store.patch({
        kind: 'flag',
        key: 'c',
        version: 2,
        value: flag('c', 2, { metrics: ['latency'] }),
      })
      expect([...store.flagsWatching('latency')].sort()).toEqual(['b', 'c'])
      store.remove({ kind: 'flag', key: 'b', version: 2 })
      expect(store.flagsWatching('latency')).toEqual(['c'])
    })
  })
})
