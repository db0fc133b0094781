import type { Flag, Payload } from '@andon/core'
import { describe, expect, it } from 'vitest'
import { createLiveRegistry, flagPatch, payloadEventOf } from './live-registry.js'
import type { StreamOptions } from './stream-reader.js'

const flag = (version: number, enabled: boolean): Flag => ({
  key: 'f',
  version,
  enabled,
  variations: [false, true],
  offVariation: 0,
  fallthrough: { variation: 1 },
})

const payload: Payload = {
  schemaVersion: 1,
  environment: 'production',
  version: 5,
  flags: { f: flag(1, false) },
  segments: {},
}

describe('payloadEventOf', () => {
  it('reads put, patch and delete events and drops unparsable data', () => {
    expect(payloadEventOf({ event: 'put', id: '5', data: JSON.stringify(payload) })).toEqual({
      type: 'put',
      payload,
    })
    const patch = { kind: 'flag', key: 'f', version: 2, value: flag(2, true) }
    expect(payloadEventOf({ event: 'patch', id: '6', data: JSON.stringify(patch) })).toEqual({
      type: 'patch',
      ...patch,
      id: 6,
    })
    expect(
      payloadEventOf({ event: 'delete', id: '7', data: '{"kind":"flag","key":"f","version":3}' }),
    ).toEqual({ type: 'delete', kind: 'flag', key: 'f', version: 3, id: 7 })
    expect(payloadEventOf({ event: 'patch', id: '8', data: '{oops' })).toBeUndefined()
  })
})

describe('createLiveRegistry', () => {
  it('opens one stream per environment, follows it, and applies local writes at once', () => {
    const opened: StreamOptions[] = []
    const registry = createLiveRegistry({
      follow: (o) => {
        opened.push(o)
        return () => {}
      },
    })
    let calls = 0
    registry.subscribe('production', () => calls++)
    registry.subscribe('production', () => {})
    expect(opened.map((o) => o.url)).toEqual(['/api/v1/environments/production/stream'])

    registry.applyLocal('production', flagPatch(flag(2, true)))
    expect(registry.get('production').state.payload).toBeUndefined()

    opened[0]!.onEvent({ event: 'put', id: '5', data: JSON.stringify(payload) })
    // The local write made before the first put is replayed on top of it.
    expect(registry.get('production').state.payload?.flags.f?.enabled).toBe(true)

    opened[0]!.onEvent({
      event: 'patch',
      id: '6',
      data: JSON.stringify({ kind: 'flag', key: 'f', version: 2, value: flag(2, true) }),
    })
    expect(calls).toBe(1)
  })

  it('tells of changes the stream brings, not of local writes nor of their echo', () => {
    const opened: StreamOptions[] = []
    const changes: number[] = []
    const registry = createLiveRegistry({
      follow: (o) => {
        opened.push(o)
        return () => {}
      },
      onStreamChange: (_env, _before, after) => changes.push(after.payload?.flags.f?.version ?? -1),
    })
    registry.subscribe('production', () => {})
    const patch = (version: number, id: string) => ({
      event: 'patch',
      id,
      data: JSON.stringify({ kind: 'flag', key: 'f', version, value: flag(version, true) }),
    })
    opened[0]!.onEvent({ event: 'put', id: '5', data: JSON.stringify(payload) })
    registry.applyLocal('production', flagPatch(flag(2, true)))
    opened[0]!.onEvent(patch(2, '6'))
    opened[0]!.onEvent(patch(3, '7'))
    expect(changes).toEqual([1, 3])
  })

  it('stops every stream when closed and opens none after', () => {
    let stopped = 0
    const opened: string[] = []
    const registry = createLiveRegistry({
      follow: (o) => {
        opened.push(o.url)
        return () => stopped++
      },
    })
    registry.subscribe('production', () => {})
    registry.subscribe('staging', () => {})
    registry.close()
    registry.subscribe('development', () => {})
    expect(stopped).toBe(2)
    expect(opened).toHaveLength(2)
  })

  it('drops events that core’s stream schemas refuse', () => {
    expect(payloadEventOf({ event: 'patch', id: '9', data: '{"kind":"flag","key":"f"}' })).toBe(
      undefined,
    )
    expect(payloadEventOf({ event: 'put', id: '9', data: '{"flags":{}}' })).toBeUndefined()
  })
})
