import type { Flag, Payload } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { staleQueries } from './live-invalidation.js'
import type { PayloadState } from './payload-state.js'

const flag = (key: string, version: number, enabled = true, variations = [false, true]): Flag => ({
  key,
  version,
  enabled,
  variations,
  offVariation: 0,
  fallthrough: { variation: 1 },
})

function state(version: number, flags: Flag[], segments: Payload['segments'] = {}): PayloadState {
  return {
    deleted: {},
    payload: {
      schemaVersion: 1,
      environment: 'production',
      version,
      flags: Object.fromEntries(flags.map((f) => [f.key, f])),
      segments,
    },
  }
}

describe('staleQueries', () => {
  const a = flag('a', 1)
  const b = flag('b', 4)
  const before = state(10, [a, b])

  it('marks nothing stale on the first payload', () => {
    expect(staleQueries('production', { payload: undefined, deleted: {} }, before)).toEqual([])
  })

  it('reloads a flag’s guards, release plan and change requests on a new version, and asks why when it was switched off', () => {
    expect(staleQueries('production', before, state(11, [a, flag('b', 5)]))).toEqual([
      ['audit', 'log'],
      ['guards', 'b', 'production'],
      ['release', 'b', 'production'],
      ['change-requests', 'production'],
    ])
    expect(staleQueries('production', before, state(11, [a, flag('b', 5, false)]))).toEqual([
      ['audit', 'log'],
      ['guards', 'b', 'production'],
      ['release', 'b', 'production'],
      ['change-requests', 'production'],
      ['audit', 'off'],
    ])
  })

  it('reloads the flag list when a flag comes, goes or changes its variations', () => {
    const c = flag('c', 1)
    expect(staleQueries('production', before, state(11, [a, b, c]))).toContainEqual(['flags'])
    expect(staleQueries('production', before, state(11, [a]))).toContainEqual(['flags'])
    const renamed = flag('b', 5, true, [false, true, 'maybe' as never])
    expect(staleQueries('production', before, state(11, [a, renamed]))).toContainEqual(['flags'])
  })

  it('reloads the segment list and the segment on a segment change', () => {
    const segment = { key: 'beta', version: 2 }
    expect(staleQueries('production', before, state(11, [a, b], { beta: segment }))).toEqual([
      ['audit', 'log'],
      ['segments', 'production'],
      ['segment', 'production', 'beta'],
    ])
  })
})
